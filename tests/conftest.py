"""Shared fixtures. The real corpus lives beside the repository in ../shared/corpus;
tests that need it are skipped with a clear reason where it is absent."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def speakers(text: str) -> list[tuple[str, str]]:
    """(quote, speaker) of each direct quote the extractor finds in ``text`` (one release)."""
    from searcher.parse.quotes import QuoteExtractor

    return [(q.text, q.speaker) for q in QuoteExtractor([text]).extract(text) if q.kind == "direct"]


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


# -- PostgreSQL ------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL 15 server started for this session in a temporary folder
    (see tests/pg_server.py). Skipped with the reason where the binaries are
    missing, except under CI=true, where that is a failure."""
    from pg_server import missing_reason, remove, start_server

    reason = missing_reason()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but no PostgreSQL for the tests: {reason}")
        pytest.skip(reason)
    server = start_server()
    try:
        yield server
    finally:
        server.stop()
        remove(server)


_PG_DBS = iter(range(1, 1_000_000))


@pytest.fixture
def pg_url(pg_server) -> str:
    """The URL of a new, empty database on the session's server (one per test)."""
    name = f"t{next(_PG_DBS)}"
    pg_server.sql(f"CREATE DATABASE {name}")
    return pg_server.url_of(name)
