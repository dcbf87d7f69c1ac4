"""The compact Spans posting format and the grouped segment writer.

What users see must not change: the same hits, scores, phrase matches and
highlighted snippets as with whoosh's pickled ``Characters`` postings, and an
index written before the change (``Characters``, whoosh's own writer) stays
searchable and can be added to.
"""
from __future__ import annotations

import json

import pytest
from whoosh import formats as wformats
from whoosh.fields import TEXT
from whoosh.writing import SegmentWriter

from searcher import Index, schema
from searcher.backends.whoosh import schema as whoosh_schema
from searcher._writer import FastSegmentWriter
from searcher.analysis import german_analyzer, term_spans
from searcher.formats import PackedPositions, Spans

BODIES = [
    ("Integration in Sachsen wird gestärkt", "Förderung für das IQ-Netzwerk",
     "Dresden. Das Sozialministerium fördert die Integration von Zugewanderten. "
     "„Integration gelingt nur gemeinsam“, sagte Ministerin Petra Köpping. "
     "Das IQ-Netzwerk berät Fachkräfte. Integration, Integration und nochmals Integration."),
    ("Pflege braucht Fachkräfte", "",
     "Leipzig. Die Fachkräftesicherung in der Pflege bleibt eine Aufgabe. "
     "Lehrer*innen und Pflegekräfte werden gesucht. „Wir brauchen jede Pflegekraft“, sagte Jens Müller."),
    ("Polizei Berlin meldet Festnahme", "Einbruch in Kreuzberg",
     "Berlin. Die Polizei Berlin hat nach einem Einbruch in Kreuzberg zwei Tatverdächtige festgenommen. "
     "Ein Zeuge hatte die Polizei alarmiert. Die Polizei ermittelt weiter."),
    ("Netzwerk für Integration", "",
     "Chemnitz. Ein neues Netzwerk für Integration und Teilhabe startet. Das Netzwerk-Treffen "
     "findet im Rathaus statt; Integrationskurse beginnen im Frühjahr."),
]
QUERIES = ["Integration", '"IQ Netzwerk"', "Netzwerk", "Fachkräfte", "Pflege*", '"Polizei Berlin"',
           "quote:gemeinsam", "title:Pflege", "Integration Netzwerk", "Fachkraft", "Pflege -Integration"]


def _records(path, n=40, start=0):
    rows = []
    for i in range(start, start + n):
        title, subtitle, body = BODIES[i % len(BODIES)]
        rows.append({"id": f"r{i}", "title": f"{title} {i}", "subtitle": subtitle, "date": "2024-05-01",
                     "issuer": "Sächsisches Staatsministerium für Soziales", "body": f"{body} Meldung {i}."})
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


def _answers(ix):
    out = []
    for q in QUERIES:
        res = ix.search(q, limit=50)
        out.append((q, res.total, [(h.id, round(h.score, 9), h.snippets) for h in res.hits]))
    return out


def _old_style(monkeypatch):
    """Index as the code before the Spans format did: pickled Characters postings
    written by whoosh's own SegmentWriter."""
    monkeypatch.setattr(whoosh_schema, "_spans_text", lambda analyzer, **o: TEXT(analyzer=analyzer, chars=True, **o))
    monkeypatch.setattr("searcher._writer.FastSegmentWriter", SegmentWriter)


# -- the format ---------------------------------------------------------------


@pytest.mark.parametrize("spans", [
    [(0, 0, 5)],
    [(3, 10, 17), (9, 40, 47), (9, 40, 44), (120, 900, 912)],
    [(2, 30, 35), (2, 28, 40)],  # same position, a wider span starting earlier
    [(70000, 2_000_000, 2_000_020)],
])
def test_spans_round_trip(spans):
    fmt = Spans(field_boost=2.0)
    value = fmt.encode(spans)
    assert fmt.decode_characters(value) == spans
    assert fmt.decode_positions(value) == [p for p, _, _ in spans]
    assert fmt.decode_frequency(value) == len(spans)
    assert fmt.decode_weight(value) == 2.0 * len(spans)
    assert fmt.decode_position_boosts(value) == [(p, 1) for p, _, _ in spans]
    assert fmt.supports("characters") and fmt.supports("positions")


def test_spans_index_the_same_terms_weights_and_offsets_as_characters():
    text = ("Das IQ-Netzwerk fördert Lehrer*innen. Die Fachkräftesicherung im IQ-Netzwerk: "
            "„Integration gelingt nur gemeinsam“, sagte Petra Köpping. Integration!")
    ana = german_analyzer()
    old = {w: (f, wt, wformats.Characters().decode_characters(v))
           for w, f, wt, v in wformats.Characters(field_boost=1.8).word_values(text, ana, mode="index")}
    fmt = Spans(field_boost=1.8)
    new = {w: (f, wt, fmt.decode_characters(v)) for w, f, wt, v in fmt.word_values(text, ana, mode="index")}
    assert new == old
    assert any(len(chars) > 1 for _, _, chars in new.values())  # repeated words are covered


def test_new_indexes_use_packed_positions_for_the_text_fields(tmp_path):
    with Index(tmp_path / "idx") as ix:
        ix.add(_records(tmp_path / "r.jsonl", 5))
        wix = ix._open_whoosh()
        for field in schema.TEXT_FIELDS:
            assert type(wix.schema[field].format) is PackedPositions


@pytest.mark.parametrize("positions", [[0], [5, 5, 9, 300], [70000], [1, 70002, 70003], []])
def test_packed_positions_round_trip(positions):
    fmt = PackedPositions(field_boost=2.0)
    value = fmt.encode(positions)
    assert fmt.decode_positions(value) == positions
    assert fmt.decode_frequency(value) == len(positions)
    assert fmt.decode_weight(value) == 2.0 * len(positions)
    assert fmt.supports("positions") and not fmt.supports("characters")


def test_packed_positions_index_the_same_terms_weights_and_positions_as_spans():
    text = ("Das IQ-Netzwerk fördert Lehrer*innen. Die Fachkräftesicherung im IQ-Netzwerk: "
            "„Integration gelingt nur gemeinsam“, sagte Petra Köpping. Integration! Die-Linke, E-Mail-Adresse, "
            "Bürger*innen-Dialog, der-die-das, Staats-Ministerin, dass fuer Sie ueber-all daß " + "Wort " * 70000 + "Integration")
    ana = german_analyzer()
    spans = {w: (f, wt, Spans().decode_characters(v)) for w, f, wt, v in Spans(field_boost=1.8).word_values(
        text, ana, mode="index")}
    fmt = PackedPositions(field_boost=1.8)
    packed = {w: (f, wt, fmt.decode_positions(v)) for w, f, wt, v in fmt.word_values(text, ana, mode="index")}
    assert packed == {w: (f, wt, [p for p, _, _ in chars]) for w, (f, wt, chars) in spans.items()}
    # the spans recomputed from the text at those positions are the ones Spans kept
    recomputed = term_spans(ana, text, {w: poss for w, (_, _, poss) in packed.items()})
    assert recomputed == {w: chars for w, (_, _, chars) in spans.items()}


def test_a_text_field_indexes_the_same_postings_word_by_word_as_token_by_token():
    """The writer's path for the text fields (each distinct word's terms worked
    out once) gives what whoosh's ``field.index`` gives through the token stream."""
    from searcher.formats.spans import pack_occurrences

    texts = [
        BODIES[0][2], BODIES[1][2], "", "der die das und", "E-Mail a-b-c X-Y-Z-Straße der-die-das über-fuer",
        "Netzwerk-Netzwerk Lehrer*innen Lehrer:innen Lehrer/-innen Polizist_innen Bürger*innen-Dialog",
        "POLIZEI Polizei polizei Polizeibeamte Fachkräftesicherung 3-4 2024 A 1",
        "Wort " * 5000 + "Integration Wort",  # positions past 4,096
        "Wort " * 70000 + "Integration Wort",  # positions past 65,535
    ]
    field = whoosh_schema.build_schema()["body"]
    fb = field.format.field_boost
    for text in texts:
        seen = field.analyzer.position_postings(text)
        got = [(term, len(occ) - 1, occ[0] * fb, pack_occurrences(occ)) for term, occ in seen.items()]
        assert got == list(field.index(text)), text[:40]
    # another analyzer has no word-by-word path: the writer goes token by token
    from searcher.analysis import name_analyzer

    assert getattr(name_analyzer(), "position_postings", None) is None


# -- the writer ---------------------------------------------------------------


def _dump(reader):
    out = []
    for fieldname, text in reader.all_terms():
        info = vars(reader.term_info(fieldname, text))
        m = reader.postings(fieldname, text)
        postings = []
        while m.is_active():
            postings.append((m.id(), m.weight(), m.value()))
            m.next()
        out.append((fieldname, text, {k: v for k, v in info.items() if k not in ("_offset", "_length")}, postings))
    lengths = {f: [reader.doc_field_length(d, f) for d in range(reader.doc_count_all())] for f in schema.TEXT_FIELDS}
    return out, lengths, [reader.stored_fields(d) for d in range(reader.doc_count_all())]


@pytest.mark.parametrize("limitmb", [64, 0.002])  # the second spills sorted runs to disk
@pytest.mark.parametrize("chars", [False, True])
@pytest.mark.parametrize("cached", [(), schema.REPEATED_FIELDS])
def test_the_grouped_writer_writes_the_same_postings_as_whoosh(tmp_path, limitmb, chars, cached):
    from whoosh import index as windex

    from searcher.parse import parse_records
    from searcher.schema import build_schema, to_document

    data = _records(tmp_path / "r.jsonl", 30).read_bytes()
    docs = [to_document(r, content_hash="h", size=1, source="s") for r in parse_records(data, "r", "jsonl")]

    def build(cls, folder):
        sch = build_schema()
        if chars:  # the old format goes through the grouped writer unchanged too
            for f in schema.TEXT_FIELDS:
                sch[f].format = wformats.Characters(field_boost=sch[f].format.field_boost)
        folder.mkdir()
        wix = windex.create_in(str(folder), sch)
        w = cls(wix, limitmb=limitmb, cached_fields=cached) if cls is FastSegmentWriter else cls(wix, limitmb=limitmb)
        for doc in docs:
            w.add_document(**doc)
        w.commit()
        return windex.open_dir(str(folder)).reader()

    expected = build(SegmentWriter, tmp_path / "whoosh")
    got = build(FastSegmentWriter, tmp_path / "grouped")
    assert _dump(got) == _dump(expected)
    assert not list((tmp_path / "grouped").glob("*.tmp/*"))  # spilled runs are removed


def test_the_grouped_writer_writes_smaller_posting_files_than_whoosh(tmp_path):
    """The same postings (test above), in posting blocks pickled without
    protocol 2's per-value overhead: the index is smaller on disk."""
    from whoosh import index as windex

    from searcher.parse import parse_records
    from searcher.schema import build_schema, to_document

    data = _records(tmp_path / "r.jsonl", 200).read_bytes()
    docs = [to_document(r, content_hash="h", size=1, source="s") for r in parse_records(data, "r", "jsonl")]
    sizes = {}
    for cls in (SegmentWriter, FastSegmentWriter):
        folder = tmp_path / cls.__name__
        folder.mkdir()
        wix = windex.create_in(str(folder), build_schema())
        w = cls(wix)
        for doc in docs:
            w.add_document(**doc)
        w.commit()
        sizes[cls] = _dir_size(folder)
    assert sizes[FastSegmentWriter] < 0.9 * sizes[SegmentWriter]


def test_merging_segments_through_the_grouped_writer_keeps_postings(tmp_path, monkeypatch):
    monkeypatch.setenv("SEARCHER_PROCS", "1")
    ix = Index(tmp_path / "idx")
    for k in range(12):  # small commits: whoosh merges small segments into the next writer
        ix.add(_records(tmp_path / f"r{k}.jsonl", 3, start=3 * k))
    assert ix.doc_count() == 36
    assert ix.search('"IQ Netzwerk"').total == 9
    report = ix.check()
    assert report.ok and report.segments < 12  # segments were merged


# -- what users see -----------------------------------------------------------


def test_search_results_and_snippets_are_the_same_as_with_characters(tmp_path, monkeypatch):
    records = _records(tmp_path / "r.jsonl")
    with Index(tmp_path / "new") as ix:
        ix.add(records)
        new = _answers(ix)
    with monkeypatch.context() as m:
        _old_style(m)
        with Index(tmp_path / "old") as ix:
            ix.add(records)
            assert type(ix._open_whoosh().schema["body"].format) is wformats.Characters
    with Index(tmp_path / "old") as ix:  # read with today's code
        old = _answers(ix)
    assert new == old
    assert all(total for _, total, _ in new)
    phrase = dict((q, hits) for q, _, hits in new)['"IQ Netzwerk"']
    marked = {s.text[a:b] for _, _, snippets in phrase for s in snippets for a, b in s.highlights}
    assert marked == {"IQ", "Netzwerk"}  # the words of "IQ-Netzwerk", nothing else


def _dir_size(path):
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def test_an_index_with_spans_in_its_postings_answers_the_same(tmp_path, monkeypatch):
    """Indexes written before PackedPositions keep their Spans postings and give
    the same hits, scores and highlighted snippets as a new index."""
    records = _records(tmp_path / "r.jsonl", 60)
    with Index(tmp_path / "new") as ix:
        ix.add(records)
        new = _answers(ix)
        new_highlights = ix.highlights("r1", "Pflege* Fachkraft")
    with monkeypatch.context() as m:
        m.setattr(whoosh_schema, "_spans_text", lambda analyzer, **o: _with_format(TEXT(analyzer=analyzer, **o), Spans))
        with Index(tmp_path / "old") as ix:
            ix.add(records)
            assert type(ix._open_whoosh().schema["body"].format) is Spans
    with Index(tmp_path / "old") as ix:  # read with today's code
        assert _answers(ix) == new
        assert ix.highlights("r1", "Pflege* Fachkraft") == new_highlights
    assert new_highlights["body"]


def _with_format(field, cls):
    field.format = cls(field_boost=field.format.field_boost)
    return field


def test_an_index_written_before_spans_stays_searchable_and_grows(tmp_path, monkeypatch):
    with monkeypatch.context() as m:
        _old_style(m)
        with Index(tmp_path / "idx") as ix:
            ix.add(_records(tmp_path / "a.jsonl", 8))
    with Index(tmp_path / "idx") as ix:
        assert ix.check().ok
        before = ix.search('"Polizei Berlin"')
        assert before.total == 2 and before.hits[0].snippets
        report = ix.add(_records(tmp_path / "b.jsonl", 8, start=8))
        assert report.added == 8
        # the index keeps its format: new segments are written with Characters too
        assert type(ix._open_whoosh().schema["body"].format) is wformats.Characters
        after = ix.search('"Polizei Berlin"')
        assert after.total == 4
        assert {s.text[a:b] for h in after.hits for s in h.snippets for a, b in s.highlights} == {"Polizei", "Berlin"}
        assert ix.check().ok
