"""The search command reads words starting with one dash as query words, and
prints the notes of a search whose query a bound cut."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from searcher.cli import cli
from searcher.query import MAX_WORD_CHARS


# -- command line ------------------------------------------------------------------


@pytest.fixture
def cli_index(tmp_path, seeds_dir):
    runner = CliRunner()
    idx = tmp_path / "idx"
    result = runner.invoke(cli, ["index", str(seeds_dir), "--index", str(idx)])
    assert result.exit_code == 0, result.output
    return runner, idx


def run_json(runner, args):
    result = runner.invoke(cli, ["search", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_dash_words_are_query_words_on_the_command_line(cli_index):
    runner, idx = cli_index
    plain = run_json(runner, ["Integration", "--index", str(idx)])
    assert plain["total"] == 2
    without = run_json(runner, ["Integration", "-Köpping", "--index", str(idx)])
    assert without["total"] == 1
    # options before, between and after; "--" still works; option values may start with "-"
    assert run_json(runner, ["--index", str(idx), "Integration", "-Köpping", "--limit", "5"]) == without
    after_dashes = runner.invoke(cli, ["search", "--index", str(idx), "--json", "--", "Integration", "-Köpping"])
    assert json.loads(after_dashes.output) == without
    # the value of --person stays with it, not with the query
    by_person = run_json(runner, ["--index", str(idx), "--person", "Köpping", "Integration"])
    assert run_json(runner, ["--index", str(idx), "--person", "-Köpping", "Integration"]) == by_person


def test_unknown_double_dash_option_is_still_an_error(cli_index):
    runner, idx = cli_index
    result = runner.invoke(cli, ["search", "Integration", "--isuer", "SMS", "--index", str(idx)])
    assert result.exit_code == 2
    assert "No such option" in result.output and "--issuer" in result.output


def test_cli_prints_the_notes_and_json_carries_them(cli_index):
    runner, idx = cli_index
    data = run_json(runner, ["Integration", "x" * 100, "--index", str(idx)])
    assert (data["total"], data["related"]) == (0, 2)  # no release has the x... word: related only
    assert any(f"only its first {MAX_WORD_CHARS}" in n for n in data["notes"])
    result = runner.invoke(cli, ["search", "Integration", "x" * 100, "--index", str(idx)])
    assert result.exit_code == 0
    assert f"Note: The word \"xxxxxxxxxxxxxxxxxxxx…\" is 100 characters long" in result.output
    assert "notes" not in run_json(runner, ["Integration", "--index", str(idx)])


def test_nesting_error_on_the_command_line_falls_back_to_the_words(cli_index):
    runner, idx = cli_index
    result = runner.invoke(cli, ["search", "(" * 300 + "Integration" + ")" * 300, "--index", str(idx)])
    assert result.exit_code == 0, result.output
    assert "too deeply nested" in result.output
    assert "2 releases" in result.output
    assert "unexpected" not in result.output
