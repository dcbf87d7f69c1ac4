"""The person facet and the most-quoted list count a person as the
``--person`` filter finds them: a release that quotes only the surname counts
for the one quoted person whose full name it is."""
from __future__ import annotations

from searcher import Index

RELEASES = {
    "a.txt": "„Wir bleiben wachsam“, sagte Polizeipräsidentin Barbara Slowik am Montag in Berlin.",
    "b.txt": "„Die Lage ist ruhig“, sagte Polizeipräsidentin Slowik am Dienstag in Berlin.",
    "c.txt": "„Der Einsatz war erfolgreich“, sagte Einsatzleiter Peter Müller am Mittwoch.",
    "d.txt": "„Wir danken allen Helfern“, sagte Sprecherin Anna Müller am Donnerstag.",
    "e.txt": "„Die Straße ist wieder frei“, sagte Müller am Freitag.",
}


def _index(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name, body in RELEASES.items():
        (src / name).write_text(f"Polizei Berlin\n\nMeldung {name}\n\n1. März 2024. {body}\n", encoding="utf-8")
    ix = Index.create(tmp_path / "idx")
    ix.sync(src)
    return ix


def test_a_surname_alone_counts_for_the_one_full_name_it_belongs_to(tmp_path):
    with _index(tmp_path) as ix:
        found = {h.id for h in ix.search("", person="Slowik").hits}
        assert found == {"a.txt", "b.txt"}
        facet = ix.search("", facets=True).facets["person"]
        stats = ix.stats().persons_quoted
    assert facet.get("Barbara Slowik") == stats.get("Barbara Slowik") == len(found)
    assert "Slowik" not in facet and "Slowik" not in stats


def test_a_surname_shared_by_two_people_stays_apart(tmp_path):
    with _index(tmp_path) as ix:
        persons = ix.get("e.txt").persons_quoted
        facet = ix.search("", facets=True).facets["person"]
    assert facet.get("Peter Müller") == 1 and facet.get("Anna Müller") == 1
    if persons:  # the parser took "Müller" as a person: counted on its own, not guessed into either
        assert facet.get(persons[0]) == 1
