"""Page layout of PDF-to-text press releases: markdown noise, paragraphs,
letterhead blocks.

A converted "Medieninformation" is a stream of paragraphs in which the page's
sidebar (the issuer's address, its web address, tram lines, the e-signature
footnote) lands wherever the converter met it, often in the middle of a
sentence of the body. This module turns text into :class:`Para` objects and
finds letterhead blocks by their features rather than by their position, so
the body around a block can be joined again.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# --- markdown noise -------------------------------------------------------

_MD_LINK_RE = re.compile(r"\[([^\[\]\n]{0,300})\]\(([^()\s]{0,500})\)")
_MD_AUTOLINK_RE = re.compile(r"<((?:https?://|www\.)[^<>\s]{1,500})>")
_MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
_MD_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_EMPHASIS_RE = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")
_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]»«„“”\"]{2,500}")
_LIST_BULLET_RE = re.compile(r"^(?:[-•·▪◦–]|\d{1,2}[.)])\s+")


@dataclass
class Para:
    """One paragraph: its cleaned lines and what the markup said about it."""

    lines: list[str]
    bold: bool = False
    heading: bool = False
    urls: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The paragraph as running text (soft line wraps become spaces)."""
        out = []
        for line in self.lines:
            if out and _LIST_BULLET_RE.match(line):
                out.append("\n")
            elif out:
                out.append(" ")
            out.append(line)
        return "".join(out)

    @property
    def raw(self) -> str:
        return "\n".join(self.lines)

    @property
    def words(self) -> int:
        return sum(len(line.split()) for line in self.lines)


def _clean_line(line: str, urls: list[str]) -> tuple[str, bool, bool]:
    """Strip markdown from one line; return (text, was_bold, was_heading)."""
    s = line.strip()
    heading = False
    if s.startswith("#"):
        m = _MD_HEADING_RE.match(s)
        if m:
            s = s[m.end():]
            heading = True
    bold = s.startswith("**") or s.endswith("**") or s.startswith("__")
    if "](" in s:
        def link(m: re.Match) -> str:
            target = m.group(2)
            if target and target != "#":
                urls.append(target)
            return m.group(1)

        s = _MD_LINK_RE.sub(link, s)
    if "<" in s:
        s = _MD_AUTOLINK_RE.sub(lambda m: (urls.append(m.group(1)), m.group(1))[1], s)
    if "\\" in s:
        s = _MD_ESCAPE_RE.sub(r"\1", s)
    if "*" in s or "_" in s:
        s = _MD_EMPHASIS_RE.sub("", s)
    return " ".join(s.split()), bold, heading


def paragraphs(text: str) -> list[Para]:
    """Split normalised text into paragraphs at blank lines, markdown removed."""
    paras: list[Para] = []
    for block in re.split(r"\n[ \t]*\n+", text):
        if not block.strip():
            continue
        urls: list[str] = []
        lines: list[str] = []
        bold_first = bold_last = heading = False
        raw_lines = block.split("\n")
        for i, raw in enumerate(raw_lines):
            cleaned, bold, head = _clean_line(raw, urls)
            if not cleaned:
                continue
            if not lines:
                bold_first, heading = bold, head
            bold_last = raw.rstrip().endswith("**") or raw.rstrip().endswith("__")
            lines.append(cleaned)
        if not lines:
            continue
        urls.extend(u for u in _URL_RE.findall(block) if u not in urls)
        paras.append(Para(lines, bold=bold_first and bold_last, heading=heading, urls=urls))
    return paras


# --- letterhead features --------------------------------------------------

_ADDRESS_RE = re.compile(
    r"^(?:Haus|Post|Besucher|Liefer|Dienst)?(?:anschrift|adresse)\b|^(?:Hausanschrift|Postanschrift|Dienstsitz|Postfach|Besuchsadresse|Anschrift)\b",
    re.IGNORECASE,
)
_STREET_RE = re.compile(
    r"^(?:[A-ZÄÖÜ][\w.\-]*\s+){0,3}?[\w.\-]*(?:str\.|straße|strasse|weg|platz|allee|gasse|ring|damm|ufer|markt|chaussee|steig|promenade|hof)"
    r"\s+\d{1,4}\s?[a-zA-Z]?(?:\s?[-–/]\s?\d{1,4}[a-z]?)?,?$",
    re.IGNORECASE,
)
_POSTCODE_RE = re.compile(r"^(?:D-?\s?)?\d{5}\s+[A-ZÄÖÜ][\w\-./ ()]{1,40}$")
_POSTCODE_INLINE_RE = re.compile(r"\b\d{5}\s+[A-ZÄÖÜ][a-zäöüß]+")
_TRANSIT_RE = re.compile(
    r"Straßenbahn|Strassenbahn|Buslinie|Haltestelle|Zu erreichen mit|erreichbar mit|\bBus(?:se)?\b|S-Bahn|U-Bahn|Linien?\s\d",
    re.IGNORECASE,
)
_ESIG_RE = re.compile(
    r"Kein Zugang für verschlüsselte|elektronisch signierte|eSignatur|verschlüsselte elektronische Dokumente",
    re.IGNORECASE,
)
_BANK_RE = re.compile(r"\b(?:IBAN|BIC|Bankverbindung|USt-?IdNr|Steuernummer|Amtsgericht\s+\w+\s+HRB)\b")
_URL_ONLY_RE = re.compile(r"^(?:(?:https?://|www\.)\S+|\S+\.(?:de|com|org|eu|net|info)(?:/\S*)?)$", re.IGNORECASE)
_SENTENCE_END_RE = re.compile(r"[.!?:;…»«“”\"'’)\]]\s*$")


def _line_kind(line: str) -> str | None:
    if _ESIG_RE.search(line):
        return "esig"
    if _ADDRESS_RE.match(line):
        return "address"
    if len(line) <= 60:
        if _STREET_RE.match(line):
            return "street"
        if _POSTCODE_RE.match(line):
            return "postcode"
    if _URL_ONLY_RE.match(line):
        return "url"
    if _BANK_RE.search(line):
        return "bank"
    if len(line) <= 80 and _TRANSIT_RE.search(line):
        return "transit"
    return None


def _para_letterhead(p: Para) -> str | None:
    """'anchor' for a paragraph that is surely letterhead, 'weak' for one that
    is letterhead only next to an anchor, else None."""
    kinds = [_line_kind(line) for line in p.lines]
    present = set(k for k in kinds if k)
    if "esig" in present or "address" in present and kinds[0] == "address":
        return "anchor"
    if {"street", "postcode"} <= present or "bank" in present:
        return "anchor"
    if all(kinds):
        return "weak"
    text = p.text
    if p.words <= 30 and _TRANSIT_RE.search(text) and not re.search(r"\b(?:wurde|wurden|ist|war|hat|haben|sind)\b", text):
        return "weak"
    # A short name-like line without sentence punctuation (an organisation's
    # name split off the address by the converter).
    if p.words <= 8 and not _SENTENCE_END_RE.search(text) and not text.endswith(":") and len(p.lines) <= 3:
        return "short"
    return None


def letterhead_mask(paras: list[Para]) -> list[bool]:
    """True for each paragraph that belongs to a letterhead/sidebar block.

    Anchors (an address block, the e-signature footnote, bank details) are
    letterhead wherever they are; URL-only, transit and short name-like
    paragraphs count only when they touch an anchor or another block member.
    """
    kinds = [_para_letterhead(p) for p in paras]
    mask = [k == "anchor" for k in kinds]
    changed = True
    while changed:
        changed = False
        for i, k in enumerate(kinds):
            if mask[i] or k is None:
                continue
            left = i > 0 and mask[i - 1]
            right = i + 1 < len(paras) and mask[i + 1]
            # A short line joins a block only from inside it: a fragment of a
            # cut sentence right before the sidebar must stay body text.
            if (left and right) if k == "short" else (left or right):
                mask[i] = True
                changed = True
    return mask


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends a sentence (or a heading-like line)."""
    return bool(_SENTENCE_END_RE.search(text))


def rejoin(before: str, after: str) -> bool:
    """Whether a sentence was cut between ``before`` and ``after``."""
    if not before or not after:
        return False
    if ends_sentence(before):
        return False
    first = after.lstrip()[:1]
    return first.islower() or before.rstrip()[-1:] in ",-–"


__all__ = ["Para", "ends_sentence", "letterhead_mask", "paragraphs", "rejoin"]
