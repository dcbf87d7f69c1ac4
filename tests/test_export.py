"""``searcher export`` and reading an export back with ``searcher index``:
an archive moves between indexes (and backends) without losing anything."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from searcher import Index
from searcher.cli import cli
from searcher.export import FORMAT, MARKER

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# releases with quotes, persons quoted, contacts, locations, aliases and warnings
SOURCES = [
    REPO / "seeds",
    FIXTURES / "police_leipzig.txt",
    FIXTURES / "city_no_contact.md",
    FIXTURES / "records.jsonl",
    FIXTURES / "records.csv",
]
QUERIES = ["Integration", "Polizei", "Köpping", "Stadt", "Verbändegespräch Integration", "sagte"]


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("original") / "index"
    with Index(path) as ix:
        report = ix.sync(SOURCES)
    assert report.total >= 8, report
    return path


@pytest.fixture(scope="module")
def exported(original, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "archive.jsonl"
    result = run("export", "--index", str(original), "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def moved(exported, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("moved") / "index"
    result = run("index", str(exported), "--index", str(path))
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.stdout, result.output
    return path


def _ids(path: Path) -> list[str]:
    with Index(path) as ix:
        return [r.id for r in ix.releases()]


def test_every_release_comes_back_field_by_field(original, moved):
    ids = _ids(original)
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    assert _ids(moved) == ids
    with Index(original) as a, Index(moved) as b:
        assert b.doc_count() == a.doc_count() == len(ids)
        quoted = 0
        for rid in ids:
            before, after = a.get(rid), b.get(rid)
            assert after == before, rid  # every field: source, quotes with offsets and speakers, contacts, ...
            quoted += bool(before.quotes and before.persons_quoted)
        assert quoted >= 2  # the round trip carried quotes and persons, not only plain text


def test_search_results_and_person_facet_are_the_same(original, moved):
    with Index(original) as a, Index(moved) as b:
        for query in QUERIES:
            ra = a.search(query, facets=True, limit=50)
            rb = b.search(query, facets=True, limit=50)
            assert (rb.total, rb.related) == (ra.total, ra.related), query
            assert [(h.id, h.source, h.title, h.score, h.snippets) for h in rb.hits] == \
                   [(h.id, h.source, h.title, h.score, h.snippets) for h in ra.hits], query
            assert rb.facets == ra.facets, query
        everything_a, everything_b = a.search("", facets=True, limit=50), b.search("", facets=True, limit=50)
        assert everything_a.facets["person"]  # the facet has persons to compare
        assert everything_b.facets["person"] == everything_a.facets["person"]
        assert b.stats().persons_quoted == a.stats().persons_quoted


def test_a_second_export_is_byte_identical(original, moved, exported, tmp_path):
    again, from_moved = tmp_path / "again.jsonl", tmp_path / "from-moved.jsonl"
    assert run("export", "--index", str(original), "-o", str(again)).exit_code == 0
    assert run("export", "--index", str(moved), "-o", str(from_moved)).exit_code == 0
    assert again.read_bytes() == exported.read_bytes()
    # lossless both ways: the moved index exports exactly what it was given
    assert from_moved.read_bytes() == exported.read_bytes()


def test_the_format_has_a_header_and_one_release_a_line(original, exported):
    lines = exported.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0]) == {MARKER: FORMAT}
    rows = [json.loads(line) for line in lines[1:]]
    assert [r["id"] for r in rows] == _ids(original)
    with Index(original) as ix:
        first = ix.get(rows[0]["id"])
    assert rows[0]["source"] == first.source
    assert set(rows[0]) >= {"id", "source", "issuer", "date", "title", "subtitle", "body", "contacts", "quotes",
                            "persons_quoted", "location", "url", "warnings"}
    quote = next(q for r in rows for q in r["quotes"] if q["speaker"])
    assert set(quote) >= {"text", "speaker", "role", "speaker_kind", "start", "end"}


def test_output_dash_writes_to_stdout(original, exported):
    result = run("export", "--index", str(original), "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == exported.read_bytes()
    assert run("export", "--index", str(original)).stdout_bytes == exported.read_bytes()  # the default


def test_json_summary(original, tmp_path):
    out = tmp_path / "a.jsonl"
    result = run("export", "--index", str(original), "-o", str(out), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["releases"] == len(_ids(original)) and summary["format"] == FORMAT
    assert summary["path"] == str(out)


def test_a_bad_line_is_reported_and_the_rest_imported(exported, tmp_path):
    lines = exported.read_text(encoding="utf-8").splitlines()
    lines.insert(2, "{not json")
    broken = json.loads(lines[4])
    broken["quotes"] = "not a list"
    lines[4] = json.dumps(broken, ensure_ascii=False)
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("index", str(damaged), "--index", str(tmp_path / "index"))
    assert result.exit_code == 0, result.output
    failures = [line for line in result.stderr.splitlines() if line.startswith("failed:")]
    assert len(failures) == 2, result.stderr
    assert f"{damaged}:3: not valid JSON" in failures[0]
    assert f"{damaged}:5: 'quotes' must be a list" in failures[1]
    with Index(tmp_path / "index") as ix:
        assert ix.doc_count() == len(lines) - 1 - 2  # all but the header and the two bad lines
        assert broken["id"] not in {r.id for r in ix.releases()}


def test_an_export_of_another_format_version_is_refused_whole(exported, tmp_path):
    lines = exported.read_text(encoding="utf-8").splitlines()
    lines[0] = json.dumps({MARKER: FORMAT + 1})
    newer = tmp_path / "newer.jsonl"
    newer.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("index", str(newer), "--index", str(tmp_path / "index"))
    assert f"{newer}: line 1: searcher export format {FORMAT + 1} is not one this searcher reads" in result.stderr
    with Index(tmp_path / "index") as ix:
        assert ix.doc_count() == 0


def test_syncing_an_export_again_is_incremental(exported, tmp_path):
    copy = tmp_path / "archive.jsonl"
    copy.write_bytes(exported.read_bytes())
    path = tmp_path / "index"
    assert run("index", str(copy), "--index", str(path)).exit_code == 0
    total = len(_ids(path))
    again = run("index", str(copy), "--index", str(path))
    assert f"0 added, 0 updated, {total} unchanged, 0 removed" in again.stdout
    lines = copy.read_text(encoding="utf-8").splitlines()
    gone = json.loads(lines[1])["id"]
    copy.write_text("\n".join(lines[:1] + lines[2:]) + "\n", encoding="utf-8")
    trimmed = run("index", str(copy), "--index", str(path))
    assert f"0 added, 0 updated, {total - 1} unchanged, 1 removed" in trimmed.stdout, trimmed.output
    assert gone not in _ids(path)


def test_an_empty_index_exports_the_header_only(tmp_path):
    Index.create(tmp_path / "empty").close()
    out = tmp_path / "empty.jsonl"
    result = run("export", "--index", str(tmp_path / "empty"), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Exported 0 releases" in result.stdout
    assert out.read_text(encoding="utf-8") == json.dumps({MARKER: FORMAT}, separators=(",", ":")) + "\n"
    back = run("index", str(out), "--index", str(tmp_path / "back"))
    assert back.exit_code == 0 and "0 added" in back.stdout and "0 failed" in back.stdout, back.output


def test_removed_releases_are_not_exported(original, tmp_path):
    path = tmp_path / "index"
    with Index(path) as ix:
        ix.sync(SOURCES)
        victim = _ids(path)[1]
        ix.remove(victim)
        exported_ids = [r.id for r in ix.releases()]
    assert victim not in exported_ids and len(exported_ids) == len(_ids(original)) - 1


def _one_line_error(result, code: int = 1) -> str:
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def test_no_index_is_one_line_and_leaves_an_earlier_export_alone(tmp_path):
    out = tmp_path / "old.jsonl"
    out.write_text("earlier export\n", encoding="utf-8")
    message = _one_line_error(run("export", "--index", str(tmp_path / "nope"), "-o", str(out)))
    assert f"No index at {tmp_path / 'nope'}" in message and "searcher index" in message
    assert out.read_text(encoding="utf-8") == "earlier export\n"
    assert sorted(os.listdir(tmp_path)) == ["old.jsonl"]  # no half-written file beside it


def test_an_unwritable_file_is_one_line(original, tmp_path):
    missing = tmp_path / "no-such-folder" / "a.jsonl"
    message = _one_line_error(run("export", "--index", str(original), "-o", str(missing)))
    assert f"Cannot write the export {missing}" in message and "choose a writable file" in message
    message = _one_line_error(run("export", "--index", str(original), "-o", str(tmp_path)))
    assert "it is a folder" in message


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write a read-only folder")
def test_a_read_only_folder_is_one_line(original, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        message = _one_line_error(run("export", "--index", str(original), "-o", str(folder / "a.jsonl")))
        assert "Permission denied" in message
    finally:
        folder.chmod(0o700)


def test_raw_records_are_still_parsed(tmp_path):
    """A JSON Lines file without the export header is records, parsed as before
    (dates read, the number line taken out of the body, quotes found)."""
    with Index(tmp_path / "index") as ix:
        ix.sync([FIXTURES / "records.jsonl"])
        r1 = ix.get("r1")
    assert r1.number == "17" and not r1.body.startswith("Nr.")
    assert r1.persons_quoted and r1.source.endswith("records.jsonl")


def test_a_records_file_opening_with_deeply_nested_json_is_reported_line_by_line(tmp_path):
    """A first line nested thousands deep is neither an export nor a traceback:
    that line is reported and the good records after it are indexed."""
    src = tmp_path / "feed.jsonl"
    deep = '{"id": "x", "title": ' + "[" * 50_000 + "]" * 50_000 + "}"
    good = json.dumps({"id": "g1", "title": "Kita öffnet", "body": "Die Stadt eröffnet eine Kita.", "date": "2025-05-03"})
    src.write_text(deep + "\n" + good + "\n", encoding="utf-8")
    with Index(tmp_path / "index") as ix:
        report = ix.sync([src])
        assert ix.get("g1").title == "Kita öffnet"
    assert report.failed


def test_corpus_moves_with_the_same_results(corpus_dir, tmp_path):
    csv = corpus_dir / "berlin-polizei" / "berlin_polizei_2021.csv"
    if not csv.is_file():
        pytest.skip(f"{csv} not found")
    a, b, out = tmp_path / "a", tmp_path / "b", tmp_path / "a.jsonl"
    args = ["--field", "body=description", "--field", "id=link", "--set", "issuer=Polizei Berlin"]
    assert run("index", str(csv), "--index", str(a), *args).exit_code == 0
    assert run("export", "--index", str(a), "-o", str(out)).exit_code == 0
    assert run("index", str(out), "--index", str(b)).exit_code == 0
    queries = [json.loads(line)["query"] for line in
               (corpus_dir / "berlin-judged" / "queries.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    with Index(a) as ia, Index(b) as ib:
        assert ib.doc_count() == ia.doc_count() > 500
        for query in queries:
            ra, rb = ia.search(query, limit=10, facets=True), ib.search(query, limit=10, facets=True)
            assert (rb.total, rb.related) == (ra.total, ra.related), query
            assert [h.score for h in rb.hits] == [h.score for h in ra.hits], query
            # releases of equal score come in the order they were indexed (the
            # export is in id order): the same ids at each score, except at the
            # last score on the page, which may go on beyond it
            assert _by_score(rb.hits) == _by_score(ra.hits), query
            assert rb.facets == ra.facets, query


def _by_score(hits) -> dict:
    """{score: ids} of the hits of a page, without the last score's."""
    groups: dict = {}
    for h in hits:
        if h.score != hits[-1].score:
            groups.setdefault(h.score, set()).add(h.id)
    return groups


def test_two_exports_joined_read_as_one(exported, tmp_path):
    """A second export appended to the first (its header in the middle) reads on."""
    lines = exported.read_text(encoding="utf-8").splitlines()
    half = 1 + (len(lines) - 1) // 2
    joined = tmp_path / "joined.jsonl"
    joined.write_text("\n".join(lines[:half] + [lines[0]] + lines[half:]) + "\n", encoding="utf-8")
    result = run("index", str(joined), "--index", str(tmp_path / "index"))
    assert result.exit_code == 0 and "0 failed" in result.stdout, result.output
    assert len(_ids(tmp_path / "index")) == len(lines) - 1


def test_releases_of_a_missing_index_raise_index_not_found(tmp_path):
    from searcher.errors import IndexNotFound

    with pytest.raises(IndexNotFound):
        next(Index(tmp_path / "nope").releases())


def test_releases_stream_one_at_a_time(original):
    with Index(original) as ix:
        stream = ix.releases()
        first = next(stream)
        stream.close()  # stopping early releases the reader; the index stays usable
        assert first.id == min(_ids(original))
        assert ix.get(first.id) == first
