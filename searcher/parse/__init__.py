"""Files and records in, :class:`~searcher.models.Release` out: the text of a
release parsed here (header heuristics in :mod:`.header`), records read by
:mod:`searcher.formats.records`, files dispatched by kind (:func:`parse_file`).

    >>> release = parse_text("Pressemitteilung\\n\\n27.01.2023\\n\\nTitel\\n\\nText.")
    >>> release.date, release.title
    (datetime.date(2023, 1, 27), 'Titel')

``parse_text`` is pure and never raises: whatever it cannot find it records
in ``warnings``. Only reading bytes (:func:`parse_bytes`, :func:`parse_file`,
:func:`parse_records`) raises :class:`~searcher.errors.ParseError`, for input
that is not text at all.
"""
from __future__ import annotations

import os
import re
from pathlib import Path, PurePath
from typing import Iterator, Mapping, Optional, Union

from ..dates import parse_day
from ..errors import ParseError, UsageError
from ..models import Failure, Quote, Release
from ..reading import decode, display_path, normalize, read_source
from . import fields as F
from .header import _Header, _location_lines, _read_header, read_aside, split_title
from .layout import Para, letterhead_mask, paragraphs, rejoin
from .quotes import QuoteExtractor, persons_quoted

#: The version of what parsing stores (quotes, persons quoted, fields). It is
#: folded into every file's hash in an index, so ``searcher index`` parses
#: again the files an older parser read. Raise it when a change to the parser
#: changes what it stores for the same file.
PARSER_VERSION = 8

from ..formats.records import RELEASE_FIELDS, parse_records  # noqa: F401  (parse_records: the old path)
from ..sources import SUPPORTED_SUFFIXES, file_id, kind_of, read_releases, unsupported


_LINKS_HEAD_RE = re.compile(r"^(?:Links?|Weitere Informationen|Weiterführende Links|Mehr Informationen)\s*:?$", re.IGNORECASE)
_TRAILER_RE = re.compile(r"^(?:Pressekontakt|Medienkontakt|Kontakt für (?:die )?Medien|V\.?\s?i\.?\s?S\.?\s?d\.?\s?P\.?|Rückfragen)\b", re.IGNORECASE)


# --- text files -----------------------------------------------------------

def parse_text(text: str, source: Optional[str] = None, *, id: Optional[str] = None, aside: str = "") -> Release:
    """Parse the text of one press release. Pure; never raises for odd input.

    ``aside`` is letterhead text a layout put beside the body (a PDF's
    sidebar): its contact blocks, a dateline and web addresses count as the
    header's; nothing of it becomes title or body.
    """
    text = normalize(text)
    warnings: list[str] = []
    paras = paragraphs(text)
    header = _Header()
    i = _read_header(paras, header)
    rest = paras[i:]
    side = paragraphs(normalize(aside)) if aside else []
    read_aside(side, header)

    # Letterhead blocks out, cut sentences joined, before title/subtitle.
    rest = _body_paras(rest)
    rest, place_paras = _location_lines(rest, header)
    title, subtitle, rest = split_title(rest)

    # "Ereignisort: Mitte" is never title or subtitle; it stays in the body, searchable
    rest = header.place_paras + place_paras + rest

    # Trailing sections: links, contact blocks.
    contact_lines = list(header.contact_lines)
    body_paras, links = _split_trailer(rest, contact_lines)
    body = "\n\n".join(p.text for p in body_paras)
    if not header.date:
        header.date = _body_dateline(body)
        if not header.date:
            warnings.append("no date found")
    if not header.location:
        header.location = F.dateline_place(body[:80])
    if not title:
        warnings.append("no title found")
    if not body:
        warnings.append("no body text found")

    contacts = F.parse_contacts(contact_lines)
    issuer = header.issuer
    domains = _mail_domains(contacts, paras + side)
    if not issuer:
        warnings.append("no issuer found")
    release = Release(
        id=id or source or "",
        source=source,
        issuer=issuer,
        date=header.date,
        number=header.number,
        title=title,
        subtitle=subtitle,
        body=body,
        location=header.location,
        contacts=tuple(contacts),
        links=tuple(dict.fromkeys(links)),
        warnings=tuple(warnings),
    )
    aliases = F.issuer_aliases(issuer, "\n".join((title, subtitle, body)), dict.fromkeys(domains)) if issuer else ()
    return _with_quotes(release.replace(issuer_aliases=aliases, issuer_key=_issuer_key(issuer, aliases)))


def _body_dateline(body: str):
    """The date of a dateline at the start of the body ("Dresden, 27. Januar 2023 – …"), or None."""
    return F.find_date(body[:80]) if re.match(r"^[A-ZÄÖÜ][\w .\-/]{0,40},\s*(?:den\s+)?\d", body) else None


def _split_trailer(rest: list[Para], contact_lines: list[str]) -> tuple[list[Para], list[str]]:
    """(body paragraphs, links) of the paragraphs after the title; contact
    blocks and trailers (Pressekontakt, V.i.S.d.P.) go into ``contact_lines``."""
    links: list[str] = []
    body_paras: list[Para] = []
    in_links = False
    for p in rest:
        if _LINKS_HEAD_RE.match(p.text):
            in_links = True
            continue
        if in_links:
            links.extend(p.urls or [p.text])
            continue
        if _TRAILER_RE.match(p.lines[0]) or (F.is_contact_para(p.lines) and p.words <= 25):
            contact_lines.extend(p.lines)
            continue
        body_paras.append(p)
    return body_paras, links


def _mail_domains(contacts, paras: list[Para]) -> list[str]:
    """The domains of the contacts' e-mail addresses, and web domains of the
    text that share their parent domain (for the issuer's abbreviations)."""
    domains = []
    for c in contacts:
        if c.email:
            domains.append(c.email.split("@", 1)[1])
    for p in paras:
        for u in p.urls:
            dm = re.match(r"(?:https?://)?([\w\-.]+\.[a-z]{2,})", u)
            if dm and not any(x in dm.group(1) for x in ("lsf.", "esignatur")):
                d = dm.group(1).lower().removeprefix("www.")
                if domains and d not in domains and any(d.split(".", 1)[-1] == x.split(".", 1)[-1] for x in domains):
                    domains.append(d)
    return domains


def _body_paras(paras: list[Para]) -> list[Para]:
    """Paragraphs without letterhead blocks; a sentence cut by one joined again."""
    mask = letterhead_mask(paras)
    out: list[Para] = []
    cut = False
    for p, is_lh in zip(paras, mask):
        if is_lh:
            cut = True
            continue
        if cut and out and rejoin(out[-1].text, p.text):
            prev = out[-1]
            out[-1] = Para([prev.text.rstrip() + " " + p.text.lstrip()], urls=prev.urls + p.urls)
        else:
            out.append(p)
        cut = False
    return out


def _issuer_key(issuer: Optional[str], aliases: tuple[str, ...]) -> Optional[str]:
    for a in aliases:
        if "." not in a:
            return a.lower()
    return F.issuer_key(issuer)


def _with_quotes(release: Release) -> Release:
    """Add quotes and persons_quoted (title, subtitle and body share names)."""
    texts = (release.title, release.subtitle, release.body)
    if not any(_has_quote_cue(t) for t in texts):
        return release
    ex = QuoteExtractor(texts, exclude_names=[c.name for c in release.contacts])
    quotes: list[Quote] = []
    # The body first, so names used in the subtitle resolve against it; the
    # quotes are then listed title, subtitle, body.
    by_field = {}
    for name in ("body", "subtitle", "title"):
        value = getattr(release, name)
        by_field[name] = ex.extract(value, name) if value and _has_quote_cue(value) else []
    for name in ("title", "subtitle", "body"):
        quotes.extend(by_field[name])
    return release.replace(quotes=tuple(quotes), persons_quoted=persons_quoted(quotes, ex))


_CUE_RE = re.compile(r"[„“”»«\"]|, dass ")


def _has_quote_cue(text: str) -> bool:
    return bool(text) and _CUE_RE.search(text) is not None


def parse_bytes(
    data: bytes,
    source: str,
    *,
    id: Optional[str] = None,
    constants: Optional[Mapping[str, str]] = None,
) -> Release:
    """Decode and parse one text file; ``constants`` override parsed fields.

    Raises :class:`ParseError` for binary, undecodable, oversized or empty input.
    """
    release = parse_text(decode(data, source), source, id=id)
    return _apply_constants(release, constants) if constants else release


def check_mapping(fields: Optional[Mapping[str, str]] = None, constants: Optional[Mapping[str, str]] = None) -> None:
    """Refuse a ``--field``/``--set`` mapping that cannot work, before any file is read.

    Raises :class:`~searcher.errors.UsageError` (exit 2) for an unknown field
    name or a ``--set date=`` value that is not one whole day.

        >>> check_mapping(constants={"date": "2023"})
        Traceback (most recent call last):
        ...
        searcher.errors.UsageError: Invalid --set date "2023": a year or a month is not a day; write the full day, e.g. 2023-01-27.
    """
    for name in fields or {}:
        if name not in RELEASE_FIELDS:
            raise UsageError(f"unknown field {name!r} in --field; possible fields: {', '.join(RELEASE_FIELDS)}")
    for name, value in (constants or {}).items():
        if name not in _SETTABLE:
            raise UsageError(f"unknown field {name!r} in --set; possible fields: {', '.join(sorted(_SETTABLE))}")
        if name == "date":
            parse_day(value, what="--set date")


def _apply_constants(release: Release, constants: Mapping[str, str]) -> Release:
    check_mapping(constants=constants)
    changes: dict = {}
    for name, value in constants.items():
        changes[name] = parse_day(value, what="--set date") if name == "date" else value
    if "issuer" in changes:
        changes.setdefault("issuer_key", F.issuer_key(changes["issuer"]))
        warnings = tuple(w for w in release.warnings if w != "no issuer found")
        changes["warnings"] = warnings
    if "date" in changes:
        changes["warnings"] = tuple(w for w in changes.get("warnings", release.warnings) if w != "no date found")
    return release.replace(**changes)


_SETTABLE = frozenset({"issuer", "issuer_key", "date", "number", "title", "subtitle", "url", "location", "source"})


# --- files ----------------------------------------------------------------

def parse_file(
    path: Union[str, PurePath],
    *,
    fields: Optional[Mapping[str, str]] = None,
    constants: Optional[Mapping[str, str]] = None,
    root: Optional[Union[str, PurePath]] = None,
) -> Union[Release, Iterator[Release]]:
    """Parse a file: a release file (text, PDF, web page, e-mail) gives one
    Release, a file of many (JSONL/CSV records, a feed, a mailbox) an
    iterator of Releases (items that fail are skipped; use :func:`parse_path`
    to see them).

    The id of a release file is its POSIX path relative to ``root`` (or its
    file name when no root is given or the file is not under it), as when
    ``root`` is indexed: :func:`searcher.sources.file_id`.
    """
    p = Path(path)
    kind = kind_of(p)
    if kind is None:
        raise ParseError(unsupported(p), str(path))
    data = read_source(p)
    # the indexer's rule: relative to the folder as given (absolute, not resolved)
    rel = file_id(os.path.abspath(p), os.path.abspath(root)) if root is not None else file_id(p)
    items = read_releases(kind, data, rel, id=rel, fields=fields, constants=constants)
    if kind.many:
        return (r for r in items if isinstance(r, Release))
    return next(iter(items))


def parse_path(
    path: Union[str, PurePath],
    *,
    fields: Optional[Mapping[str, str]] = None,
    constants: Optional[Mapping[str, str]] = None,
) -> Iterator[Union[Release, Failure]]:
    """Parse one file into releases, reporting problems instead of raising.

    Yields each Release of the file (one for a text release, many for a
    records file) and a :class:`Failure` for a file or a record that could
    not be read, so a batch can go on and report. This is what
    ``searcher parse`` prints.
    """
    check_mapping(fields, constants)  # a usage error, not one failure per file
    p = Path(path)
    shown = display_path(p)
    kind = kind_of(p)
    try:
        if kind is None:
            raise ParseError(unsupported(p), shown)
        data = read_source(p)
        yield from read_releases(kind, data, shown, id=file_id(p), fields=fields, constants=constants)
    except ParseError as err:
        yield Failure(shown, err.reason)


__all__ = [
    "SUPPORTED_SUFFIXES",
    "check_mapping",
    "parse_bytes",
    "parse_file",
    "parse_path",
    "parse_records",
    "parse_text",
]
