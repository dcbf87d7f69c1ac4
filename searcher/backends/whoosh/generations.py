"""Generations of a Whoosh index folder: the ``current`` link to the live one,
making a new one, switching to it atomically and dropping the others.

Layout of an index folder ``PATH``::

    PATH/current        symlink to the live generation folder (switched atomically)
    PATH/gen-<stamp>/   a Whoosh index (segments + table of contents)

A full rebuild is written into a new generation folder while searches keep
reading the old one, then ``current`` is replaced with one ``rename()``.
Incremental changes go through Whoosh commits inside the live generation; a
Whoosh commit writes new segment files first and switches its table of
contents with a rename, so a crash at any moment leaves the last committed state.
"""
from __future__ import annotations

import errno
import os
import time
from pathlib import Path

from ...errors import IndexDamaged, IndexNotFound

CURRENT = "current"


def windex():
    """whoosh.index, with searcher's workarounds for whoosh-reloaded 2.7.5 applied."""
    from whoosh import index

    from . import _whoosh_fixes

    _whoosh_fixes.apply()
    return index


def current_dir(path: Path) -> Path:
    """The live generation folder of the index at ``path``; IndexNotFound or IndexDamaged when there is none."""
    link = path / CURRENT
    try:
        target = os.readlink(link)
    except FileNotFoundError:
        if any(path.glob("gen-*/_MAIN_*.toc")):  # index data without its link
            raise IndexDamaged(str(path), f"the link {link} to the live generation is missing") from None
        raise IndexNotFound(str(path)) from None
    except OSError as err:
        if err.errno == errno.EINVAL:  # not a symlink
            raise IndexDamaged(str(path), f"{link} is not a link to an index generation") from None
        raise
    gen = path / target
    if not gen.is_dir():
        raise IndexDamaged(str(path), f"the live generation {target} is missing")
    return gen


def new_generation(path: Path) -> Path:
    """A new, empty generation folder with searcher's schema (not yet live)."""
    index = windex()

    from .schema import build_schema

    name = f"gen-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"
    gen = path / name
    gen.mkdir(parents=True)
    index.create_in(str(gen), build_schema())
    return gen


def switch_to(path: Path, gen: Path) -> None:
    """Point ``current`` at ``gen`` atomically, then drop other generations."""
    tmp = path / f".current-{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(gen.name, tmp)
    os.replace(tmp, path / CURRENT)
    _fsync_dir(path)
    drop_stale_generations(path, keep=gen.name)


def drop_stale_generations(path: Path, keep: str) -> None:
    """Remove every generation but ``keep`` (only with the write lock held)."""
    # Readers that still have files of an old generation open keep reading
    # them (POSIX unlink semantics).
    for child in path.iterdir():
        if child.name.startswith("gen-") and child.name != keep and child.is_dir():
            rmtree(child, ignore_errors=True)
        elif child.name.startswith(".current-") and child.is_symlink():
            child.unlink(missing_ok=True)


def is_old_index(folder: Path, entries: list, names: set) -> bool:
    """True when ``names`` (the entries of ``folder`` but the lock) are an index
    made before searcher marked its folders: only searcher's names, ``current``
    a link, and a Whoosh table of contents in a generation."""
    if not all(n == CURRENT or n.startswith(("gen-", ".current-")) for n in names):
        return False
    if CURRENT in names and not (folder / CURRENT).is_symlink():
        return False
    gens = [e for e in entries if e.name.startswith("gen-")]
    return all(e.is_dir() for e in gens) and any(folder.glob("gen-*/_MAIN_*.toc"))


def with_current_fields(wix, gen: Path):
    """The index, with the fields of the current schema that it was written
    without (``location``, before 0.2) added in a commit of their own, so new
    releases carry them; releases already indexed keep working without."""
    from .schema import missing_fields

    missing = missing_fields(wix.schema)
    if not missing:
        return wix
    writer = wix.writer()
    try:
        for name, fieldtype in missing.items():
            writer.add_field(name, fieldtype)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(merge=False)
    return windex().open_dir(str(gen))


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def rmtree(path, ignore_errors: bool = False) -> None:
    """``shutil.rmtree``, imported when a folder is removed."""
    import shutil  # here: a search never removes a folder, and shutil imports bz2 and lzma

    shutil.rmtree(path, ignore_errors=ignore_errors)
