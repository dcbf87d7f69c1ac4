"""Name variants of a quoted person (issue 13, point 6): ``--person X``, the
query-language ``person:X`` (a word or a phrase) and the person facet find the
same releases, on both backends, when a name is quoted in shorter and longer
forms (``Berg``, ``Anna Berg``, ``Anna Berg-Kraus``: one person whose second
surname some releases leave out)."""
from __future__ import annotations

import datetime as dt

import pytest

from searcher.search import SearchEngine

from test_postgres import _pg_index
from test_search import build, release

ISSUER = dict(issuer="Polizei Nordstadt", issuer_key="pol-nord", issuer_aliases=())


def _r(n: int, speaker: str, said: str) -> object:
    body = f"Nordstadt. Am Montag wurde ein Fahrrad gefunden. {speaker} sagte: „{said}“ Die Ermittlungen dauern an."
    return release(f"pn-{n}", dt.date(2024, 3, n), f"Meldung {n} der Polizei", body, quotes=[(speaker, said)], **ISSUER)


RELEASES = [
    _r(1, "Anna Berg-Kraus", "Wir prüfen jeden Hinweis."),
    _r(2, "Anna Berg", "Die Lage ist ruhig."),
    _r(3, "Berg", "Wir danken den Zeugen."),
    _r(4, "Jonas Falk", "Das Fahrrad ist zurück."),
    _r(5, "Jonas Falk", "Wir suchen weitere Zeugen."),
]
BERG = ["pn-1", "pn-2", "pn-3"]  # one person, three forms of her name


def _ids(result) -> list[str]:
    """The exact matches (not the releases a relaxed query found)."""
    ids = sorted(h.id for h in result.hits if not h.related)
    assert len(ids) == result.total
    return ids


def _agree(search) -> None:
    """--person, person: as a word and as a phrase, and the facet give the same releases."""
    for name in ("Berg", "Anna Berg", "Anna Berg-Kraus", "Dr. Anna Berg"):
        assert _ids(search("", person=name)) == BERG, name
        query = f'person:"{name}"' if " " in name else f"person:{name}"
        assert _ids(search(query)) == BERG, query
    # the double surname alone: the same releases either way
    assert _ids(search('person:"Berg-Kraus"')) == _ids(search("", person="Berg-Kraus")) == ["pn-1"]
    assert _ids(search("person:Falk")) == _ids(search("", person="Falk")) == ["pn-4", "pn-5"]
    persons = search("", facets=True).facets["person"]
    assert persons == {"Anna Berg-Kraus": 3, "Jonas Falk": 2}
    # the facet's name as a filter and as a query finds what the facet counts
    assert len(search("", person="Anna Berg-Kraus").hits) == persons["Anna Berg-Kraus"]
    # combined with words, and negated, the keys behave as the filter does
    assert _ids(search("person:Berg Zeugen")) == ["pn-3"]
    assert _ids(search("Zeugen -person:Berg")) == ["pn-5"]
    # a bare first name names no one, as with --person
    assert _ids(search("", person="Anna")) == []


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    e = SearchEngine(build(tmp_path_factory.mktemp("ix"), RELEASES))
    yield e
    e.close()


def test_person_variants_agree_whoosh(engine):
    _agree(lambda q, **o: engine.search(q, limit=20, **o))


def test_person_phrase_finds_short_form_whoosh(engine):
    """The 'Barbara Slowik' case: a phrase finds a release quoting only the surname."""
    assert "pn-3" in _ids(engine.search('person:"Anna Berg"', limit=20))


def test_person_variants_agree_postgres(pg_url):
    ix = _pg_index(pg_url, RELEASES)
    try:
        _agree(lambda q, **o: ix.search(q, limit=20, **o))
    finally:
        ix.close()
