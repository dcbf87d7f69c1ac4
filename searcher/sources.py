"""The kinds of file searcher reads: one table, used by the folder walk, the
size check, ``searcher parse`` and the indexer.

    >>> kind_of("2025/mai/pm.PDF").name
    'pdf'
    >>> kind_of("notes.docx") is None
    True

A kind is either a **release file** (one release: ``.txt``, ``.md``, ``.pdf``,
``.html``, ``.eml``) whose id is its path, or a file of **many** releases
(records, feeds, mailboxes) whose items carry their own ids; a grown file
adds only its new items and an item gone from it is removed.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import PurePath
from typing import Iterator, Mapping, Optional, Union

from .models import Failure, Release


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
    whole cannot be read. ``id`` is the id of a one-release file (its path)
    and the stem of item ids that the format does not give."""
    from .parse import parse_bytes, parse_records
    from .parse.documents import parse_document

    if kind.name in ("jsonl", "csv"):
        yield from parse_records(data, source, kind.name, fields=fields, constants=constants)
        return
    if kind.name == "text":
        yield parse_bytes(data, source, id=id, constants=constants)
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
        rid = (doc.key or f"{id}#{n}") if kind.many else id
        try:
            yield parse_document(doc, source, id=rid, constants=constants)
        except Exception as err:  # one item must never stop the others
            from .errors import ParseError

            if not kind.many:
                raise
            reason = err.reason if isinstance(err, ParseError) else f"{type(err).__name__}: {err}"
            yield Failure(f"{source}#{n}", reason)


__all__ = ["KINDS", "Kind", "SUPPORTED_SUFFIXES", "kind_of", "read_releases", "skipped_folder", "unsupported"]
