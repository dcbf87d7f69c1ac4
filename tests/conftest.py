"""Shared fixtures. The real corpus lives beside the repository in ../shared/corpus;
tests that need it are skipped with a clear reason where it is absent."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _corpus_dir() -> Path:
    env = os.environ.get("SEARCHER_CORPUS")
    return Path(env) if env else REPO.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """../shared/corpus, or skip: it is not shipped with the project."""
    path = _corpus_dir()
    if not path.is_dir():
        pytest.skip(f"real corpus not found at {path} (set SEARCHER_CORPUS to point at it)")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS
