"""Hostile input, fuzzed with hypothesis: the parser, the query parser and
filters, and the CLI. Only the documented errors may come out, never another
exception and never a traceback.

Budget: ``SEARCHER_FUZZ_EXAMPLES`` examples per test (default 120 in CI).
The documented long run is ``python bench/fuzz_run.py`` (>= 10,000 cases),
which calls the same tests with a larger budget and counts the cases.
"""
from __future__ import annotations

import datetime as dt
import os
import random
import time
from collections import Counter

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reliability_helpers import COMMON_WORD, release_text, write_releases
from searcher.cli import cli
from searcher.errors import ParseError, UsageError
from searcher.models import Failure, Release

EXAMPLES = int(os.environ.get("SEARCHER_FUZZ_EXAMPLES", "120"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
    derandomize=os.environ.get("SEARCHER_FUZZ_RANDOM") is None,  # CI: reproducible; long run: random
    database=None,
)
#: Cases run per target (read by bench/fuzz_run.py).
CASES: Counter = Counter()

# ---------------------------------------------------------------------------
# Strategies

QUOTE_MARKS = "„“”‚‘’»«›‹\"'`´"
FRAGMENTS = [
    "Pressemitteilung\n\n", "Medieninformation Nr. 12/2024\n", "27.01.2023\n\n", "Dresden, 3. April 2024 – ",
    "Staatsministerin Petra Köpping: ", ", sagte Sebastian Vogel.", ", so Vogel weiter.", " erklärte, dass ",
    "»", "«", "„", "“", "\"", "'", "‚", "‘", "›", "‹", ": »„\"", "«“\"", "»»»", "««", "„„“",
    "\x00", "\x00\x00\x00", "\r\n", "\r", "\n\n\n", "\t", "\u00ad", "\u200b", "\ufeff", "\u2028", "\u00a0",
    "Fachkräfte-\nsicherung", "-\n", "**Ihr Ansprechpartner**  \n", "Telefon +49 351 564 55055\n",
    "presse@sms.sachsen.de", "https://www.example.de/a?b=c", "## Titel\n", "Pressekontakt:\n",
    "A" * 200, "Wort " * 50, ":" * 30, "(" * 20, ")" * 20, "\\", "ä\u0308", "e\u0301",
]
fragment_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=40).map("".join)
quote_heavy = st.text(alphabet=st.sampled_from(list(QUOTE_MARKS + "abc Wir sagte: ,.\n")), max_size=400)
long_line = st.builds(
    lambda unit, n: (unit * n)[:20000], st.text(min_size=1, max_size=30), st.integers(min_value=50, max_value=2000)
)


def _check_release(release: Release) -> None:
    assert isinstance(release, Release)
    for q in release.quotes:
        text = getattr(release, q.field)
        assert 0 <= q.start <= q.end <= len(text), q
        assert text[q.start : q.end] == q.text, (q, text[q.start : q.end])


# ---------------------------------------------------------------------------
# The parser


@FUZZ
@given(st.binary(max_size=3000))
def test_parse_bytes_random_bytes(data):
    from searcher.parse import parse_bytes

    CASES["parser: random bytes"] += 1
    try:
        release = parse_bytes(data, "fuzz.txt", id="fuzz.txt")
    except ParseError:
        return
    _check_release(release)


@FUZZ
@given(st.one_of(fragment_text, quote_heavy, long_line, st.text(max_size=2000)))
def test_parse_text_hostile_text(text):
    from searcher.parse import parse_bytes, parse_text

    CASES["parser: hostile text"] += 1
    _check_release(parse_text(text, "fuzz.txt", id="fuzz.txt"))
    try:  # the same text as a file (UTF-8 and Windows-1252 where it fits)
        _check_release(parse_bytes(text.encode("utf-8", "surrogatepass"), "fuzz.txt", id="fuzz.txt"))
    except ParseError:
        pass


@FUZZ
@given(st.binary(max_size=2000) | fragment_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
       st.sampled_from(["jsonl", "csv"]))
def test_parse_records_random_input(data, fmt):
    from searcher.parse import parse_records

    CASES["parser: records"] += 1
    try:
        for item in parse_records(data, f"fuzz.{fmt}", fmt, fields={"body": "text"}, constants={"issuer": "X"}):
            assert isinstance(item, (Release, Failure))
            if isinstance(item, Release):
                _check_release(item)
    except ParseError:
        pass


json_lines = st.lists(
    st.dictionaries(
        st.sampled_from(["id", "title", "body", "date", "issuer", "url", "persons_quoted", "x"]),
        st.one_of(st.none(), st.integers(), st.floats(allow_nan=True), st.text(max_size=60), st.lists(st.text(max_size=5)),
                  st.booleans(), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)),
        max_size=6,
    ),
    max_size=8,
)


@FUZZ
@given(json_lines)
def test_parse_records_odd_json_values(rows):
    import json

    from searcher.parse import parse_records

    CASES["parser: odd JSON records"] += 1
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode()
    try:
        for item in parse_records(data, "fuzz.jsonl", "jsonl"):
            assert isinstance(item, (Release, Failure))
    except ParseError:
        pass


# ---------------------------------------------------------------------------
# The query parser and the filters


odd_dates = st.one_of(
    st.text(max_size=20),
    st.from_regex(r"\A-?\d{1,6}([-./]\d{1,4}){0,3}\Z"),
    st.sampled_from(["0000-00-00", "2023-02-30", "31.02.2023", "9999-12-31", "0001-01-01", "2023-13", "13.2023",
                     "0", "-1", "１２３４", "٢٠٢٣", "2023-1-1 ", " 2023", "10000", "2023-02-29", "00.00.0000"]),
)
query_text = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(['"', "„", "“", "(", ")", "AND", "OR", "NOT", "-", "*", "~", "~2", "~9", ":", "title:",
                              "person:", "quote:", "issuer:", "x:", "Integration", "Köpping", " ", "\x00", "\\"]),
             max_size=20).map("".join),
)


# Queries an attacker would send to an app embedding the library: huge words,
# thousands of words, deep nesting, runs of operators, prefix and fuzzy
# expansions of short or long stems. The bounds of searcher.query keep each
# one cheap; here, only the documented errors may come out.
HOSTILE_UNITS = ["a", "Nu*", "St*", "a*", "Nummer5~2", "x~2", "Integration~", "(", ")", "-", "--", "OR", "AND",
                 "NOT", '"', "title:", "person:", "*", "~", "Köpping", "Zzqx", "ü", "\u0308"]
hostile_query = st.builds(
    lambda unit, n, sep: sep.join([unit] * n),
    st.sampled_from(HOSTILE_UNITS) | st.text(min_size=1, max_size=12),
    st.integers(min_value=1, max_value=6000),
    st.sampled_from(["", " ", " OR ", "(", " -"]),
) | st.lists(st.sampled_from(HOSTILE_UNITS), min_size=1, max_size=400).map(" ".join)
#: the slowest hostile query seen (seconds, text), for bench/fuzz_run.py's report
SLOWEST: list = [0.0, ""]


@FUZZ
@given(hostile_query)
def test_hostile_queries_raise_only_usage_errors(fuzz_index, text):
    CASES["search: hostile queries"] += 1
    t0 = time.perf_counter()
    try:
        result = fuzz_index.search(text, facets=True)
    except UsageError:
        return
    finally:
        took = time.perf_counter() - t0
        if took > SLOWEST[0]:
            SLOWEST[:] = [took, text[:60] + ("…" if len(text) > 60 else "")]
    assert 0 <= len(result.hits) <= result.total + result.related <= 25


@FUZZ
@given(query_text)
def test_query_parser_only_raises_query_errors(text):
    from searcher.query import parse_literal, parse_query

    CASES["query parser"] += 1
    try:
        parse_query(text)
    except UsageError:  # QueryError is a UsageError
        pass
    parse_literal(text)  # the fallback never fails


@FUZZ
@given(odd_dates, st.booleans())
def test_date_bounds_only_raise_usage_errors(value, end):
    from searcher.query import parse_date_bound

    CASES["date bounds"] += 1
    try:
        assert isinstance(parse_date_bound(value, end=end), dt.date)
    except UsageError:
        pass


@pytest.fixture(scope="module")
def fuzz_index(tmp_path_factory):
    from searcher.store import Index

    base = tmp_path_factory.mktemp("fuzz-index")
    write_releases(base / "src", range(25), seed=11)
    ix = Index(base / "idx")
    ix.sync(base / "src")
    yield ix
    ix.close()


@FUZZ
@given(
    query=query_text,
    issuer=st.none() | st.lists(st.text(max_size=20), max_size=3),
    person=st.none() | st.lists(st.text(max_size=20), max_size=3),
    date_from=st.none() | odd_dates,
    date_to=st.none() | odd_dates,
    options=st.fixed_dictionaries({}, optional={
        "require_all": st.booleans(),
        "sort": st.sampled_from(["relevance", "newest", "oldest", "bogus", ""]),
        "limit": st.integers(-5, 2000),
        "offset": st.integers(-5, 10**6),
        "facets": st.booleans(),
        "literal": st.booleans(),
    }),
)
def test_search_with_any_query_and_filters_raises_only_searcher_errors(fuzz_index, query, issuer, person, date_from, date_to, options):
    CASES["search with filters"] += 1
    try:
        result = fuzz_index.search(query, issuer=issuer, person=person, date_from=date_from, date_to=date_to, **options)
    except UsageError:
        return
    assert 0 <= len(result.hits) <= result.total + result.related <= 25
    for hit in result.hits:
        for snip in hit.snippets:
            for a, b in snip.highlights:
                assert 0 <= a <= b <= len(snip.text)


# ---------------------------------------------------------------------------
# The CLI


CLI_WORDS = [
    "index", "search", "show", "stats", "check", "parse", "--json", "--index", "--rebuild", "--wait", "--field",
    "--set", "--issuer", "--from", "--to", "--person", "--all", "--sort", "--limit", "--page", "--facets", "--help",
    "-h", "--version", "newest", "0", "-1", "1e9", "nan", "body=text", "=", "issuer=", "a=b=c", COMMON_WORD,
    "00/rel-00001.txt", "idx", "src", "src/00", "missing.txt", "notes.txt", "data.jsonl", "bad.csv", "2023-02-30",
    "27.01.2023", "", " ", "'\"", "„", "«", "*", "~", "ü" * 300, "--", "-", "--unknown",
]
cli_args = st.lists(st.one_of(st.sampled_from(CLI_WORDS), st.text(max_size=15)), max_size=8)


@pytest.fixture(scope="module")
def cli_home(tmp_path_factory):
    """A working folder with an index ``idx``, sources ``src`` and odd files."""
    home = tmp_path_factory.mktemp("fuzz-cli")
    write_releases(home / "src", range(8), seed=12)
    (home / "notes.txt").write_text(release_text(99), encoding="utf-8")
    (home / "data.jsonl").write_text('{"id": "1", "body": "x"}\n{broken\n', encoding="utf-8")
    (home / "bad.csv").write_bytes(b"a,b\n\x00\xff,\"unterminated\n")
    res = CliRunner().invoke(cli, ["index", str(home / "src"), "--index", str(home / "idx")])
    assert res.exit_code == 0, res.output
    return home


@FUZZ
@given(cli_args)
def test_cli_random_arguments_exit_0_1_2_without_traceback(cli_home, args):
    CASES["CLI arguments"] += 1
    assume(not (args and args[0] == "index" and "--rebuild" in args and "idx" in args))  # keep the fixture's index
    # argv of a real process cannot hold NUL; in-process, click's own Path type
    # raises ValueError on it before searcher runs (see the report of issue 4)
    assume(not any("\x00" in a for a in args))
    # hypothesis seeds the global random module the same way for every example,
    # and whoosh names new segments with it: two commits would get the same
    # segment name (see test_a_seeded_global_random_does_not_break_commits)
    random.seed(os.urandom(16))
    cwd = os.getcwd()
    os.chdir(cli_home)
    try:
        res = CliRunner().invoke(cli, args, env={"SEARCHER_INDEX": str(cli_home / "idx"), "SEARCHER_DEBUG": None})
    finally:
        os.chdir(cwd)
    assert res.exit_code in (0, 1, 2), (args, res.exit_code, res.output)
    assert res.exception is None or isinstance(res.exception, SystemExit), (args, repr(res.exception))
    assert "Traceback" not in res.output, (args, res.output)
    assert "please report it" not in res.output, (args, res.output)  # the CLI's catch-all for bugs


# ---------------------------------------------------------------------------
# Hostile records files: sound records between hostile lines always survive

JSONL_HOSTILE = [
    b"[" * 5000, b'{"id": "deep", "x": ' + b"[" * 2000 + b"]" * 2000 + b"}", b'{"n": ' + b"9" * 5000 + b"}",
    b"{" * 70 + b"}" * 70, b'{"id": "x', b'{"body": "\\ud800 lone surrogate"}', b'{"body": "a\x00b"}', b"\x00",
    b'{"title": "' + b"A" * 100_000 + b'"}', b"\xc3\x28\xa0\xfd invalid UTF-8", b"null", b"[1, 2]", b'{"id": 5, "date": "31.02.2023"}',
    b'{"date": "2023"}', b"\x1b[31m", b'"', b"{}",
]
# Every quote here either stays open to the end or is followed by a character
# that cannot close a field, so a strict reader notices it. (A stray quote that
# a later line closes at a comma or line end is valid CSV: no reader can tell.)
CSV_HOSTILE = [
    b'h1,"offen', b'h2,"zu"mitten,x', b"h3,ab\"c,d", b"\x00,\x00", b"a,b,c,d,e,f", b"A" * 100_000,
    b"\xc3\x28\xa0\xfd invalid UTF-8", b",,", b"h4,\x1b[2J,x", b'h5,"x""y', b"h6,T,B,31.02.2023",
]
ENDINGS = [b"\n", b"\r\n", b"\r"]


def _good_row(fmt: str, k: int) -> bytes:
    if fmt == "csv":
        return f"g{k},Titel {k},Text der Meldung {k}.".encode()
    return f'{{"id": "g{k}", "title": "Titel {k}", "body": "Text der Meldung {k}."}}'.encode()


@st.composite
def hostile_records(draw):
    """(format, file bytes, ids of the sound records in it)."""
    fmt = draw(st.sampled_from(["jsonl", "csv"]))
    pieces = CSV_HOSTILE if fmt == "csv" else JSONL_HOSTILE
    lines, good = [], []
    for k in range(draw(st.integers(min_value=1, max_value=12))):
        if draw(st.booleans()):
            lines.append(_good_row(fmt, k))
            good.append(f"g{k}")
        else:
            lines.append(draw(st.sampled_from(pieces)))
    ends = [draw(st.sampled_from(ENDINGS)) for _ in lines]
    body = b"".join(line + end for line, end in zip(lines, ends))
    head = b"id,title,body,date\n" if fmt == "csv" else b""
    bom = b"\xef\xbb\xbf" if draw(st.booleans()) else b""
    return fmt, bom + head + body, good


def _check_hostile_records(fmt: str, data: bytes, good: list[str]):
    from searcher.parse import parse_records

    try:
        items = list(parse_records(data, f"fuzz.{fmt}", fmt))
    except ParseError as err:  # the file as a whole: binary (a NUL byte near the start)
        assert "binary" in str(err), err
        return None
    got = [i.id for i in items if isinstance(i, Release) and i.id.startswith("g")]
    assert sorted(got) == sorted(good), (got, good)
    for item in items:
        if isinstance(item, Failure):
            assert item.source.startswith(f"fuzz.{fmt}:") and item.source.rsplit(":", 1)[1].isdigit(), item
        else:
            _check_release(item)
    return items


@FUZZ
@given(hostile_records())
def test_hostile_records_files_keep_every_sound_record(case):
    CASES["parser: hostile records files"] += 1
    _check_hostile_records(*case)


@settings(FUZZ, max_examples=max(10, EXAMPLES // 10))
@given(hostile_records())
def test_hostile_records_on_resync_remove_nothing(case):
    """Index the sound records, add hostile lines, sync again: nothing is removed."""
    import tempfile
    from pathlib import Path

    from searcher.store import Index

    fmt, data, good = case
    CASES["sync: hostile records files"] += 1
    with tempfile.TemporaryDirectory(prefix="searcher-fuzz-") as tmp:
        feed = Path(tmp) / "src" / f"feed.{fmt}"
        feed.parent.mkdir()
        head = b"id,title,body,date\n" if fmt == "csv" else b""
        feed.write_bytes(head + b"".join(_good_row(fmt, int(g[1:])) + b"\n" for g in good) + _good_row(fmt, 99) + b"\n")
        with Index(Path(tmp) / "idx") as ix:
            ix.sync(feed.parent)
            feed.write_bytes(data)
            report = ix.sync(feed.parent)
            ids = {h.id for h in ix.search("", limit=1000).hits}
        assert set(good) <= ids, (report, good)
        if report.failed:
            assert report.removed == 0 and "g99" in ids, report

# ---------------------------------------------------------------------------
# No catastrophic backtracking


HANG_GUARD = 300  # seconds; a hang guard, not a speed requirement


def _five_mb_single_line(kind: str) -> bytes:
    if kind == "prose":
        unit = "Staatsministerin Köpping sagte: „Wir fördern die Fachkräftesicherung in Sachsen.“ »Gut«, so Vogel. "
    else:  # quote marks, colons and capitals with no closing anywhere: the worst case for quote spans
        unit = "Vogel: »„Wir ‚sagen Köpping: „ »Es Ministerin Dr. A. B-C: "
    line = (unit * (5_000_000 // len(unit.encode()) + 1)).encode()[:5_000_000]
    return line.decode("utf-8", "ignore").encode()


@pytest.mark.parametrize("kind", ["prose", "open-quotes"])
def test_a_5_mb_single_line_parses_without_backtracking(kind):
    from searcher.parse import parse_bytes

    data = _five_mb_single_line(kind)
    assert b"\n" not in data and len(data) > 4_900_000
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        release = parse_bytes(data, "big.txt", id="big.txt")
    except ParseError:
        release = None
    took, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"5 MB single line ({kind}): parsed in {took:.2f} s ({cpu:.2f} s CPU)")
    # no timing limit (a loaded machine is not a bug); catastrophic
    # backtracking would not finish at all, which the guard turns into a failure
    assert took < HANG_GUARD, f"a 5 MB single line ({kind}) did not finish parsing in {HANG_GUARD} s"
    if release is not None:
        _check_release(release)
