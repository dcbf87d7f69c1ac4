"""``searcher export``: every release of an index as JSON Lines, and the
reader that takes such a file back without re-parsing anything.

An export moves an archive between backends (Whoosh to PostgreSQL and back)
or to another machine. The format, version :data:`FORMAT`:

- line 1, the header: ``{"searcher_export": 1}`` (the marker key and the
  format version; a reader refuses a version it does not know);
- then one release a line, in id order: the JSON of :class:`~searcher.models.Release`
  as :func:`~searcher.models.to_jsonable` makes it (``--json`` of ``searcher
  show``): ``id``, ``source``, ``issuer``, ``issuer_key``, ``issuer_aliases``,
  ``date`` (``2023-01-27``), ``number``, ``title``, ``subtitle``, ``body``,
  ``url``, ``location``, ``contacts``, ``quotes`` (with offsets, ``speaker``,
  ``role``, ``kind``, ``field``, ``speaker_kind``), ``persons_quoted``,
  ``links``, ``warnings``.

UTF-8, keys in the model's field order, no whitespace between tokens: the
same index exports to the same bytes. ``searcher index EXPORT.jsonl`` reads
the releases back as they are (the quotes and persons as exported, the text
unnormalised); a line that is not a release is reported with its line number
and skipped.

    >>> line = release_line(Release(id="pm-1", title="Kita öffnet"))
    >>> release_from_json(json.loads(line)) == Release(id="pm-1", title="Kita öffnet")
    True
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import io
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Callable, Iterator, Mapping, Optional, Union

from .errors import ExportError, ParseError
from .models import Contact, Quote, Release, to_jsonable

#: The version of the export format this searcher writes and reads.
FORMAT = 1
#: The header's key that marks a JSON Lines file as a searcher export.
MARKER = "searcher_export"

# How far into a file the header is looked for (a BOM and blank lines may come first).
_HEADER_PROBE = 4096

ProgressFn = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote: ``releases`` releases to ``path`` (``-``: standard output)."""

    releases: int
    path: str
    index: str
    format: int = FORMAT


# -- writing ------------------------------------------------------------------

def header_line() -> str:
    """The first line of every export (without its newline)."""
    return json.dumps({MARKER: FORMAT}, separators=(",", ":"))


def release_line(release: Release) -> str:
    """One release as one line of the export (without its newline)."""
    obj = to_jsonable(release)
    line = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate cannot be UTF-8: escape this line instead
        line = json.dumps(obj, ensure_ascii=True, separators=(",", ":"))
    return line


def write_export(releases, out: IO[str], total: int = 0, progress: Optional[ProgressFn] = None) -> int:
    """Write the header and each release of ``releases`` to the text stream
    ``out``, one line each; the number of releases written."""
    out.write(header_line() + "\n")
    n = 0
    for n, release in enumerate(releases, 1):
        out.write(release_line(release) + "\n")
        if progress and (n % 500 == 0 or n == total):
            progress(n, max(total, n), release.id)
    return n


def export_index(index, path: Union[str, os.PathLike, None] = None, *, out: Optional[IO[str]] = None,
                 progress: Optional[ProgressFn] = None) -> ExportReport:
    """Export every release of ``index`` (an open :class:`~searcher.store.Index`)
    to the file ``path``, or to the text stream ``out``.

    A file is written beside its final name and renamed into place at the
    end, so a failed export (no index, a full disk) never leaves half a file
    where an earlier export was. Raises :class:`IndexNotFound` when there is
    no index (before anything is written) and :class:`ExportError` when the
    file cannot be written.
    """
    total = index.doc_count()  # IndexNotFound before any file is touched
    if out is not None:
        n = write_export(index.releases(), out, total, progress)
        out.flush()
        return ExportReport(releases=n, path="-", index=str(index.path))
    target = Path(os.fspath(path))
    shown = os.fspath(path)
    if target.is_dir():
        raise ExportError(shown, "it is a folder; name a file such as archive.jsonl")
    tmp = target.with_name(f".{target.name}.part-{os.getpid()}")
    try:
        handle = open(tmp, "w", encoding="utf-8", newline="\n")
    except OSError as err:
        raise ExportError(shown, err.strerror or str(err)) from None
    try:
        with handle:
            n = write_export(index.releases(), handle, total, progress)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as err:
        _unlink(tmp)
        raise ExportError(shown, err.strerror or str(err)) from None
    except BaseException:
        _unlink(tmp)
        raise
    return ExportReport(releases=n, path=shown, index=str(index.path))


@contextmanager
def utf8_stdout(wanted: bool = True) -> Iterator[Optional[IO[str]]]:
    """Standard output as UTF-8 text whatever the locale says (an export is
    read back as UTF-8), flushed and let go afterwards; None when not ``wanted``.
    A stream without bytes underneath (an embedding app's) keeps its encoding."""
    if not wanted:
        yield None
        return
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None:
        yield sys.stdout
        return
    out = io.TextIOWrapper(binary, encoding="utf-8", newline="\n")
    try:
        yield out
    finally:
        out.flush()
        out.detach()


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


# -- reading ------------------------------------------------------------------

def is_export(data: bytes) -> bool:
    """True when the bytes of a JSON Lines file start with an export's header
    line (whatever its version: :func:`check_header` judges that)."""
    head = data[:_HEADER_PROBE]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    head = head.lstrip()
    if not head.startswith(b"{"):
        return False
    first = head.split(b"\n", 1)[0]
    try:
        obj = json.loads(first)
    except (ValueError, RecursionError):  # RecursionError: arrays nested thousands deep
        return False
    return isinstance(obj, dict) and MARKER in obj


def is_header(row: Mapping[str, Any]) -> bool:
    return MARKER in row


def check_header(row: Mapping[str, Any]) -> None:
    """Refuse (ParseError) an export of a format this searcher cannot read."""
    version = row.get(MARKER)
    if version != FORMAT or isinstance(version, bool):
        raise ParseError(
            f"searcher export format {version!r} is not one this searcher reads (format {FORMAT}); "
            "export it again with this version, or update searcher"
        )


def decode_export(data: bytes, source: str, limit: int) -> str:
    """The text of an export, exactly as written: strict UTF-8, nothing normalised."""
    if len(data) > limit:
        raise ParseError(
            f"file too large ({len(data) / 1e6:.1f} MB > {limit // (1024 * 1024)} MB limit); "
            "split the export into several files (each with the header line)",
            source,
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise ParseError(f"not UTF-8 at byte {err.start:,} (line {line}); an export is written in UTF-8", source) from None


_TEXT = ("title", "subtitle", "body")
_OPTIONAL_TEXT = ("source", "issuer", "issuer_key", "number", "url", "location")
_TEXT_LISTS = ("issuer_aliases", "persons_quoted", "links", "warnings")
_RELEASE_FIELDS = tuple(f.name for f in dataclasses.fields(Release))


def release_from_json(obj: Mapping[str, Any]) -> Release:
    """The Release of one export line (a parsed JSON object), as it was
    exported: no field is re-parsed or normalised. A field left out takes the
    model's default. ParseError names the first field that is wrong."""
    unknown = [k for k in obj if k not in _RELEASE_FIELDS]
    if unknown:
        raise ParseError(f"unknown field {unknown[0]!r}; a release has {', '.join(_RELEASE_FIELDS)}")
    rid = obj.get("id")
    if not isinstance(rid, str) or not rid:
        raise ParseError("no 'id': every exported release has one")
    values: dict[str, Any] = {"id": rid}
    for name in _TEXT:
        if name in obj:
            values[name] = _text(obj[name], name)
    for name in _OPTIONAL_TEXT:
        if name in obj:
            values[name] = _optional_text(obj[name], name)
    for name in _TEXT_LISTS:
        if name in obj:
            values[name] = tuple(_text(v, name) for v in _list(obj[name], name))
    if obj.get("date") is not None:
        try:
            values["date"] = _dt.date.fromisoformat(_text(obj["date"], "date"))
        except ValueError:
            raise ParseError(f"'date' {obj['date']!r} is not a day written as 2023-01-27") from None
    if "contacts" in obj:
        values["contacts"] = tuple(_contact(c) for c in _list(obj["contacts"], "contacts"))
    if "quotes" in obj:
        values["quotes"] = tuple(_quote(q) for q in _list(obj["quotes"], "quotes"))
    return Release(**values)


_CONTACT_FIELDS = tuple(f.name for f in dataclasses.fields(Contact))
_QUOTE_FIELDS = tuple(f.name for f in dataclasses.fields(Quote))


def _contact(obj: Any) -> Contact:
    obj = _object(obj, "contacts", _CONTACT_FIELDS)
    name = obj.get("name")
    if not isinstance(name, str):
        raise ParseError("a contact without a 'name'")
    return Contact(name=name, **{k: _optional_text(obj.get(k), f"contacts.{k}") for k in _CONTACT_FIELDS[1:]})


def _quote(obj: Any) -> Quote:
    obj = _object(obj, "quotes", _QUOTE_FIELDS)
    if not isinstance(obj.get("text"), str):
        raise ParseError("a quote without a 'text'")
    values: dict[str, Any] = {"text": obj["text"], "speaker": _optional_text(obj.get("speaker"), "quotes.speaker")}
    if "role" in obj:
        values["role"] = _optional_text(obj["role"], "quotes.role")
    for name in ("start", "end"):
        if name in obj:
            value = obj[name]
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ParseError(f"'quotes.{name}' must be a character offset (a whole number ≥ 0), not {value!r}")
            values[name] = value
    for name in ("kind", "field", "speaker_kind"):
        if name in obj:
            values[name] = _text(obj[name], f"quotes.{name}")
    return Quote(**values)


def _object(obj: Any, what: str, names: tuple[str, ...]) -> Mapping[str, Any]:
    if not isinstance(obj, dict):
        raise ParseError(f"each of '{what}' must be an object, not {type(obj).__name__}")
    unknown = [k for k in obj if k not in names]
    if unknown:
        raise ParseError(f"unknown field {unknown[0]!r} in '{what}'; one has {', '.join(names)}")
    return obj


def _list(value: Any, name: str) -> list:
    if not isinstance(value, list):
        raise ParseError(f"'{name}' must be a list, not {type(value).__name__}")
    return value


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise ParseError(f"'{name}' must be text, not {type(value).__name__}")
    return value


def _optional_text(value: Any, name: str) -> Optional[str]:
    return None if value is None else _text(value, name)


__all__ = [
    "FORMAT", "MARKER", "ExportReport", "check_header", "decode_export", "export_index",
    "header_line", "is_export", "release_from_json", "release_line", "write_export",
]
