"""A query word's forms score as one word: a release is not counted twice for
two forms of one verb, and a rare form's idf does not lift a release above one
with the common form (hand-written releases; the PostgreSQL backend ranks them
alike in test_postgres.py)."""
from __future__ import annotations

import datetime as dt

import pytest

from searcher.search import SearchEngine

from test_search import build, release

POLICE = dict(issuer="Polizei Berlin", issuer_key="polizei-berlin")


def _r(id, day, title, body):
    return release(id, dt.date(2024, 3, day), title, body, **POLICE)


# "überfallen" is the common form here (five releases), "überfällt" and
# "überfiel" are rare ones; each pair below differs only in the verb's form.
FORMS = [
    _r("rare-form", 2, "Kiosk in Neukölln", "Maskierter überfällt den Kiosk."),
    _r("common-form", 20, "Kiosk in Neukölln", "Maskierte überfallen den Kiosk."),
    _r("two-forms", 21, "Laden in Mitte", "Die Bande überfiel den Laden und hat ihn erneut überfallen."),
    _r("one-form-twice", 3, "Laden in Mitte", "Die Bande hat den Laden überfallen und ihn erneut überfallen."),
    _r("bank", 4, "Bank in Pankow", "Zwei Männer haben eine Bank überfallen und sind geflohen."),
    _r("juwelier", 5, "Juwelier in Spandau", "Ein Juwelier wurde am Mittag überfallen."),
    _r("taxi", 6, "Taxi in Wedding", "Ein Taxifahrer ist in der Nacht überfallen worden."),
    _r("garten", 7, "Gartenfest in Lichtenberg", "Ein Fest im Kleingarten, niemand wurde verletzt."),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    e = SearchEngine(build(tmp_path_factory.mktemp("forms"), FORMS))
    yield e
    e.close()


def _scores(result) -> dict[str, float]:
    return {h.id: h.score for h in result.hits}


def test_a_rare_form_of_the_typed_verb_scores_as_the_common_form(engine):
    got = _scores(engine.search("überfallen", limit=20, snippets=False))
    assert {"rare-form", "common-form"} <= got.keys()
    assert got["rare-form"] == pytest.approx(got["common-form"], rel=1e-9)


def test_two_forms_of_one_verb_in_a_release_count_as_that_verb_twice(engine):
    got = _scores(engine.search("überfallen", limit=20, snippets=False))
    assert got["two-forms"] == pytest.approx(got["one-form-twice"], rel=1e-9)
    # ... and twice is still more than once in a release of the same length
    assert got["two-forms"] > got["common-form"]


def test_a_release_with_the_typed_form_is_not_put_below_one_with_a_rare_form(engine):
    # equal scores: the newer release (the one with the typed form) first
    ranked = [h.id for h in engine.search("überfallen Kiosk", limit=20, snippets=False).hits]
    assert ranked.index("common-form") < ranked.index("rare-form")


def test_a_few_releases_are_scored_as_when_every_release_is(tmp_path, monkeypatch):
    """Read at a few releases (a filter, a threshold round), a word's forms are
    scored from its packed postings by bisection: the same scores."""
    from searcher.search import scoring

    def scores_of(few: bool):
        monkeypatch.setattr(scoring, "FEW_SHARE", 0 if few else 10**9)
        folder = tmp_path / ("few" if few else "all")
        folder.mkdir()
        e = SearchEngine(build(folder, FORMS))
        try:
            return _scores(e.search("überfallen Kiosk", limit=20, snippets=False))
        finally:
            e.close()

    assert scores_of(True) == scores_of(False)
