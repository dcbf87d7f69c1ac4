"""A rare compound typed as a query word also finds releases with its head only."""
from __future__ import annotations

import datetime as dt

import pytest

from searcher.search import SearchEngine
from test_search import build, ids, marked, release

POLICE = dict(issuer="Polizei Berlin", issuer_key="polizei-berlin")


def _release(n, title, body):
    return release(f"p-{n}", dt.date(2022, 5, n), title, body, **POLICE)


RELEASES = [
    _release(1, "Straßenrennen in Mitte", "Zwei Fahrer lieferten sich ein Straßenrennen auf der Straße."),
    _release(2, "Verbotenes Kraftfahrzeugrennen", "Ein Kraftfahrzeugrennen auf der Stadtautobahn wurde beendet."),
    _release(3, "Kraftfahrzeugrennen in Spandau", "Nach einem Kraftfahrzeugrennen auf der Straße wurde ein Auto beschlagnahmt."),
    _release(4, "Kraftfahrzeugrennen gestoppt", "Die Polizei stoppte ein Kraftfahrzeugrennen."),
    _release(5, "Unfall auf der Straße", "Auf der Straße stießen zwei Autos zusammen."),
    _release(6, "Fahrrad gestohlen", "Ein Fahrrad wurde aus einem Keller gestohlen."),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    e = SearchEngine(build(tmp_path_factory.mktemp("ix"), RELEASES))
    yield e
    e.close()


def test_releases_with_the_compound_come_first_then_those_with_its_head(engine):
    r = engine.search("Straßenrennen")
    assert ids(r)[0] == "p-1"
    assert set(ids(r)[1:]) == {"p-2", "p-3", "p-4"}
    assert (r.total, r.related) == (1, 3)  # the head-only ones are related, not counted in total
    assert [h.related for h in r.hits] == [False, True, True, True]
    # a release with the modifier too (Straße) ranks above the head alone
    assert ids(r).index("p-3") < ids(r).index("p-4")
    # the ASCII spelling does the same
    assert ids(engine.search("Strassenrennen")) == ids(r)


def test_head_only_hits_mark_the_head_in_their_snippets(engine):
    hit = next(h for h in engine.search("Straßenrennen").hits if h.id == "p-4")
    assert any("Kraftfahrzeugrennen" in marked(s) for s in hit.snippets)


def test_require_all_and_explicit_and_keep_the_whole_word(engine):
    assert ids(engine.search("Straßenrennen", require_all=True)) == ["p-1"]
    assert ids(engine.search("Straßenrennen AND Straße")) == ["p-1"]


def test_words_that_do_not_split_get_no_back_off(engine):
    assert ids(engine.search("Fahrrad")) == ["p-6"]
    assert ids(engine.search("Keller")) == ["p-6"]


def test_no_back_off_when_the_whole_word_matches_enough_releases(tmp_path):
    many = RELEASES + [_release(10 + i, f"Straßenrennen Nummer {i}", "Wieder ein Straßenrennen.") for i in range(12)]
    e = SearchEngine(build(tmp_path, many))
    try:
        r = e.search("Straßenrennen", limit=50)
        assert r.total == 13 and not {"p-2", "p-3", "p-4"} & set(ids(r))
    finally:
        e.close()


# A compound typed with other words backs off to its head only together with them.
WITH_OTHERS = [
    _release(20, "Geldtransporter in Marzahn überfallen", "Ein Geldtransporter wurde am Morgen in Marzahn überfallen."),
    _release(21, "Transporter überfallen", "Der Fahrer eines Transporters wurde überfallen und leicht verletzt."),
    _release(22, "Transporter gestohlen", "Ein weißer Transporter wurde aus einer Einfahrt gestohlen."),
    _release(23, "Kiosk überfallen", "Zwei Männer haben einen Kiosk überfallen."),
    _release(24, "Fahrrad gestohlen", "Ein Fahrrad wurde aus einem Keller gestohlen."),
]


@pytest.fixture(scope="module")
def others(tmp_path_factory):
    e = SearchEngine(build(tmp_path_factory.mktemp("others"), WITH_OTHERS))
    yield e
    e.close()


def test_the_head_of_a_compound_backs_off_only_with_the_querys_other_words(others):
    r = others.search("Geldtransporter Überfall")
    # the stolen van (head, but no robbery) is not offered as related
    assert ids(r) == ["p-20", "p-21"]
    assert (r.total, r.related) == (1, 1)
    assert [h.related for h in r.hits] == [False, True]


def test_a_compound_typed_alone_still_backs_off_to_its_head(others):
    r = others.search("Geldtransporter")
    assert ids(r)[0] == "p-20" and set(ids(r)[1:]) == {"p-21", "p-22"}
    assert (r.total, r.related) == (1, 2)
