"""The files searcher reads: the table of file kinds and the folder walk that
finds them (used by the size check, ``searcher parse`` and the indexer).

    >>> kind_of("2025/mai/pm.PDF").name
    'pdf'
    >>> kind_of("notes.docx") is None
    True

A kind is either a **release file** (one release: ``.txt``, ``.md``, ``.pdf``,
``.html``, ``.eml``) whose id is its path, or a file of **many** releases
(records, feeds, mailboxes) whose items carry their own ids; a grown file
adds only its new items and an item gone from it is removed.

The release-id rule is :func:`file_id` and :func:`release_id`, used by every
reader (the indexer, :func:`searcher.parse_file`, ``searcher parse``, the
records, feed and mail readers).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Iterator, Mapping, Optional, Sequence, Union

from .models import Failure, Release
from .reading import display_path as _display

PathLike = Union[str, os.PathLike]


@dataclass(frozen=True)
class Kind:
    """A kind of file: its suffixes, whether it holds many releases, and
    whether it may be large (the records limit of :mod:`searcher.reading`
    instead of the text limit)."""

    name: str
    suffixes: tuple[str, ...]
    many: bool
    large: bool


KINDS: tuple[Kind, ...] = (
    Kind("text", (".txt", ".md"), False, False),
    Kind("jsonl", (".jsonl",), True, True),
    Kind("csv", (".csv",), True, True),
    Kind("pdf", (".pdf",), False, True),
    Kind("html", (".html", ".htm"), False, False),
    Kind("feed", (".rss", ".atom", ".xml"), True, True),
    Kind("mail", (".eml",), False, True),
    Kind("mailbox", (".mbox",), True, True),
)
BY_SUFFIX: dict[str, Kind] = {s: k for k in KINDS for s in k.suffixes}
SUPPORTED_SUFFIXES = frozenset(BY_SUFFIX)


def kind_of(path: Union[str, PurePath]) -> Optional[Kind]:
    """The kind of a file by its suffix (any case), or None when searcher cannot read it."""
    return BY_SUFFIX.get(os.path.splitext(os.fspath(path))[1].lower())


def skipped_folder(parent: str, name: str, siblings: list[str]) -> bool:
    """Folders a walk passes by without a word: a searcher index (its
    ``current`` link or a generation's table of contents) and the assets
    folder a browser saves beside a page (``kita_files`` next to ``kita.html``,
    ``kita-Dateien`` in German browsers)."""
    folder = os.path.join(parent, name)
    if os.path.islink(os.path.join(folder, "current")):
        return True
    try:
        with os.scandir(folder) as entries:
            for n, entry in enumerate(entries):
                if entry.name.startswith("_MAIN_") and entry.name.endswith(".toc"):
                    return True
                if n > 64:  # a generation folder holds a handful of files
                    break
    except OSError:
        return False  # the walk reports what it cannot read
    for tail in ("_files", "-Dateien", "_Dateien"):
        if name.endswith(tail):
            stem = name[: -len(tail)]
            if any(s in siblings for s in (stem + ".html", stem + ".htm")):
                return True
    return False


def unsupported(path: Union[str, PurePath]) -> str:
    """The message for a file of a kind searcher cannot read: what it is and what to do."""
    suffix = os.path.splitext(os.fspath(path))[1].lower() or "(none)"
    return (
        f"unsupported file type {suffix}: save it as PDF, HTML or text to index it "
        f"(searcher reads {', '.join(sorted(SUPPORTED_SUFFIXES))})"
    )


# ---------------------------------------------------------------------------
# The release-id rule


def file_id(path: Union[str, PurePath], root: Union[str, PurePath, None] = None) -> str:
    """The id a file gives its releases: its POSIX path relative to ``root``
    (the folder it was found under, as given), or its file name when there is
    no root or the file is not under it.

    >>> file_id("/data/pm/2024/a.txt", "/data/pm")
    '2024/a.txt'
    >>> file_id("/data/pm/a.txt"), file_id("/elsewhere/a.txt", "/data/pm")
    ('a.txt', 'a.txt')
    """
    p = PurePath(path)
    if root is not None:
        try:
            return p.relative_to(root).as_posix()
        except ValueError:
            pass
    return p.name


def release_id(file: str, item: Optional[int] = None, own: Optional[str] = None) -> str:
    """The id of a release read from the file with id ``file`` (:func:`file_id`).

    A release file's one release has the file's id. An item of a file of many
    (``item``: a record's line, a feed entry's or mail's place, from 1) keeps
    the id it carries (``own``: a record's id column, a feed entry's link or
    id, a mail's Message-ID), else it is ``file#item``.

    >>> release_id("2024/a.txt"), release_id("feeds/pol.xml", 3), release_id("r.jsonl", 4, "r-17")
    ('2024/a.txt', 'feeds/pol.xml#3', 'r-17')
    """
    if item is None:
        return file
    return own or f"{file}#{item}"


def read_releases(
    kind: Kind,
    data: bytes,
    source: str,
    *,
    id: str,
    fields: Optional[Mapping[str, str]] = None,
    constants: Optional[Mapping[str, str]] = None,
) -> Iterator[Union[Release, Failure]]:
    """The releases of one file's bytes; a bad item of a many-release file
    is a :class:`Failure` naming it. Raises ``ParseError`` when the file as a
    whole cannot be read. ``id`` is the file's id (:func:`file_id`): the id
    of a one-release file and the stem of item ids that the format does not
    give (:func:`release_id`)."""
    from .parse import parse_bytes, parse_records
    from .parse.documents import parse_document

    if kind.name in ("jsonl", "csv"):
        yield from parse_records(data, source, kind.name, fields=fields, constants=constants, id=id)
        return
    if kind.name == "text":
        yield parse_bytes(data, source, id=release_id(id), constants=constants)
        return
    if kind.name == "pdf":
        from .formats.pdf import read_pdf

        docs = [read_pdf(data, source)]
    elif kind.name == "html":
        from .formats.html import read_html

        docs = [read_html(data, source)]
    elif kind.name == "mail":
        from .formats.mail import read_mail

        docs = [read_mail(data, source)]
    elif kind.name == "mailbox":
        from .formats.mail import read_mailbox

        docs = read_mailbox(data, source)
    else:
        from .formats.feeds import read_feed

        docs = read_feed(data, source)
    for n, doc in enumerate(docs, 1):
        if isinstance(doc, Failure):
            yield doc
            continue
        rid = release_id(id, n if kind.many else None, doc.key)
        try:
            yield parse_document(doc, source, id=rid, constants=constants)
        except Exception as err:  # one item must never stop the others
            from .errors import ParseError

            if not kind.many:
                raise
            reason = err.reason if isinstance(err, ParseError) else f"{type(err).__name__}: {err}"
            yield Failure(f"{source}#{n}", reason)



# ---------------------------------------------------------------------------
# The folder walk


@dataclass
class _Source:
    """One file to index, with the root it was found under (for its id)."""

    path: Path
    root: Path

    @property
    def key(self) -> str:
        return str(self.path)

    @property
    def rel_id(self) -> str:
        return file_id(self.path, self.root)


def _is_supported(path: Path) -> bool:
    return kind_of(path) is not None


# Folders nested deeper than this below a PATH are not walked (reported):
# no release archive needs more, and it bounds a walk through odd trees.
MAX_DEPTH = 64


def _inside(target: str, root: str) -> bool:
    try:
        return os.path.commonpath([target, root]) == root
    except ValueError:
        return False


def collect_sources(
    paths: Sequence[PathLike], failures: list[Failure], unreadable: Optional[set[str]] = None
) -> tuple[list[_Source], list[Path]]:
    """Expand files and folders into supported files, reporting what cannot be walked.

    Returns the sources and the folders that were walked (for removal of
    vanished sources); folders that could not be read (or were too deep to
    walk) go into ``unreadable``, so nothing under them counts as vanished.
    Inside a folder, symlinks are followed only when they lead to somewhere
    inside that folder; others are reported as skipped. Symlink loops,
    unreadable folders and missing paths become failures; the rest goes on.
    """
    sources: list[_Source] = []
    folders: list[Path] = []
    seen: set[str] = set()
    if unreadable is None:
        unreadable = set()

    def add(p: Path, root: Path) -> None:
        key = str(p)
        try:
            key.encode("utf-8")
        except UnicodeEncodeError:  # the index stores names as UTF-8 text
            failures.append(Failure(_display(p), "file name is not valid UTF-8; rename the file to index it"))
            return
        if key not in seen:
            seen.add(key)
            sources.append(_Source(p, root))

    for raw in paths:
        p = Path(os.path.abspath(os.fspath(raw)))
        try:
            os.lstat(p)
        except FileNotFoundError:
            pass  # reported below
        except (OSError, ValueError) as err:  # e.g. a name too long, a NUL byte
            failures.append(Failure(_display(p), f"cannot read: {getattr(err, 'strerror', None) or err}"))
            continue
        if p.is_dir():
            folders.append(p)
            _walk(p, failures, unreadable, add)
        elif p.exists() or p.is_symlink():
            if not p.exists():
                failures.append(Failure(str(p), "broken symlink: its target does not exist"))
            elif not _is_supported(p):
                failures.append(Failure(str(p), unsupported(p)))
            else:
                add(p, p.parent)
        else:
            failures.append(Failure(str(p), "no such file or folder"))
    return sources, folders


def _walk(root: Path, failures: list[Failure], unreadable: set[str], add) -> None:
    """Depth first through ``root`` in name order, files of a folder before its subfolders."""
    root_real = os.path.realpath(root)
    visited: set[tuple[int, int]] = set()
    stack: list[tuple[str, int]] = [(str(root), 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            st = os.stat(folder)
            ident = (st.st_dev, st.st_ino)
            if ident in visited:
                failures.append(Failure(_display(folder), "symlink loop: folder already visited, skipped"))
                continue
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as err:
            failures.append(Failure(
                _display(folder),
                f"cannot read folder: {err.strerror or err}; its releases stay in the index until it can be read",
            ))
            unreadable.add(folder)
            continue
        visited.add(ident)
        subfolders: list[str] = []
        names = [e.name for e in entries]
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_symlink() and not _inside(os.path.realpath(entry.path), root_real):
                    failures.append(Failure(
                        _display(entry.path),
                        f"skipped: a symlink to {_display(os.path.realpath(entry.path))}, outside {_display(root)}; "
                        "name the target itself to index it",
                    ))
                    continue
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False  # e.g. a symlink loop: reading it reports the problem
            if not is_dir:
                fp = Path(entry.path)
                if _is_supported(fp):
                    add(fp, root)
                else:  # a file the archivist dropped in is never skipped silently
                    failures.append(Failure(_display(fp), unsupported(fp)))
            elif skipped_folder(folder, entry.name, names):
                continue
            elif depth >= MAX_DEPTH:
                failures.append(Failure(
                    _display(entry.path), f"folder nested more than {MAX_DEPTH} levels deep below {_display(root)}, skipped"
                ))
                unreadable.add(entry.path)
            else:
                subfolders.append(entry.path)
        stack.extend((sub, depth + 1) for sub in reversed(subfolders))


def _absent(path: str) -> bool:
    """True only when ``path`` certainly does not exist (not for a permission error)."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError:
        return False
    return False


def _total_size(sources) -> int:
    total = 0
    for src in sources:
        try:
            total += src.path.stat().st_size
        except OSError:
            pass
    return total


__all__ = [
    "KINDS", "Kind", "MAX_DEPTH", "SUPPORTED_SUFFIXES", "collect_sources", "file_id", "kind_of", "read_releases",
    "release_id", "skipped_folder", "unsupported",
]
