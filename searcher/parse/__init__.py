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

import re
from pathlib import Path, PurePath
from typing import Iterator, Mapping, Optional, Union

from ..dates import parse_day
from ..errors import ParseError, UsageError
from ..models import Failure, Quote, Release
from ..reading import decode, display_path, normalize, read_source
from . import fields as F
from .layout import Para, ends_sentence, letterhead_mask, paragraphs, rejoin
from .quotes import QuoteExtractor, persons_quoted

from ..formats.records import RECORD_FORMATS, RELEASE_FIELDS, parse_records  # noqa: F401  (parse_records: the old path)
from ..sources import SUPPORTED_SUFFIXES, kind_of, read_releases, unsupported


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
    after_label = False
    for p in side:
        if F.is_contact_para(p.lines) or (after_label and p.words <= 4):
            # a label ("Ihr Ansprechpartner") set apart from the name under it
            header.contact_lines.extend(p.lines)
            after_label = len(p.lines) == 1 and bool(F.CONTACT_LABEL_RE.match(p.lines[0]))
        else:
            after_label = False
        for line in p.lines if not header.date else ():
            header.date = F.date_line(line)
            if header.date:
                header.location = header.location or F.dateline_place(line)
                break

    # Letterhead blocks out, cut sentences joined, before title/subtitle.
    rest = _body_paras(rest)
    rest, place_paras = _location_lines(rest, header)
    title = subtitle = ""
    if rest:
        first = rest[0]
        short = len(first.text) <= 250 and not ends_sentence(first.text.rstrip("!?"))
        if len(rest) > 1 and (first.heading or first.bold or short):
            title = first.text
            rest = rest[1:]
    if title and len(rest) > 1:
        nxt = rest[0]
        if nxt.bold or nxt.heading or (nxt.words <= 40 and not ends_sentence(nxt.text) and not nxt.text.endswith(":")):
            subtitle = nxt.text
            rest = rest[1:]

    # "Ereignisort: Mitte" is never title or subtitle; it stays in the body, searchable
    rest = header.place_paras + place_paras + rest

    # Trailing sections: links, contact blocks.
    links: list[str] = []
    contact_lines = list(header.contact_lines)
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

    body = "\n\n".join(p.text for p in body_paras)
    if not header.date:
        # A dateline at the start of the body ("Dresden, 27. Januar 2023 – …").
        d = F.find_date(body[:80]) if re.match(r"^[A-ZÄÖÜ][\w .\-/]{0,40},\s*(?:den\s+)?\d", body) else None
        if d:
            header.date = d
        else:
            warnings.append("no date found")
    if not header.location:
        header.location = F.dateline_place(body[:80])
    if not title:
        warnings.append("no title found")
    if not body:
        warnings.append("no body text found")

    contacts = F.parse_contacts(contact_lines)
    issuer = header.issuer
    domains = []
    for c in contacts:
        if c.email:
            domains.append(c.email.split("@", 1)[1])
    for p in paras + side:
        for u in p.urls:
            dm = re.match(r"(?:https?://)?([\w\-.]+\.[a-z]{2,})", u)
            if dm and not any(x in dm.group(1) for x in ("lsf.", "esignatur")):
                d = dm.group(1).lower().removeprefix("www.")
                if domains and d not in domains and any(d.split(".", 1)[-1] == x.split(".", 1)[-1] for x in domains):
                    domains.append(d)
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


class _Header:
    def __init__(self) -> None:
        self.issuer: Optional[str] = None
        self.date = None
        self.number: Optional[str] = None
        self.title: Optional[str] = None
        self.contact_lines: list[str] = []
        self.location: Optional[str] = None
        self.place_paras: list[Para] = []  # "Ereignisort: …" lines of the header, kept for the body


def _read_header(paras: list[Para], h: _Header) -> int:
    """Consume the header paragraphs (document type, issuer, contact block,
    date); return the index of the first paragraph after them."""
    i = 0
    limit = min(len(paras), 14)
    seen_any = False
    while i < limit:
        p = paras[i]
        text = p.text
        if p.words <= 24 and _SEPARATOR_RE.search(text) and _separated_header(text, h):
            # "**Staatsministerium für Kultus** · Dresden, 02.05.2025"
            seen_any = True
            i += 1
            continue
        place = F.location_line(text) if len(p.lines) == 1 else None
        if place:
            h.location = h.location or place
            h.place_paras.append(Para(p.lines))
            i += 1
            continue
        if F.DOCTYPE_RE.match(text) and p.words <= 20:
            seen_any = True
            h.number = h.number or F.find_number(text)
            h.date = h.date or F.find_date(text)
            # "Pressemitteilung der Stadt Leipzig" / "… des Landratsamtes"
            m = re.match(r"^\S+\s+(?:der|des|von)\s+(.+?)(?:\s+(?:Nr\.|vom|\d).*)?$", text)
            if m and not h.issuer and F.ORG_WORD_RE.search(m.group(1)):
                h.issuer = m.group(1).strip(" ,:-–")
            i += 1
            continue
        if F.is_contact_para(p.lines):
            seen_any = True
            h.contact_lines.extend(p.lines)
            i += 1
            continue
        d = F.date_line(text)
        if d:
            seen_any = True
            h.date = h.date or d
            h.location = h.location or F.dateline_place(text)
            i += 1
            continue
        if p.words <= 16 and len(p.lines) <= 3 and not p.heading:
            # "Polizeidirektion Leipzig – Medieninformation 123/2023"
            dm = re.search(r"\s[-–|]\s*(?=(?:Gemeinsame\s+)?(?:Medieninformation|Pressemitteilung|Presseinformation|Pressemeldung|Medienmitteilung))", text)
            if dm:
                h.issuer = h.issuer or text[:dm.start()].strip()
                tail = text[dm.end():]
                h.number = h.number or F.find_number(tail)
                h.date = h.date or F.find_date(tail)
                seen_any = True
                i += 1
                continue
            looks_org = bool(F.ORG_WORD_RE.search(text)) and (
                not ends_sentence(text) or re.search(r"(?:e\.\s?V|GmbH|AG|KG|mbH)\.?$", text) is not None)
            upcoming = any(
                F.is_contact_para(q.lines) or F.date_line(q.text) or (F.DOCTYPE_RE.match(q.text) and q.words <= 20)
                for q in paras[i + 1:i + 4]
            )
            if not h.issuer and not h.date and (looks_org and (seen_any or upcoming) or upcoming and not ends_sentence(text)):
                h.issuer = text.strip(" *")
                seen_any = True
                i += 1
                continue
            nr = re.fullmatch(r"(?:Nr\.?\s*)?(\d{1,5}(?:/\d{2,4})?)", text.strip())
            if nr:
                h.number = h.number or nr.group(1)
                i += 1
                continue
        break
    return i


def _location_lines(paras: list[Para], h: _Header) -> tuple[list[Para], list[Para]]:
    """(paragraphs, ``Ereignisort: Mitte`` lines taken out of them); the first
    such line gives the release's location."""
    out: list[Para] = []
    places: list[Para] = []
    for p in paras:
        place = F.location_line(p.lines[0])
        if not place:
            out.append(p)
            continue
        h.location = h.location or place
        places.append(Para(p.lines[:1]))
        if len(p.lines) > 1:
            out.append(Para(p.lines[1:], bold=p.bold, heading=p.heading, urls=p.urls))
    return out, places


_SEPARATOR_RE = re.compile(r"\s[·•|]\s")


def _separated_header(text: str, h: _Header) -> bool:
    """Read a header line whose parts are set apart by ``·`` or ``|``
    (issuer, document type, dateline); False when no part is a dateline."""
    parts = [x.strip(" *") for x in re.split(r"\s+[·•|]\s+", text)]
    dated = [x for x in parts if F.date_line(x)]
    if not dated:
        return False
    h.date = h.date or F.date_line(dated[0])
    h.location = h.location or F.dateline_place(dated[0])
    for x in parts:
        if x in dated:
            continue
        if F.DOCTYPE_RE.match(x):
            h.number = h.number or F.find_number(x)
        elif not h.issuer and F.ORG_WORD_RE.search(x):
            h.issuer = x
    return True


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
    file name when no root is given).
    """
    p = Path(path)
    kind = kind_of(p)
    if kind is None:
        raise ParseError(unsupported(p), str(path))
    data = read_source(p)
    if root is not None:
        try:
            rel = p.resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            rel = p.as_posix()
    else:
        rel = p.name
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
        yield from read_releases(kind, data, shown, id=p.name, fields=fields, constants=constants)
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
