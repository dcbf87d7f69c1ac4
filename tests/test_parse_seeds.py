import datetime as dt

import pytest

from searcher.models import Contact
from searcher.parse import parse_file

SEED_000 = "000_97013a9233346326.txt"
SEED_003 = "003_c79be066c681028f.txt"


@pytest.fixture(scope="module")
def r000(seeds_dir):
    return parse_file(seeds_dir / SEED_000, root=seeds_dir)


@pytest.fixture(scope="module")
def r003(seeds_dir):
    return parse_file(seeds_dir / SEED_003, root=seeds_dir)


def test_000_header(r000):
    assert r000.id == SEED_000
    assert r000.issuer == "Sächsisches Staatsministerium für Soziales, Gesundheit und Gesellschaftlichen Zusammenhalt"
    assert r000.date == dt.date(2023, 1, 27)
    assert r000.title == "»Verbändegespräch Integration«: Attraktive Rahmenbedingungen und individuelle Lebensqualität erforderlich"
    assert r000.subtitle.startswith("Staatsministerin Köpping: »Wir werden auch zukünftig")
    assert r000.issuer_key == "sms"
    assert r000.issuer_aliases == ("SMS", "sms.sachsen.de")
    assert r000.warnings == ()


def test_000_contact(r000):
    assert r000.contacts == (
        Contact(name="Juliane Morgenroth", phone="+49 351 564 55055", fax="+49 351 564 55060",
                email="presse@sms.sachsen.de"),
    )


def test_000_persons_and_quotes(r000):
    assert r000.persons_quoted == ("Petra Köpping",)
    for q in r000.quotes:
        assert getattr(r000, q.field)[q.start:q.end] == q.text
    sub = [q for q in r000.quotes if q.field == "subtitle"]
    assert sub and sub[0].speaker == "Petra Köpping" and sub[0].role == "Staatsministerin"
    assert any(q.kind == "indirect" and q.text.startswith("dass die Aufnahme") for q in r000.quotes)
    # the unbalanced » (opened twice, closed once) is one quote
    body_direct = [q for q in r000.quotes if q.field == "body" and q.kind == "direct"]
    assert len(body_direct) == 1 and body_direct[0].text.endswith("mit ganzer Kraft.")
    # event names in quotation marks are not quotes
    assert not any("Verbändegespräch" in q.text for q in r000.quotes)


def test_000_body_clean(r000):
    body = r000.body
    for noise in ("**", "##", "Hausanschrift", "Albertstraße", "01097 Dresden", "www.sms.sachsen.de",
                  "Straßenbahnlinien", "Kein Zugang", "Morgenroth", "presse@", "\\"):
        assert noise not in body, noise
    assert body.startswith("Es entspricht guter Tradition in Sachsen")
    assert body.endswith("über das Leben in Sachsen geben.")


def test_003_header_and_contact(r003):
    assert r003.issuer == "Zentrum für Fachkräftesicherung und Gute Arbeit Sachsen"
    assert r003.date == dt.date(2026, 6, 30)
    assert r003.title == "Breites Bündnis stärkt Integration in den sächsischen Arbeitsmarkt"
    assert r003.subtitle == ""
    assert r003.contacts == (
        Contact(name="Tina Hellmann", phone="+49 371 256201840", email="tina.hellmann@zefas.sachsen.de"),
    )
    assert r003.issuer_aliases == ("ZEFAS", "zefas.sachsen.de")


def test_003_persons_and_roles(r003):
    assert r003.persons_quoted == ("Sebastian Vogel",)
    q = r003.quotes[0]
    assert q.role == "Leiter des Zentrums für Fachkräftesicherung und Gute Arbeit (ZEFAS)"
    assert all(r003.body[q.start:q.end] == q.text for q in r003.quotes)
    assert len([q for q in r003.quotes if q.kind == "direct"]) == 2


def test_003_body_sidebar_removed_and_sentence_joined(r003):
    body = r003.body
    assert "In den kommenden Jahren werden zahlreiche Beschäftigte altersbedingt" in body
    for noise in ("Hausanschrift", "Stadlerstr. 14", "Kein Zugang für verschlüsselte", "09126", "https://", "Links:"):
        assert noise not in body, noise
    assert "Hintergrund:" in body
    assert r003.links == ("Zentrum für Fachkräftesicherung und Gute Arbeit",)
