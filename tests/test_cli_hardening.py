"""Issue 11 (cli part): nothing from a release reaches a terminal raw, settings
are checked with a clear message, and library errors speak library terms."""
from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner

from searcher import Index, IndexDamaged, IndexLocked, IndexNotFound, ReleaseNotFound, UsageError
from searcher.cli import cli
from searcher.errors import SettingError
from searcher.models import to_jsonable

# An OSC 52 clipboard write, an OSC 0 window title, "clear screen" and a bare
# 8-bit CSI (U+009B), as a hostile release might carry them
OSC52 = "\x1b]52;c;ZXZpbA==\x07"
TITLE = "\x1b]0;owned\x07"
CLEAR = "\x1b[2J"
CSI8 = "\x9b31m"
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # controls other than tab and newline


def _raw(text: str) -> list[str]:
    return RAW.findall(text)


@pytest.fixture
def runner():
    return CliRunner()  # output holds stdout and stderr: both reach the terminal


@pytest.fixture
def hostile(tmp_path):
    record = {
        "id": f"evil{CLEAR}-1",
        "issuer": f"Polizei {TITLE}Berlin",
        "date": "2024-03-01",
        "title": f"Titel {OSC52} Integration",
        "body": f"Erster Satz über Integration {CLEAR} und {CSI8} rot.\n\nZweiter Satz mit \x07 Glocke zur Integration.",
    }
    src = tmp_path / "evil.jsonl"
    src.write_text(json.dumps(record) + "\n", encoding="utf-8")
    idx = tmp_path / "idx"
    assert CliRunner().invoke(cli, ["index", str(src), "--index", str(idx)]).exit_code == 0
    return src, idx, record


def test_search_show_stats_and_parse_print_no_raw_escape_sequences(runner, hostile):
    src, idx, record = hostile
    outputs = {
        "search": runner.invoke(cli, ["search", "Integration", "--index", str(idx)]),
        "show": runner.invoke(cli, ["show", record["id"], "--index", str(idx)]),
        "stats": runner.invoke(cli, ["stats", "--index", str(idx)]),
        "parse": runner.invoke(cli, ["parse", str(src)]),
    }
    for name, res in outputs.items():
        assert res.exit_code == 0, (name, res.output)
        assert _raw(res.output) == [], f"{name} printed raw controls: {_raw(res.output)}"
    # the reader still sees that something was there, as visible markers
    assert "Titel \u241b]52;c;ZXZpbA==\u2407 Integration" in outputs["show"].output
    assert "\ufffd31m" in outputs["search"].output
    assert "Polizei \u241b]0;owned\u2407Berlin" in outputs["stats"].output
    assert "\n\nZweiter Satz" in outputs["show"].output  # the body keeps its paragraphs


def test_searchers_own_colour_survives(runner, hostile, monkeypatch):
    _, idx, _ = hostile
    monkeypatch.setattr("searcher.settings.use_color", lambda stream=None: True)
    out = runner.invoke(cli, ["search", "Integration", "--index", str(idx)], color=True).output
    assert "\x1b[1;33mIntegration\x1b[0m" in out  # the highlight
    without_ours = re.sub(r"\x1b\[[0-9;]*m", "", out.replace(CLEAR, ""))
    assert CLEAR not in out and _raw(without_ours) == []


@pytest.mark.parametrize("command", [["search", "Integration", "--json"], ["show", f"evil{CLEAR}-1", "--json"], ["parse"]])
def test_json_escapes_every_control_and_round_trips(runner, hostile, command):
    src, idx, record = hostile
    args = [*command, str(src), "--json"] if command == ["parse"] else [*command, "--index", str(idx)]
    res = runner.invoke(cli, args)
    assert res.exit_code == 0, res.output
    assert _raw(res.output) == []
    data = json.loads(res.output)
    release = data["hits"][0] if "hits" in data else data
    assert release["title"] == record["title"] and release["issuer"] == record["issuer"]


def test_error_messages_and_notes_show_no_raw_controls(runner, hostile, tmp_path):
    src, idx, _ = hostile
    missing = runner.invoke(cli, ["show", f"nope{OSC52}", "--index", str(idx)])
    assert missing.exit_code == 1 and "No release with id" in missing.output
    note = runner.invoke(cli, ["search", f'"Integration {CLEAR}', "--index", str(idx)])
    assert note.exit_code == 0 and "literally" in note.output
    bad = tmp_path / f"bad{TITLE}.txt"
    bad.write_bytes(b"")
    failed = runner.invoke(cli, ["parse", str(bad)])
    assert "bad\u241b]0;owned\u2407.txt" in failed.output
    indexed = runner.invoke(cli, ["index", str(bad), "--index", str(idx)])
    assert indexed.exit_code == 0 and "failed: " in indexed.output
    for res in (missing, note, failed, indexed):
        assert _raw(res.output) == [], res.output


# --- settings ---------------------------------------------------------------


def test_a_bad_term_cache_setting_is_named_not_reported_as_damage(runner, hostile, monkeypatch):
    _, idx, _ = hostile
    monkeypatch.setenv("SEARCHER_TERM_CACHE", "lots")
    res = runner.invoke(cli, ["search", "Integration", "--index", str(idx)])
    assert res.exit_code == 2, res.output
    assert res.output.startswith("Error: SEARCHER_TERM_CACHE='lots' is not accepted: use a whole number")
    assert "damaged" not in res.output
    with pytest.raises(SettingError) as err:
        Index(idx).search("Integration")
    assert isinstance(err.value, UsageError) and err.value.name == "SEARCHER_TERM_CACHE"
    monkeypatch.setenv("SEARCHER_TERM_CACHE", "0")  # no cache at all is allowed
    assert Index(idx).search("Integration").total == 1


@pytest.mark.parametrize("value", ["many", "0", "-2", "99"])
def test_a_bad_procs_setting_stops_indexing_with_the_accepted_values(runner, seeds_dir, tmp_path, monkeypatch, value):
    monkeypatch.setenv("SEARCHER_PROCS", value)
    res = runner.invoke(cli, ["index", str(seeds_dir), "--index", str(tmp_path / "idx")])
    assert res.exit_code == 2, res.output
    assert f"SEARCHER_PROCS={value!r} is not accepted: use a whole number from 1 to 8" in res.output
    assert not (tmp_path / "idx" / "current").exists() or Index(tmp_path / "idx").doc_count() == 0


def test_searcher_debug_zero_means_off(runner, monkeypatch):
    from searcher import settings

    monkeypatch.setenv("SEARCHER_DEBUG", "0")
    assert settings.get("SEARCHER_DEBUG") is False
    monkeypatch.setenv("SEARCHER_DEBUG", "1")
    assert settings.get("SEARCHER_DEBUG") is True
    monkeypatch.setenv("SEARCHER_DEBUG", "")
    assert settings.get("SEARCHER_DEBUG") is False


def test_every_setting_is_documented_in_the_readme():
    from conftest import REPO
    from searcher.settings import SETTINGS

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"`{setting.name}`" in readme, f"{setting.name} is not documented in README.md"


# --- library errors in library terms ----------------------------------------


@pytest.mark.parametrize(
    "err",
    [
        IndexNotFound("/data/idx"),
        IndexLocked("/data/idx", 30),
        IndexDamaged("/data/idx", "a segment is missing"),
        ReleaseNotFound("x-1"),
        SettingError("SEARCHER_PROCS", "x", "a whole number"),
    ],
)
def test_library_errors_name_no_command_line(err):
    assert "searcher " not in str(err) and "--" not in str(err)
    assert str(err) == f"{err.problem} {err.advice}"


def test_caller_faults_are_usage_errors():
    assert issubclass(ReleaseNotFound, UsageError) and issubclass(SettingError, UsageError)
    for environment in (IndexNotFound, IndexLocked, IndexDamaged):
        assert not issubclass(environment, UsageError)


def test_the_cli_gives_its_own_advice(runner, hostile, tmp_path):
    _, idx, _ = hostile
    missing = runner.invoke(cli, ["show", "nope", "--index", str(idx)])
    assert missing.exit_code == 1
    assert missing.output.strip() == (
        "Error: No release with id 'nope' in the index. "
        "Search first and use an id from the results (searcher search WORDS --json)."
    )
    live = (idx / "current").resolve()
    shutil.rmtree(live)
    damaged = runner.invoke(cli, ["search", "Integration", "--index", str(idx)])
    assert damaged.exit_code == 1
    assert f"Recover it from the sources with: searcher index --rebuild [PATH ...] --index {idx}" in damaged.output
    assert "Index(path)" not in damaged.output


# --- the hit JSON comes from the model ---------------------------------------


def test_search_json_is_the_models_json(runner, seeds_dir, tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(seeds_dir, docs)
    idx = tmp_path / "idx"
    assert runner.invoke(cli, ["index", str(docs), "--index", str(idx)]).exit_code == 0
    res = runner.invoke(cli, ["search", "Integration", "--index", str(idx), "--json"])
    data = json.loads(res.output)
    assert data == json.loads(json.dumps(to_jsonable(Index(idx).search("Integration"))))
    assert "facets" not in data and "suggestion" not in data  # only when there are some
    assert {s["field"] for h in data["hits"] for s in h["snippets"]} <= {"title", "subtitle", "body"}
