"""Header heuristics of a release's text: issuer, document type and number,
date and dateline place, the contact block, ``Ereignisort:`` lines, title and subtitle."""
from __future__ import annotations

import re
from typing import Optional

from . import fields as F
from .layout import Para, ends_sentence


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
            taken = _short_header_line(text, paras[i + 1:i + 4], h, seen_any)
            if taken:
                seen_any = seen_any or taken == "seen"
                i += 1
                continue
        break
    return i


def _short_header_line(text: str, upcoming_paras: list[Para], h: _Header, seen_any: bool) -> Optional[str]:
    """Read a short header line (issuer with document type, issuer alone, a
    bare number): "seen" when it was a header line, "number" for a bare
    number, None when it is no header line."""
    # "Polizeidirektion Leipzig – Medieninformation 123/2023"
    dm = re.search(r"\s[-–|]\s*(?=(?:Gemeinsame\s+)?(?:Medieninformation|Pressemitteilung|Presseinformation|Pressemeldung|Medienmitteilung))", text)
    if dm:
        h.issuer = h.issuer or text[:dm.start()].strip()
        tail = text[dm.end():]
        h.number = h.number or F.find_number(tail)
        h.date = h.date or F.find_date(tail)
        return "seen"
    looks_org = bool(F.ORG_WORD_RE.search(text)) and (
        not ends_sentence(text) or re.search(r"(?:e\.\s?V|GmbH|AG|KG|mbH)\.?$", text) is not None)
    upcoming = any(
        F.is_contact_para(q.lines) or F.date_line(q.text) or (F.DOCTYPE_RE.match(q.text) and q.words <= 20)
        for q in upcoming_paras
    )
    if not h.issuer and not h.date and (looks_org and (seen_any or upcoming) or upcoming and not ends_sentence(text)):
        h.issuer = text.strip(" *")
        return "seen"
    nr = re.fullmatch(r"(?:Nr\.?\s*)?(\d{1,5}(?:/\d{2,4})?)", text.strip())
    if nr:
        h.number = h.number or nr.group(1)
        return "number"
    return None


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


def read_aside(side: list[Para], h: _Header) -> None:
    """Take contact blocks and a dateline from letterhead text set beside the body."""
    after_label = False
    for p in side:
        if F.is_contact_para(p.lines) or (after_label and p.words <= 4):
            # a label ("Ihr Ansprechpartner") set apart from the name under it
            h.contact_lines.extend(p.lines)
            after_label = len(p.lines) == 1 and bool(F.CONTACT_LABEL_RE.match(p.lines[0]))
        else:
            after_label = False
        for line in p.lines if not h.date else ():
            h.date = F.date_line(line)
            if h.date:
                h.location = h.location or F.dateline_place(line)
                break


def split_title(rest: list[Para]) -> tuple[str, str, list[Para]]:
    """(title, subtitle, the paragraphs after them) of the paragraphs after the header."""
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
    return title, subtitle, rest
