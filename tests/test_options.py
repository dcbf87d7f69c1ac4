"""One SearchOptions value carries a search's options from the CLI, the web
app and the library through the backend to the engine (issue 12)."""
from __future__ import annotations

import dataclasses

import pytest
from click.testing import CliRunner

from searcher import Index, SearchOptions
from searcher.backends.whoosh.backend import WhooshBackend
from searcher.cli import cli
from searcher.errors import UsageError
from searcher.web import App


@pytest.fixture(scope="module")
def index_path(tmp_path_factory, seeds_dir):
    path = tmp_path_factory.mktemp("options") / "ix"
    with Index(path) as ix:
        ix.sync(seeds_dir)
    return path


def outline(result):
    return (result.total, result.related, [h.id for h in result.hits], result.facets, result.notes)


def test_defaults_and_checks_live_in_the_value():
    opts = SearchOptions()
    assert (opts.sort, opts.limit, opts.offset, opts.snippets, opts.require_all) == ("relevance", 10, 0, True, False)
    assert SearchOptions(issuer=["SMS", "SMK"]).issuer == ("SMS", "SMK")
    assert SearchOptions(issuer="SMS").issuer == "SMS"
    with pytest.raises(UsageError, match="limit must be between 1 and 1000, got 0"):
        SearchOptions(limit=0)
    with pytest.raises(UsageError, match="offset must be 0 or more"):
        SearchOptions().replace(offset=-3)
    with pytest.raises(TypeError, match="colour"):
        SearchOptions.from_(None, colour="red")
    with pytest.raises(dataclasses.FrozenInstanceError):
        opts.limit = 5  # type: ignore[misc]


def test_index_search_takes_options_or_the_same_keywords(index_path):
    with Index(index_path) as ix:
        by_keywords = ix.search("Pflege Sachsen", sort="newest", limit=3, facets=True, date_from="2020")
        by_value = ix.search("Pflege Sachsen", options=SearchOptions(sort="newest", limit=3, facets=True, date_from="2020"))
        assert outline(by_value) == outline(by_keywords)
        with pytest.raises(UsageError, match=r"either as options= or as keywords, not both \(limit\)"):
            ix.search("Pflege", limit=3, options=SearchOptions())
        with pytest.raises(UsageError, match="options must be a SearchOptions"):
            ix.search("Pflege", options={"limit": 3})


def test_cli_and_web_hand_one_value_to_the_backend(index_path, monkeypatch):
    seen = []
    original = WhooshBackend.search

    def spy(self, query, options):
        seen.append(options)
        return original(self, query, options)

    monkeypatch.setattr(WhooshBackend, "search", spy)
    result = CliRunner().invoke(cli, ["search", "--index", str(index_path), "--issuer", "SMS", "--page", "2",
                                      "--limit", "3", "Pflege"])
    assert result.exit_code == 0, result.output
    assert seen[-1] == SearchOptions(issuer=("SMS",), limit=3, offset=3)

    app = App(Index(index_path))
    status = app.handle("GET", "/api/search?q=Pflege&person=K%C3%B6pping&sort=oldest&page=3&limit=5").status
    assert status == 200
    assert seen[-1] == SearchOptions(person=("Köpping",), sort="oldest", limit=5, offset=10)
    assert all(type(o) is SearchOptions for o in seen)


def test_index_search_keeps_its_keywords_and_they_are_the_options():
    import inspect

    params = inspect.signature(Index.search).parameters
    keywords = [n for n, p in params.items() if p.kind is p.KEYWORD_ONLY]
    fields = [f.name for f in dataclasses.fields(SearchOptions)]
    assert keywords == [
        "issuer", "date_from", "date_to", "person", "require_all", "sort", "limit", "offset", "facets",
        "snippets", "literal", "location", "timeline", "mixed", "options",
    ]
    assert sorted(keywords[:-1]) == sorted(fields)
    assert all(params[n].default == getattr(SearchOptions(), n) for n in fields)
