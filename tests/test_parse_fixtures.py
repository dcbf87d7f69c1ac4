import datetime as dt
import time

import pytest

from searcher.errors import ParseError
from searcher.parse import SUPPORTED_SUFFIXES, parse_bytes, parse_file, parse_text


@pytest.fixture
def fx(request):
    from conftest import FIXTURES
    return FIXTURES


def test_supported_suffixes():
    assert SUPPORTED_SUFFIXES == {".txt", ".md", ".jsonl", ".csv", ".pdf", ".html", ".htm",
                                  ".rss", ".atom", ".xml", ".eml", ".mbox"}


def test_police_release_header_line_and_two_line_title(fx):
    r = parse_file(fx / "police_leipzig.txt")
    assert r.id == "police_leipzig.txt"
    assert r.issuer == "Polizeidirektion Leipzig"
    assert r.number == "412/2024"
    assert r.date == dt.date(2024, 3, 14)
    assert r.title == "Einbruch in Schule: Täter erbeuten Laptops"
    assert r.contacts == ()
    assert r.persons_quoted == ("Anna-Lena Müller-Schmidt",)
    q = r.quotes[0]
    assert q.role == "Polizeisprecherin Dr." and r.body[q.start:q.end] == q.text == "Wir nehmen solche Taten sehr ernst"


def test_no_contact_date_in_header_quote_over_two_paragraphs(fx):
    r = parse_file(fx / "city_no_contact.md", root=fx.parent)
    assert r.id == "fixtures/city_no_contact.md"
    assert r.issuer == "Stadt Musterhausen" and r.number == "17/2024"
    assert r.date == dt.date(2024, 5, 2)
    assert r.title == "Neuer Spielplatz im Stadtpark eröffnet"
    direct = [q for q in r.quotes if q.kind == "direct"]
    assert len(direct) == 2 and {q.speaker for q in direct} == {"Klaus Beispielmann"}
    assert direct[0].role == "Oberbürgermeister"
    assert any(q.kind == "indirect" and q.speaker == "Klaus Beispielmann" for q in r.quotes)
    assert not any("Spielen verbindet" in q.text for q in r.quotes)
    assert r.persons_quoted == ("Klaus Beispielmann",)


def test_sidebar_with_postfach_and_bus_line_cut_sentence(fx):
    r = parse_file(fx / "sidebar_cut.txt")
    assert "Die Stationen liefern künftig alle zehn Minuten Daten zur Luftqualität." in r.body
    for noise in ("Postanschrift", "Musterweg", "Buslinie", "Kein Zugang", "www."):
        assert noise not in r.body
    assert r.subtitle == ""
    assert r.contacts[0].name == "Jonas Exempel" and r.contacts[0].fax == "+49 341 1234 568"
    # "Muster ergänzte" resolves to the full name; titles stay out of the name
    assert r.persons_quoted == ("Maria Muster",)
    assert [q.speaker for q in r.quotes] == ["Maria Muster", "Maria Muster"]
    assert r.issuer_aliases == ("LFB", "lfb.example.de")


def test_windows_1252_and_bom_files(fx):
    r = parse_file(fx / "cp1252.txt")
    assert r.issuer == "Verein für Straßenkunst e.V." and r.date == dt.date(2024, 4, 3)
    assert r.persons_quoted == ("Erika Probe",)
    b = parse_file(fx / "bom.txt")
    assert b.title == "Titel mit BOM" and b.body == "Text mit Umlauten: Grüße." and b.date == dt.date(2024, 6, 1)


def test_constants_override_issuer():
    r = parse_bytes(b"Titel\n\nText ohne alles.", "a.txt", constants={"issuer": "Polizei Berlin"})
    assert r.issuer == "Polizei Berlin" and r.issuer_key == "polizei-berlin"
    assert "no issuer found" not in r.warnings


def test_parse_bytes_refuses_binary():
    with pytest.raises(ParseError, match="a.bin"):
        parse_bytes(b"\x00\x00\x00", "a.bin")


def test_unsupported_suffix(tmp_path):
    p = tmp_path / "x.docx"
    p.write_bytes(b"PK\x03\x04")
    with pytest.raises(ParseError, match="unsupported file type"):
        parse_file(p)


@pytest.mark.parametrize("text", [
    "", " ", "\n\n\n", "»", "„„„“““", "«»" * 50, "Nr.", "27.13.2023", "**", "# \n## \n",
    "Hausanschrift:\n\n01097 Dresden", "a-\n", "\x00\x01", "Pressemitteilung", "X: »", "so Vogel weiter",
])
def test_odd_text_never_raises(text):
    r = parse_text(text)
    assert isinstance(r.warnings, tuple)
    for q in r.quotes:
        assert getattr(r, q.field)[q.start:q.end] == q.text


def test_warnings_for_missing_fields():
    r = parse_text("Nur ein Satz ohne Datum und Titel.")
    assert "no date found" in r.warnings and "no title found" in r.warnings


def test_big_inputs_parse_without_backtracking():
    quotes = ("„a »b“ c« \" " * 100_000)
    t0 = time.perf_counter()
    assert parse_text(quotes).body
    line = "Wort " * 1_000_000  # 5 MB on one line
    assert "Wort Wort" in parse_text(line).body
    # a hang guard, not a speed requirement: a loaded machine is not a bug
    assert time.perf_counter() - t0 < 300
