import datetime as dt

from searcher.models import Failure, Release
from searcher.parse import parse_file, parse_records

BERLIN_FIELDS = {"body": "description", "id": "link", "url": "link"}
BERLIN_CONST = {"issuer": "Polizei Berlin"}


def _fixtures():
    from conftest import FIXTURES
    return FIXTURES


def test_csv_berlin_layout():
    data = (_fixtures() / "records.csv").read_bytes()
    out = list(parse_records(data, "records.csv", "csv", fields=BERLIN_FIELDS, constants=BERLIN_CONST))
    r, bad, r3 = out
    assert isinstance(r, Release)
    assert r.id == r.url == "https://example.org/pm/1"
    assert r.date == dt.date(2020, 10, 24) and r.number == "2455" and r.location == "Mitte"
    assert not r.body.startswith("Nr.") and r.body.startswith("Ein Radfahrer")
    assert r.issuer == "Polizei Berlin"
    assert r.persons_quoted == ("Max Mustermann",)
    assert isinstance(bad, Failure) and bad.source == "records.csv:5" and "bad date" in bad.error
    assert r3.number == "2457" and r3.body.startswith("Pankow/Mitte\nZwei Autos")


def test_jsonl_failures_and_default_ids():
    data = (_fixtures() / "records.jsonl").read_bytes()
    out = list(parse_records(data, "r.jsonl", "jsonl"))
    assert [type(x).__name__ for x in out] == ["Release", "Failure", "Failure", "Release"]
    assert out[0].id == "r1" and out[0].number == "17" and out[0].persons_quoted == ("Eva Beispiel",)
    assert out[1].source == "r.jsonl:2" and "not valid JSON" in out[1].error
    assert out[2].source == "r.jsonl:3"
    assert out[3].id == "r.jsonl#4" and out[3].date == dt.date(2024, 5, 3)


def test_parse_file_records_yields_releases_only():
    out = list(parse_file(_fixtures() / "records.jsonl"))
    assert all(isinstance(r, Release) for r in out) and len(out) == 2


def test_berlin_corpus_sample(corpus_dir):
    path = corpus_dir / "berlin-polizei" / "berlin_polizei_2020.csv"
    out = list(parse_records(path.read_bytes(), path.name, "csv", fields=BERLIN_FIELDS, constants=BERLIN_CONST))
    releases = [r for r in out if isinstance(r, Release)]
    assert len(releases) >= 0.99 * len(out)
    assert all(r.date and r.date.year == 2020 for r in releases)
    numbered = [r for r in releases if r.number]
    assert len(numbered) >= 0.8 * len(releases)
    assert not any(r.body.startswith("Nr.") for r in numbered)
    assert all(r.location for r in releases[:50])


def test_records_keep_issuer_aliases_and_the_issuer_filter_finds_them(tmp_path):
    import json as _json

    from searcher import Index
    from searcher.parse import parse_records

    rows = [
        {"id": "a1", "issuer": "Landesamt für Straßenbau", "issuer_aliases": ["LASB", "lasb.example.de"],
         "date": "2024-01-02", "title": "Brücke gesperrt", "body": "Die Brücke ist gesperrt."},
        {"id": "a2", "issuer": "Amt für Wasser", "issuer_aliases": "AfW; wasser.example.de",
         "date": "2024-01-03", "title": "Pegel steigt", "body": "Das Amt meldet steigende Pegel an der Brücke."},
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(_json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    releases = list(parse_records(path.read_bytes(), str(path), "jsonl"))
    assert [r.issuer_aliases for r in releases] == [("LASB", "lasb.example.de"), ("AfW", "wasser.example.de")]
    ix = Index(tmp_path / "idx")
    ix.sync(path)
    assert [h.id for h in ix.search("Brücke", issuer="LASB").hits] == ["a1"]
    assert [h.id for h in ix.search("Brücke", issuer="afw").hits] == ["a2"]


def test_parse_path_reports_instead_of_raising(tmp_path):
    from searcher.parse import parse_path

    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "a", "title": "Eins", "date": "2024-01-02", "body": "Text."}\n{kaputt\n', encoding="utf-8")
    items = list(parse_path(feed))
    assert [type(i).__name__ for i in items] == ["Release", "Failure"]
    assert items[1].source.endswith("feed.jsonl:2")
    (missing,) = parse_path(tmp_path / "nope.txt")
    assert isinstance(missing, Failure) and missing.error.startswith("no such file")
    (pdf,) = parse_path(tmp_path / "x.docx")
    assert isinstance(pdf, Failure) and pdf.error.startswith("unsupported file type .docx")
