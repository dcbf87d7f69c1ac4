"""Integrity check of one index generation: every file present and fully readable.

The check reads one consistent generation: a commit that lands meanwhile
replaces the table of contents and deletes the segment files it no longer
lists, so a file that vanished is only damage if the table of contents it was
listed in is still the latest one (else the check starts again, a bounded
number of times).

Whoosh keeps the index schema and segment list as pickles in the table of
contents, and unpickling can run code. The check therefore loads them with an
unpickler that accepts only the classes ``searcher`` writes (Whoosh's and
searcher's own, and a few harmless builtins), and compares the schema with
searcher's before it reads anything else.
"""
from __future__ import annotations

import io
import os
import pickle
from pathlib import Path

from ...models import CheckReport
from . import internals

INDEXNAME = "MAIN"
ATTEMPTS = 10  # fresh starts after concurrent commits before giving up

# the few non-Whoosh, non-searcher globals a searcher schema pickles
_ALLOWED_GLOBALS = {
    ("builtins", "frozenset"), ("builtins", "set"), ("builtins", "int"), ("builtins", "object"),
    ("__builtin__", "frozenset"), ("__builtin__", "set"), ("__builtin__", "long"), ("__builtin__", "int"),
    ("__builtin__", "object"), ("copyreg", "_reconstructor"), ("copy_reg", "_reconstructor"),
    ("collections", "defaultdict"), ("re", "_compile"),
}


class UntrustedPickle(Exception):
    """A table of contents names something searcher never writes."""


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) in _ALLOWED_GLOBALS:
            return super().find_class(module, name)
        if module.split(".")[0] in ("whoosh", "searcher") and "." not in name:
            obj = super().find_class(module, name)
            if isinstance(obj, type):  # classes only: no function of either package is callable from here
                return obj
        raise UntrustedPickle(f"{module}.{name}")


def safe_loads(data: bytes):
    return _SafeUnpickler(io.BytesIO(data)).load()


def check_generation(index_path: Path, gen: Path) -> CheckReport:
    """Read the table of contents and every segment end to end; collect problems.

    Reading every stored document and every posting list is what a search may
    touch, so a truncated or missing file shows up here rather than in the
    middle of a user's search. Raises FileNotFoundError when ``gen`` itself
    vanished (a rebuild switched generations): the caller looks again.
    """
    from . import _whoosh_fixes

    _whoosh_fixes.apply()
    report = None
    for _ in range(ATTEMPTS):
        report, toc_gen, missing = _check_once(index_path, gen)
        if not missing or _latest_toc(gen) == toc_gen:
            return report  # no file vanished, or the table of contents listing it is still current
    return report


def _latest_toc(gen: Path) -> int:
    pattern = internals.toc_pattern(INDEXNAME)
    found = [int(m.group(1)) for m in map(pattern.match, os.listdir(gen)) if m]
    return max(found, default=-1)


def _check_once(index_path: Path, gen: Path) -> tuple[CheckReport, int, bool]:
    from whoosh.filedb.filestore import FileStorage

    def failed(problem: str) -> CheckReport:
        return CheckReport(str(index_path), False, problems=(problem,))

    toc_gen = _latest_toc(gen)
    if toc_gen < 0:
        if not gen.is_dir():
            raise FileNotFoundError(str(gen))
        return failed(f"table of contents missing in {gen.name}"), toc_gen, False
    storage = FileStorage(str(gen), readonly=True)
    toc_name = internals.toc_filename(INDEXNAME, toc_gen)
    try:
        toc = _read_toc(storage, toc_gen)
    except FileNotFoundError:
        return failed(f"table of contents {toc_name} missing"), toc_gen, True
    except UntrustedPickle as err:
        return failed(
            f"table of contents {toc_name} was not written by searcher: it names {err}, "
            "which searcher never stores; it was not loaded (do not open this folder with other tools either)"
        ), toc_gen, False
    except Exception as err:
        return failed(f"table of contents {toc_name} unreadable ({_describe(err)})"), toc_gen, False

    problems: list[str] = []
    missing = False
    documents = 0
    listing = os.listdir(gen)
    for segment in toc.segments:
        name = segment.segment_id()
        if not any(n.startswith(name + ".") for n in listing):
            problems.append(f"segment {name}: file missing")
            missing = True
            continue
        try:
            documents += _read_segment(storage, toc.schema, segment)
        except FileNotFoundError as err:
            problems.append(f"segment {name}: file missing ({_describe(err)})")
            missing = True
        except Exception as err:
            problems.append(f"segment {name}: unreadable ({_describe(err)})")
    report = CheckReport(
        path=str(index_path),
        ok=not problems,
        documents=documents,
        segments=len(toc.segments),
        problems=tuple(problems),
    )
    return report, toc_gen, missing


def _read_toc(storage, gen: int):
    """Whoosh's TOC.read, with the pickles loaded by the safe unpickler and the
    schema compared with searcher's before the segment list is loaded."""
    from whoosh import index as windex

    stream = storage.open_file(internals.toc_filename(INDEXNAME, gen))
    try:
        for what, size in (("int", windex._INT_SIZE), ("long", windex._LONG_SIZE), ("float", windex._FLOAT_SIZE)):
            if stream.read_varint() != size:
                raise ValueError(f"written on another architecture ({what} size differs)")
        if stream.read_int() != -12345:
            raise ValueError("byte order differs")
        version = stream.read_int()
        for _ in range(3):
            stream.read_varint()
        if version != windex._CURRENT_TOC_VERSION:
            raise ValueError(f"table of contents format {version} is not the one searcher writes")
        schema = safe_loads(stream.read_string())
        _compare_schema(schema)
        if stream.read_int() != gen:
            raise ValueError("generation number differs from the file name")
        stream.read_int()
        segments = _SafeUnpickler(stream.file).load()
    finally:
        stream.close()
    return windex.TOC(schema, segments, gen)


def _compare_schema(schema) -> None:
    from whoosh.fields import Schema

    from .schema import build_schema

    if not isinstance(schema, Schema):
        raise ValueError("the stored schema is not a schema")
    ours = build_schema()
    theirs = {name: type(field) for name, field in schema.items()}
    expected = {name: type(field) for name, field in ours.items()}
    # an index from an earlier version lacks the fields added since (``location``);
    # every field it has must be one of ours, of the same type, and the id must be there
    unknown = {name for name, kind in theirs.items() if expected.get(name) is not kind}
    if unknown or "id" not in theirs:
        raise ValueError("the stored schema is not the one searcher writes; rebuild the index")


def _read_segment(storage, schema, segment) -> int:
    from whoosh.reading import SegmentReader

    reader = SegmentReader(storage, schema, segment)
    try:
        live = 0
        for _docnum, stored in reader.iter_docs():
            if "id" not in stored:
                raise ValueError("a stored document has no id")
            live += 1
        for fieldname in reader.indexed_field_names():
            for term in reader.lexicon(fieldname):
                matcher = reader.postings(fieldname, term)
                while matcher.is_active():
                    matcher.next()
        return live
    finally:
        reader.close()


def _describe(err: Exception) -> str:
    text = str(err) or "no detail"
    return f"{err.__class__.__name__}: {text[:200]}"
