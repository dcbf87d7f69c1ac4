"""One release-id rule (searcher.sources.file_id and release_id) for every kind
of input, whether indexed, parsed with parse_file(root=...) or with parse_path."""
from __future__ import annotations

import shutil

import pytest

import searcher.sources as sources
from conftest import FIXTURES, SEEDS
from searcher import Index, Release, parse_file
from searcher.parse import parse_path
from searcher.sources import file_id, release_id
from test_readers import LEHRER, PAGE, _item, _mail, _rss, letterhead_pdf

FEED_ITEM_WITHOUT_ID = (
    "<item><title>Meldung ohne Adresse</title><pubDate>Mon, 05 May 2025 10:00:00 +0200</pubDate>"
    "<description>Unbekannte haben in Dresden-Cotta einen Zigarettenautomaten aufgebrochen.</description></item>"
)

# every kind of file, and the ids its releases get when the folder is indexed
EXPECTED = {
    "sub/seed.txt": ["sub/seed.txt"],
    "sub/notiz.md": ["sub/notiz.md"],
    "pm.pdf": ["pm.pdf"],
    "kita.html": ["kita.html"],
    "lehrer.eml": ["lehrer.eml"],
    "sub/r.jsonl": ["r-1", "sub/r.jsonl#2"],
    "sub/r.csv": ["c-1", "sub/r.csv#3"],
    "feeds/f.rss": ["https://polizei.example/pm/1", "feeds/f.rss#2"],
    "box.mbox": ["a@smk.example", "box.mbox#2"],
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("ids") / "docs"
    (root / "sub").mkdir(parents=True)
    (root / "feeds").mkdir()
    shutil.copy(SEEDS / "000_97013a9233346326.txt", root / "sub" / "seed.txt")
    shutil.copy(FIXTURES / "city_no_contact.md", root / "sub" / "notiz.md")
    (root / "pm.pdf").write_bytes(letterhead_pdf())
    (root / "kita.html").write_text(PAGE, encoding="utf-8")
    (root / "lehrer.eml").write_bytes(bytes(_mail("Neue Lehrkräfte", LEHRER)))
    (root / "sub" / "r.jsonl").write_text(
        '{"id": "r-1", "title": "Mit Nummer", "date": "2024-05-01", "body": "Ein Brand in Mitte."}\n'
        '{"title": "Ohne Nummer", "date": "2024-05-02", "body": "Ein Unfall in Pankow."}\n', encoding="utf-8")
    (root / "sub" / "r.csv").write_text(
        "id,title,date,body\nc-1,Mit Nummer,2024-05-01,Ein Brand in Spandau.\n,Ohne Nummer,2024-05-02,Ein Unfall in Moabit.\n",
        encoding="utf-8")
    (root / "feeds" / "f.rss").write_text(_rss(_item(1, 2), FEED_ITEM_WITHOUT_ID), encoding="utf-8")
    without = _mail("Ganztag", "Leipzig, 06.05.2025 – Die Ganztagsangebote werden ausgebaut.\n")
    del without["Message-ID"]
    mails = [_mail("Neue Lehrkräfte", LEHRER, msgid="<a@smk.example>"), without]
    (root / "box.mbox").write_bytes(
        b"".join(b"From presse@smk.example Mon May  5 09:30:00 2025\n" + bytes(m) + b"\n" for m in mails))
    return root


def test_the_rule():
    assert file_id("/data/pm/2024/a.txt", "/data/pm") == "2024/a.txt"
    assert file_id("/elsewhere/a.txt", "/data/pm") == file_id("/data/pm/a.txt") == "a.txt"
    assert release_id("2024/a.txt") == "2024/a.txt"
    assert release_id("feeds/f.rss", 2) == "feeds/f.rss#2"
    assert release_id("r.jsonl", 4, "r-17") == "r-17"


def test_every_kind_gets_its_id_from_the_rule_when_indexed(folder, tmp_path, monkeypatch):
    asked: set[str] = set()
    rule = sources.release_id

    def spy(file, item=None, own=None):
        asked.add(file)
        return rule(file, item, own)

    monkeypatch.setattr(sources, "release_id", spy)
    with Index(tmp_path / "idx") as ix:
        report = ix.sync(folder)
        assert report.failures == ()
        ids = {h.id for h in ix.search("", limit=100, snippets=False).hits}
    assert ids == {i for group in EXPECTED.values() for i in group}
    assert asked == set(EXPECTED)  # every kind went through the rule


def test_parse_file_with_a_root_gives_the_ids_of_the_index(folder):
    for name, want in EXPECTED.items():
        got = parse_file(folder / name, root=folder)
        got = [got] if isinstance(got, Release) else list(got)
        assert [r.id for r in got] == want, name


def test_parse_path_names_a_file_by_its_name(folder):
    for name, want in EXPECTED.items():
        stem = name.rsplit("/", 1)[-1]
        got = [r.id for r in parse_path(folder / name)]
        assert got == [i.replace(name, stem) for i in want], name
