"""Every command has help text and is documented in the README."""
from __future__ import annotations

import re

from click.testing import CliRunner

from conftest import REPO
from searcher.cli import cli


def test_every_command_has_help_and_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    runner = CliRunner()
    assert cli.commands, "no commands registered"
    for name, command in cli.commands.items():
        assert command.help and command.help.strip(), f"{name} has no help text"
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output
        assert re.search(rf"searcher {name}\b", readme), f"`searcher {name}` is not documented in README.md"
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt not in ("--help",):
                    assert opt in readme, f"option {opt} of `searcher {name}` is not documented in README.md"


def test_readme_commands_are_the_ones_ci_runs():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- test-command -->\s*```[a-z]*\n(.+?)\n```", readme, re.S)
    assert block, "README has no marked test command"
    assert "pytest" in block.group(1)
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "test-command" in ci


def test_the_readme_library_example_runs(tmp_path, monkeypatch, capsys):
    import shutil

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Using it as a library", 1)[1]
    code = re.search(r"```python\n(.+?)\n```", section, re.S).group(1)
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "<mark>Integration</mark>" in out
    assert "Petra Köpping" in out and "Sebastian Vogel" in out
