"""The records reader: JSON Lines and CSV files of releases, one a line or row,
with a field mapping (``--field``) and constants (``--set``)."""
from __future__ import annotations

import csv
import io
import json
import re
from typing import Iterator, Mapping, Optional, Union

from ..dates import parse_day
from ..errors import ParseError, UsageError
from ..models import Failure, Release
from ..reading import MAX_BYTES, MAX_RECORDS_BYTES, decode, normalize


RELEASE_FIELDS = (
    "id", "source", "issuer", "date", "number", "title", "subtitle", "body", "url", "location",
    "issuer_aliases",
)


_NR_LINE_RE = re.compile(r"^\W{0,3}(?:Nr\.?\s*)?(\d{1,5})\W{0,3}$")


_LOCATION_RE = re.compile(r"^\s*(?:Ereignisort|Ort|Tatort)\s*:\s*", re.IGNORECASE)


_FIELD_ALIASES = {"body": ("body", "text", "description", "content")}


def parse_records(
    data: bytes,
    source: str,
    fmt: str,
    *,
    fields: Optional[Mapping[str, str]] = None,
    constants: Optional[Mapping[str, str]] = None,
    id: Optional[str] = None,
) -> Iterator[Union[Release, Failure]]:
    """Parse a JSON Lines or CSV file of releases, one per line/row.

    A record's id is its id column, else ``<id>#<line>``
    (:func:`searcher.sources.release_id`); ``id`` is the file's id and
    defaults to ``source``.

    ``fields`` maps a Release field to the column holding it (``{"body":
    "description"}``); ``constants`` set a field for every record. A bad line
    yields a :class:`Failure` naming ``source:line`` and parsing goes on.
    Raises :class:`ParseError` only when the file as a whole is unreadable,
    and :class:`~searcher.errors.UsageError` for a mapping that cannot work
    (see :func:`check_mapping`).
    """
    from ..export import is_export
    from ..parse import check_mapping

    if fmt not in ("jsonl", "csv"):
        raise ParseError(f"unknown record format {fmt!r}; use jsonl or csv", source)
    check_mapping(fields, constants)
    if fmt == "jsonl" and is_export(data):
        yield from _exported_releases(data, source, constants)
        return
    text = decode(data, source, limit=MAX_RECORDS_BYTES)
    mapping = {name: (fields or {}).get(name, name) for name in RELEASE_FIELDS}
    rows = _jsonl_rows(text) if fmt == "jsonl" else _csv_rows(text, source)
    for line, row in rows:
        where = f"{source}:{line}"
        if isinstance(row, str):
            yield Failure(source=where, error=row)
            continue
        try:
            yield _record_release(row, mapping, source, line, constants, source if id is None else id)
        except ParseError as e:
            yield Failure(source=where, error=e.reason)
        except Exception as e:  # a record must never stop the batch
            yield Failure(source=where, error=f"{type(e).__name__}: {e}")


def _exported_releases(data: bytes, source: str, constants) -> Iterator[Union[Release, Failure]]:
    """The releases of a ``searcher export`` (see :mod:`searcher.export`), as
    they were exported: nothing re-parsed (``--field`` does not apply; ``--set``
    still sets what it names). A header line of a format this searcher does not
    read makes the whole file a ParseError; a bad release line is a Failure."""
    from ..export import check_header, decode_export, is_header, release_from_json
    from ..parse import _apply_constants

    text = decode_export(data, source, MAX_RECORDS_BYTES)
    for line, row in _jsonl_rows(text):
        where = f"{source}:{line}"
        if isinstance(row, str):
            yield Failure(source=where, error=row)
            continue
        if is_header(row):  # the first line, or that of a second export appended to the first
            try:
                check_header(row)
            except ParseError as e:
                raise ParseError(f"line {line}: {e.reason}", source) from None
            continue
        try:
            release = release_from_json(row)
            yield _apply_constants(release, constants) if constants else release
        except ParseError as e:
            yield Failure(source=where, error=e.reason)
        except Exception as e:  # a record must never stop the batch
            yield Failure(source=where, error=f"{type(e).__name__}: {e}")


# A record is one release: a line or row longer than this is not one (and
# would only cost memory to decode). Nesting deeper than a release needs is
# refused before Python's JSON reader recurses into it.
MAX_RECORD_CHARS = MAX_BYTES


MAX_JSON_DEPTH = 64


# After this many unsound CSV rows the rest of the file is reported as one
# failure: each restart re-reads the rest of the file, so the work is bounded.
MAX_CSV_RESTARTS = 200


def _json_too_deep(line: str) -> bool:
    """True when brackets open deeper than MAX_JSON_DEPTH (strings are skipped
    roughly: an over-estimate only makes a line fail that Python would reject
    soon after anyway)."""
    if line.count("[") + line.count("{") <= MAX_JSON_DEPTH:
        return False
    depth = 0
    in_string = escaped = False
    for ch in line:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return True
        elif ch in "]}":
            depth -= 1
    return False


def _jsonl_rows(text: str):
    """(line number, dict) per JSON line, or (line number, error text): any
    error is the line's own, so one bad line never hides the lines after it."""
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        if len(line) > MAX_RECORD_CHARS:
            yield n, f"line too long ({len(line):,} characters > {MAX_RECORD_CHARS:,}); one release per line"
            continue
        if _json_too_deep(line):
            yield n, f"JSON nested deeper than {MAX_JSON_DEPTH} levels; a release is a flat object"
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            yield n, f"not valid JSON ({e.msg} at column {e.colno})"
            continue
        except RecursionError:
            yield n, "JSON nested too deeply; a release is a flat object"
            continue
        except ValueError as e:  # e.g. an integer of more than 4,300 digits
            yield n, f"not readable JSON ({str(e).split(';')[0]})"
            continue
        if not isinstance(row, dict):
            yield n, f"expected a JSON object, got {type(row).__name__}"
            continue
        yield n, row


def _csv_rows(text: str, source: str):
    """(line number, dict) per CSV row, or (line number, error text).

    Rows are read strictly: a quote that is never closed (or closed in the
    middle of a field) would otherwise swallow the rows after it into one
    field. Such a row is reported at the line it starts on, and reading
    starts again on the next line, so the sound rows after it still count.
    """
    csv.field_size_limit(MAX_BYTES)
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as e:
        raise ParseError(f"unreadable CSV header ({e})", source, 1) from None
    header = [h.strip() for h in header]
    starts: Optional[list[int]] = None  # offsets of line starts, computed on the first bad row
    offset_line = 0  # physical lines before the text the reader reads
    restarts = 0
    while True:
        start = offset_line + reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            problem = str(e)
            if "end of data" in problem or "expected after" in problem:
                problem = "a quote is not closed (or closed inside the field), which would swallow the rows after it"
            yield start, f"unreadable CSV row ({problem}); the rows after it are read on"
            restarts += 1
            if starts is None:
                starts = [0] + [m.end() for m in re.finditer("\n", text)]
            if start >= len(starts):
                return
            if restarts > MAX_CSV_RESTARTS:
                yield start + 1, f"more than {MAX_CSV_RESTARTS} unreadable CSV rows; the rest of the file is skipped"
                return
            offset_line = start
            reader = csv.reader(io.StringIO(text[starts[start]:]), strict=True)
            continue
        if not values or not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            yield start, f"row has {len(values)} columns, header has {len(header)}"
            continue
        yield start, dict(zip(header, values))


def _value(row: Mapping, column: str) -> Optional[str]:
    v = row.get(column)
    if v is None:
        return None
    if not isinstance(v, str):
        if isinstance(v, (int, float)):
            v = str(v)
        else:
            raise ParseError(f"column {column!r} is not text")
    v = v.strip()
    return v or None


def _record_aliases(value) -> tuple[str, ...]:
    """Issuer aliases of a record: a JSON list, or text separated by commas or semicolons."""
    if not value:
        return ()
    if isinstance(value, str):
        value = re.split(r"[;,]", value)
    if not isinstance(value, (list, tuple)):
        raise ParseError("column 'issuer_aliases' must be a list or comma-separated text")
    return tuple(dict.fromkeys(str(v).strip() for v in value if str(v).strip()))


def _record_release(row: Mapping, mapping: Mapping[str, str], source: str, line: int,
                    constants: Optional[Mapping[str, str]], file: str) -> Release:
    from ..parse import _apply_constants, _with_quotes
    from ..parse import fields as F
    from ..sources import release_id

    get = {name: _value(row, col) for name, col in mapping.items() if name != "issuer_aliases"}
    if get["body"] is None and "body" == mapping["body"]:
        for alt in _FIELD_ALIASES["body"]:
            if row.get(alt):
                get["body"] = _value(row, alt)
                break
    warnings: list[str] = []
    body = normalize(get["body"] or "")
    number = get["number"]
    body, number = _number_line(body, number)
    date = None
    if get["date"]:
        try:
            date = parse_day(get["date"])
        except UsageError as err:
            date = F.find_date(get["date"])  # a day inside other text ("Montag, 27.01.2023")
            if date is None:
                raise ParseError(f"bad date {get['date']!r}: {str(err).split(': ', 1)[-1]}") from None
    else:
        warnings.append("no date found")
    location = get["location"]
    if location:
        location = _LOCATION_RE.sub("", location).strip() or None
    title = " ".join((get["title"] or "").split())
    if not title:
        warnings.append("no title found")
    if not body:
        warnings.append("no body text found")
    issuer = get["issuer"]
    aliases = _record_aliases(row.get(mapping.get("issuer_aliases", "issuer_aliases")))
    if issuer and body:
        # abbreviations written next to the issuer's name in the text: "… (ZEFAS)"
        aliases += tuple(a for a in F.issuer_aliases(issuer, body, ()) if a not in aliases)
    release = Release(
        id=release_id(file, line, get["id"]),
        source=source,
        issuer=issuer,
        issuer_key=F.issuer_key(issuer),
        issuer_aliases=aliases,
        date=date,
        number=number,
        title=title,
        subtitle=" ".join((get["subtitle"] or "").split()),
        body=body,
        url=get["url"],
        location=location,
        warnings=tuple(warnings),
    )
    release = _with_quotes(release)
    if constants:
        release = _apply_constants(release, constants)
    return release


def _number_line(body: str, number: Optional[str]) -> tuple[str, Optional[str]]:
    """The body without its release-number line, and the number (the record's own first).

    The Berlin police put the release number on the first line ("Nr. 2455"),
    sometimes after a line naming districts or a joint release.
    """
    lines = body.split("\n")
    for k, ln in enumerate(lines[:3]):
        m = _NR_LINE_RE.match(ln.strip())
        if m:
            number = number or m.group(1)
            del lines[k]
            break
    return "\n".join(l.strip() for l in lines).strip(), number
