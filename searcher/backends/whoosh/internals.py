"""The one door to Whoosh's private internals: every private name searcher's
Whoosh modules rely on is listed here and checked when this module is imported,
so a Whoosh release that changed them fails loudly at once instead of
indexing or checking wrongly.

The segment writer (:mod:`._writer`), the workarounds (:mod:`._whoosh_fixes`),
the integrity check (:mod:`.check`) and the worker pool (:mod:`.pool`) import
this module first and reach private names through it. (The search engine,
:mod:`searcher.search`, still reads codec internals on its own; it moves
behind this door in a later pass.)
"""
from __future__ import annotations

import importlib

# (module, dotted attribute) pairs that must exist for searcher to work
REQUIRED: tuple[tuple[str, str], ...] = (
    # the grouped segment writer and the one commit of the worker pool (_writer.py, pool.py)
    ("whoosh.writing", "SegmentWriter._check_state"),
    ("whoosh.writing", "SegmentWriter._doc_boost"),
    ("whoosh.writing", "SegmentWriter._field_boost"),
    ("whoosh.writing", "SegmentWriter._check_fields"),
    ("whoosh.writing", "SegmentWriter._merge_segments"),
    ("whoosh.writing", "SegmentWriter._close_segment"),
    ("whoosh.writing", "SegmentWriter._commit_toc"),
    ("whoosh.writing", "SegmentWriter._finish"),
    ("whoosh.writing", "SegmentWriter._finalize_segment"),
    ("whoosh.codec.whoosh3", "W3FieldWriter"),
    ("whoosh.codec.whoosh3", "W3PostingsWriter._new_block"),
    ("whoosh.codec.whoosh3", "W3PostingsWriter._mini_ids"),
    ("whoosh.codec.whoosh3", "W3PostingsWriter._mini_weights"),
    ("whoosh.codec.whoosh3", "W3PostingsWriter._mini_values"),
    ("whoosh.codec.whoosh3", "WHOOSH3_HEADER_MAGIC"),
    ("whoosh.util.numeric", "length_to_byte"),
    # the workarounds (_whoosh_fixes.py)
    ("whoosh.codec.base", "Segment._random_id"),
    ("whoosh.filedb.compound", "BufferFile"),
    ("whoosh.filedb.structfile", "BufferFile"),
    # the table of contents (check.py, pool.py)
    ("whoosh.index", "TOC._pattern"),
    ("whoosh.index", "TOC._filename"),
    ("whoosh.index", "TOC.read"),
    ("whoosh.index", "clean_files"),
    ("whoosh.index", "_INT_SIZE"),
    ("whoosh.index", "_LONG_SIZE"),
    ("whoosh.index", "_FLOAT_SIZE"),
    ("whoosh.index", "_CURRENT_TOC_VERSION"),
    ("whoosh.reading", "SegmentReader"),
)


class WhooshInternalsChanged(ImportError):
    """The installed Whoosh lacks private names searcher relies on."""


def missing(required=REQUIRED) -> list[str]:
    """The ``module.attribute`` names of ``required`` that the installed Whoosh lacks."""
    gone = []
    for module_name, path in required:
        try:
            obj = importlib.import_module(module_name)
            for part in path.split("."):
                obj = getattr(obj, part)
        except (ImportError, AttributeError):
            gone.append(f"{module_name}.{path}")
    return gone


def verify(required=REQUIRED) -> None:
    """Raise :class:`WhooshInternalsChanged` naming every missing private name."""
    gone = missing(required)
    if gone:
        raise WhooshInternalsChanged(
            "searcher needs internals of whoosh-reloaded 2.7.5 that the installed Whoosh lacks: "
            + ", ".join(gone)
            + ". Install the version searcher pins (pip install -e . in the project) and try again."
        )


verify()


def toc_pattern(indexname: str):
    """The compiled pattern of a table of contents file name (group 1: its generation)."""
    from whoosh.index import TOC

    return TOC._pattern(indexname)


def toc_filename(indexname: str, gen: int) -> str:
    """The file name of the table of contents of generation ``gen``."""
    from whoosh.index import TOC

    return TOC._filename(indexname, gen)


def commit_segments(writer, segments) -> None:
    """Commit ``writer``'s own segment plus ``segments`` written by worker
    processes in one new table of contents (Whoosh's commit, without its merge policy)."""
    final = writer._merge_segments(None, None, False) + [seg for seg in segments if seg is not None]
    writer._close_segment()
    writer._commit_toc(final)
    writer._finish()


def finalize_segment(writer):
    """Finish a worker's segment without committing it; the segment, for the parent."""
    return writer._finalize_segment()


def close_segment(writer) -> None:
    """Close a worker's segment files without touching the writers' shared temp folder."""
    writer._close_segment()
