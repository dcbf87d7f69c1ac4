"""Whoosh's private internals are reached through one module, which refuses a
Whoosh that lacks what searcher relies on, naming what is missing."""
from __future__ import annotations

import pytest

from searcher.backends.whoosh import internals


def test_the_installed_whoosh_has_every_private_name_searcher_needs():
    assert internals.missing() == []


def test_a_whoosh_without_a_needed_name_fails_loudly_naming_it():
    needs = internals.REQUIRED + (("whoosh.writing", "SegmentWriter._no_such_method"), ("whoosh.no_such_module", "X"))
    with pytest.raises(internals.WhooshInternalsChanged) as err:
        internals.verify(needs)
    message = str(err.value)
    assert "whoosh.writing.SegmentWriter._no_such_method" in message
    assert "whoosh.no_such_module.X" in message
    assert "pip install" in message


def test_the_whoosh_modules_of_searcher_go_through_the_door():
    """Every module of the Whoosh backend that uses private names imports the door first."""
    import inspect

    from searcher.backends.whoosh import _whoosh_fixes, _writer, check, pool

    for module in (_writer, _whoosh_fixes, check, pool):
        assert "from . import internals" in inspect.getsource(module), module.__name__


def test_the_search_package_reads_whoosh_internals_through_the_door():
    """The search engine's codec reads (posting blocks, length and date columns)
    go through the door too: its modules name no private Whoosh attribute."""
    import inspect
    import re

    from searcher.search import caches, engine, facets, highlighting, postings, scoring, suggestions, tables, vocabulary

    for module in (postings, tables):
        assert "from ..backends.whoosh import internals" in inspect.getsource(module), module.__name__
    private = re.compile(r"\b(?:m|col|leaf)\._[a-z]")  # a matcher's, column's or segment's private attribute
    for module in (caches, engine, facets, highlighting, postings, scoring, suggestions, tables, vocabulary):
        assert not private.findall(inspect.getsource(module)), module.__name__


def test_the_segment_writer_reaches_whoosh_internals_only_through_the_door():
    """_writer.py names no private attribute of a Whoosh object: its own
    ``self._x`` names are ones it defines, every other private access is a
    function of the door."""
    import inspect
    import re

    from searcher.backends.whoosh import _writer

    source = inspect.getsource(_writer)
    others = re.findall(r"\b(?!self\b)[a-z]\w*\._[a-z]\w*", source)
    assert others == [], others
    own = set(re.findall(r"\bdef (_\w+)", source)) | set(re.findall(r"\bself\.(_\w+)\s*(?::[^=\n]+)?=", source))
    used = set(re.findall(r"\bself\.(_[a-z]\w*)", source))
    assert used <= own, sorted(used - own)
