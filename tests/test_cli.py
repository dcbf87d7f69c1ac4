"""The command line as a user drives it: output, JSON, errors and exit codes."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from searcher.cli import cli

INDEX_KEYS = {"added", "updated", "unchanged", "removed", "failed", "total", "failures", "warned", "warnings"}


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def built(tmp_path, seeds_dir, runner):
    docs = tmp_path / "docs"
    shutil.copytree(seeds_dir, docs)
    idx = tmp_path / "idx"
    result = runner.invoke(cli, ["index", str(docs), "--index", str(idx)])
    assert result.exit_code == 0, result.output
    return idx, docs


def test_index_summary_and_json(tmp_path, runner, built):
    idx, docs = built
    result = runner.invoke(cli, ["index", str(docs), "--index", str(idx), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert set(data) == INDEX_KEYS
    assert (data["unchanged"], data["total"], data["failures"]) == (2, 2, [])


def test_index_reports_a_bad_file_and_goes_on(tmp_path, runner, built):
    idx, docs = built
    (docs / "bad.txt").write_bytes(b"\x00\xff" * 100)
    result = runner.invoke(cli, ["index", str(docs), "--index", str(idx), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["failed"] == 1 and data["total"] == 2
    assert data["failures"][0]["source"].endswith("bad.txt")


def test_index_env_var_names_the_index(tmp_path, runner, seeds_dir, monkeypatch):
    monkeypatch.setenv("SEARCHER_INDEX", str(tmp_path / "envidx"))
    assert runner.invoke(cli, ["index", str(seeds_dir)]).exit_code == 0
    assert (tmp_path / "envidx" / "current").is_dir()


def test_search_human_output_lists_hits(runner, built):
    idx, _ = built
    result = runner.invoke(cli, ["search", "Integration", "--index", str(idx)])
    assert result.exit_code == 0, result.output
    assert "2 releases" in result.output
    assert "Breites Bündnis stärkt Integration" in result.output
    assert "quoted: Petra Köpping" in result.output
    assert "\x1b[" not in result.output  # not a terminal: no colour codes


def test_search_json_shape(runner, built):
    idx, _ = built
    result = runner.invoke(cli, ["search", "Integration", "--index", str(idx), "--json", "--facets"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["total"], data["related"]) == (2, 0)
    hit = data["hits"][0]
    assert set(hit) == {"id", "source", "title", "issuer", "date", "persons_quoted", "location", "url", "score",
                        "snippets", "related"}
    assert hit["related"] is False
    for snippet in hit["snippets"]:
        for start, end in snippet["highlights"]:
            assert "integration" in snippet["text"][start:end].lower()
    assert "facets" in data


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--person", "Vogel"], ["003_c79be066c681028f.txt"]),
        (["--person", "Koepping"], ["000_97013a9233346326.txt"]),
        (["--from", "2024-01-01"], ["003_c79be066c681028f.txt"]),
        (["--to", "2023-12-31"], ["000_97013a9233346326.txt"]),
        (["--issuer", "ZEFAS"], ["003_c79be066c681028f.txt"]),
        (["--issuer", "Soziales"], ["000_97013a9233346326.txt"]),
    ],
)
def test_search_filters_from_the_cli(runner, built, args, expected):
    idx, _ = built
    result = runner.invoke(cli, ["search", "Integration", "--index", str(idx), "--json", *args])
    assert result.exit_code == 0, result.output
    assert [h["id"] for h in json.loads(result.output)["hits"]] == expected


def test_search_without_index_exits_1_with_how_to_build(tmp_path, runner):
    result = runner.invoke(cli, ["search", "Integration", "--index", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: No index at ")
    assert "searcher index" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--from", "2023-02-30"], "2023-02-30"),
        (["--from", "2024", "--to", "2023"], "2024"),
        (["--sort", "random"], "random"),
        (["--limit", "0"], "--limit"),
    ],
)
def test_usage_errors_exit_2_and_name_the_value(runner, built, args, needle):
    idx, _ = built
    result = runner.invoke(cli, ["search", "Integration", "--index", str(idx), *args])
    assert result.exit_code == 2, result.output
    assert needle in result.output
    assert "Traceback" not in result.output


def test_bad_field_mapping_is_a_usage_error(runner, tmp_path, seeds_dir):
    result = runner.invoke(cli, ["index", str(seeds_dir), "--index", str(tmp_path / "i"), "--field", "body"])
    assert result.exit_code == 2
    assert "NAME=VALUE" in result.output


def test_syntax_error_falls_back_to_literal_words(runner, built):
    idx, _ = built
    result = runner.invoke(cli, ["search", '"Integration', "--index", str(idx)])
    assert result.exit_code == 0, result.output
    assert "literally" in result.output
    assert "releases" in result.output


def test_show_and_stats_and_check(runner, built):
    idx, _ = built
    shown = runner.invoke(cli, ["show", "003_c79be066c681028f.txt", "--index", str(idx), "--json"])
    assert shown.exit_code == 0, shown.output
    release = json.loads(shown.output)
    assert release["date"] == "2026-06-30"
    assert release["persons_quoted"] == ["Sebastian Vogel"]
    missing = runner.invoke(cli, ["show", "nope", "--index", str(idx)])
    assert missing.exit_code == 1 and "No release with id 'nope'" in missing.output

    stats = json.loads(runner.invoke(cli, ["stats", "--index", str(idx), "--json"]).output)
    assert stats["documents"] == 2
    assert (stats["date_from"], stats["date_to"]) == ("2023-01-27", "2026-06-30")

    check = runner.invoke(cli, ["check", "--index", str(idx)])
    assert check.exit_code == 0 and check.output.startswith("OK: 2 releases")


def test_parse_json_prints_one_object_per_release(runner, seeds_dir):
    files = sorted(str(p) for p in seeds_dir.glob("*.txt"))
    result = runner.invoke(cli, ["parse", *files, "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [r["date"] for r in lines] == ["2023-01-27", "2026-06-30"]


def test_parse_reports_bad_file_and_continues(runner, seeds_dir, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    good = next(seeds_dir.glob("000_*.txt"))
    result = runner.invoke(cli, ["parse", str(bad), str(good), "--json"])
    assert result.exit_code == 0
    assert "bad.txt" in result.output
    assert '"2023-01-27"' in result.output


def test_python_dash_m_works(built):
    import subprocess
    import sys

    idx, _ = built
    out = subprocess.run(
        [sys.executable, "-m", "searcher", "search", "Arbeitsmarkt", "--index", str(idx), "--json"],
        capture_output=True, text=True, check=True,
    )
    assert json.loads(out.stdout)["total"] == 2
