"""What a cold `searcher search` process imports, and that the shortcuts taken for it
change no answer."""
from __future__ import annotations

import subprocess
import sys

import pytest


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint(' '.join(sys.modules))"],
                         check=True, capture_output=True, text=True).stdout
    return set(out.split())


def _prints(code: str) -> str:
    """What ``code`` prints in a fresh interpreter (it fails the test when the code raises)."""
    return subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.strip()


def test_the_command_line_imports_no_parser_network_event_loop_web_or_postgres_modules():
    loaded = _modules_after("import searcher.cli")
    for name in ("searcher.parse", "searcher.parse.quotes", "searcher.web", "searcher.export",
                 "searcher.backends.postgres", "psycopg", "urllib.request", "http.client", "email",
                 "asyncio", "whoosh.lang.morph_en", "hashlib", "_hashlib", "tempfile", "shutil", "bz2", "lzma",
                 "calendar"):
        assert name not in loaded, name


def test_tempfile_shutil_and_calendar_kept_out_at_start_work_when_asked():
    code = (
        "import searcher, sys, io, datetime\n"
        "from whoosh.filedb import compound, filestore\n"
        "from whoosh.util import times\n"
        "assert not {'tempfile', 'shutil', 'calendar'} & set(sys.modules)\n"
        "out = io.BytesIO(); compound.copyfileobj(io.BytesIO(b'abc'), out); assert out.getvalue() == b'abc'\n"
        "assert times.calendar.monthrange(2024, 2)[1] == 29\n"
        "assert filestore.tempfile.gettempdir()\n"
        "from searcher.dates import parse_date_bound\n"
        "assert parse_date_bound('2024-02', end=True) == datetime.date(2024, 2, 29)\n"
        "import tempfile, shutil, calendar\n"
        "assert callable(shutil.rmtree) and callable(tempfile.mkdtemp) and calendar.isleap(2024)\n"
        "print('fine')\n"
    )
    assert _prints(code) == "fine"


def test_whooshs_term_table_hash_is_hashlibs_md5():
    """The term table's md5 comes from CPython's _md5 at start (no OpenSSL): the same digests."""
    code = (
        "import searcher, sys\n"
        "from whoosh.filedb import filetables\n"
        "assert '_hashlib' not in sys.modules\n"
        "keys = [b'', b'polizei', 'Stra\\u00dfe'.encode(), bytes(range(256)) * 3]\n"
        "got = [filetables.md5_hash(k) for k in keys]\n"
        "import hashlib\n"
        "assert got == [int(hashlib.md5(k).hexdigest(), 16) & 0xFFFFFFFF for k in keys]\n"
        "assert hashlib.sha256(b'x').hexdigest() and callable(hashlib.blake2b)\n"
        "print('fine')\n"
    )
    assert _prints(code) == "fine"


def test_modules_kept_out_at_start_are_the_real_ones_when_imported_later():
    code = (
        "import searcher\n"
        "import asyncio, urllib.request, whoosh.lang.morph_en\n"
        "assert asyncio.run(asyncio.sleep(0, 'ok')) == 'ok'\n"
        "assert callable(urllib.request.urlopen)\n"
        "from whoosh.query import Variations\n"
        "from whoosh.query.terms import variations\n"
        "assert 'rendering' in set(variations('render'))\n"
        "import cached_property, whoosh.compat\n"
        "assert callable(whoosh.compat.urlretrieve)\n"
        "async def co(): pass\n"
        "assert cached_property.asyncio.iscoroutinefunction(co)\n"
        "assert not cached_property.asyncio.iscoroutinefunction(len)\n"
        "print('fine')\n"
    )
    assert _prints(code) == "fine"


def test_person_filters_match_names_from_the_old_import_path_too():
    from searcher.parse.quotes.names import name_matches as old
    from searcher.person_names import name_matches

    assert old is name_matches
    assert name_matches("slowik", "barbara slowik") and not name_matches("barbara", "barbara slowik")


@pytest.mark.parametrize("signed", [True, False])
def test_an_integer_column_is_translated_as_whoosh_translates_it(tmp_path, signed):
    from whoosh import fields, index

    from searcher.search.tables import _column_values

    schema = fields.Schema(id=fields.ID(stored=True),
                           date=fields.NUMERIC(int, bits=32, signed=signed, sortable=True))
    ix = index.create_in(str(tmp_path), schema)
    values = [20240131, 19990101, 0, 20251231, 12]
    with ix.writer() as w:
        for i, v in enumerate(values):
            w.add_document(id=str(i), date=v)
        w.add_document(id="undated")
    with ix.reader() as r:
        got = _column_values(r, "date")
        leaf_col = [r.schema["date"].from_column_value(v)
                    for v in r.column_reader("date", translate=False)]
    assert got == leaf_col
    assert got[:5] == values


def test_a_search_process_ends_at_once_with_all_its_output_and_exit_codes(tmp_path, seeds_dir):
    """After a successful search the command ends with os._exit: everything printed is
    there, and failures keep their exit codes and messages."""
    import json
    import shutil

    from searcher import Index

    docs = tmp_path / "docs"
    shutil.copytree(seeds_dir, docs)
    with Index(tmp_path / "idx") as ix:
        ix.add([str(docs)])

    def run(*args):
        return subprocess.run([sys.executable, "-m", "searcher", "search", *args, "--index", str(tmp_path / "idx")],
                              capture_output=True, text=True)

    got = run("Integration", "--json", "--limit", "1000")
    assert got.returncode == 0 and json.loads(got.stdout)["total"] >= 1
    plain = run("Integration")
    assert plain.returncode == 0 and "Integration" in plain.stdout and plain.stdout.endswith("\n")
    bad = run("Integration", "--from", "2023-13")
    assert bad.returncode == 2 and "2023-13" in bad.stderr
    missing = subprocess.run([sys.executable, "-m", "searcher", "search", "x", "--index", str(tmp_path / "none")],
                             capture_output=True, text=True)
    assert missing.returncode == 1 and "No index" in missing.stderr


def test_main_with_arguments_returns_through_systemexit(tmp_path, seeds_dir, capsys):
    """A caller passing argv (tests, benchmarks) is never ended by the quick exit."""
    from searcher import Index
    from searcher.cli import main

    with Index(tmp_path / "idx") as ix:
        ix.add([str(seeds_dir)])
    with pytest.raises(SystemExit) as done:
        main(["search", "Integration", "--index", str(tmp_path / "idx"), "--json"])
    assert done.value.code in (None, 0) and '"total"' in capsys.readouterr().out


def test_a_search_earlier_in_the_process_does_not_end_a_later_command_at_once(tmp_path, seeds_dir, monkeypatch, capsys):
    """The quick exit belongs to the search that asked for it: an app that runs
    ``main()`` again after a search (another command) ends that one normally."""
    from searcher import Index, cli_output
    from searcher.cli import main

    with Index(tmp_path / "idx") as ix:
        ix.add([str(seeds_dir)])
    ended = []
    monkeypatch.setattr(cli_output.os, "_exit", lambda code: ended.append(code))
    monkeypatch.setattr(sys, "argv", ["searcher", "search", "Integration", "--index", str(tmp_path / "idx")])
    with pytest.raises(SystemExit):
        main()
    assert ended == [0]
    monkeypatch.setattr(sys, "argv", ["searcher", "stats", "--index", str(tmp_path / "idx")])
    with pytest.raises(SystemExit) as done:
        main()
    assert done.value.code in (None, 0) and ended == [0]
    capsys.readouterr()
