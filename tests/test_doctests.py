"""The examples in the package's docstrings run and print what they say."""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import searcher


def _modules() -> list[str]:
    names = [searcher.__name__]
    for info in pkgutil.walk_packages(searcher.__path__, prefix="searcher."):
        if info.name.rsplit(".", 1)[-1] != "__main__":  # importing it runs the CLI
            names.append(info.name)
    return sorted(names)


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} doctest examples in {name} failed (run python -m doctest -v on it)"
