"""Snippets as data: fragments of a release's text with highlight spans, and
their renderers (plain, HTML, terminal).

Spans come from :mod:`searcher.search` (match character offsets recomputed
from the stored text at the postings' positions, or read from the postings of
an index that keeps them); this module only cuts sentence-bounded fragments of
about :data:`TARGET` characters around them and renders them. Nothing here
analyses text.

    >>> from searcher.models import Snippet
    >>> s = Snippet("Mehr Geld für Integration.", ((14, 25),))
    >>> render_html(s)
    'Mehr Geld für <mark>Integration</mark>.'
"""
from __future__ import annotations

import html
import re
from typing import Iterable, Optional, Sequence

from .models import Snippet

TARGET = 200  # aim for fragments of about this many characters
MAX = 260  # a fragment longer than this is cut around its matches
MAX_FRAGMENTS = 3
ELLIPSIS = "…"

Span = tuple[int, int]

# Words after which a period does not end a sentence.
_ABBREVIATIONS = frozenset(
    """dr prof nr bzw ca vgl ggf inkl evtl usw etc str abs art hr fr frau mio mrd tel
    z b u a d h i o s v e g al jan feb mrz apr jun jul aug sep sept okt nov dez
    st dipl ing mdl mdb mda min max bspw sog zzgl abt gem lt""".split()
)
_SENT_END = re.compile(r"[.!?…]+[\"'“”»«)]*(?=\s+[\"'„“»«(]?[A-ZÄÖÜ0-9])|\n\s*\n|\n(?=\s*[-•*–])")
_WORD_BEFORE = re.compile(r"(\w+)\W*$")


def sentences(text: str) -> list[Span]:
    """Sentence spans ``(start, end)`` of ``text``, whitespace trimmed.

    A period after a known abbreviation, a single letter or a one- or
    two-digit number (``27. Januar``) does not end a sentence.
    """
    out: list[Span] = []
    start = 0
    for m in _SENT_END.finditer(text):
        if m.group().startswith("."):
            before = _WORD_BEFORE.search(text, max(0, m.start() - 20), m.start() + 1)
            w = before.group(1) if before else ""
            if w.lower() in _ABBREVIATIONS or (w.isdigit() and len(w) <= 2) or len(w) == 1:
                continue
        end = m.end()
        _append(out, text, start, end)
        start = end
    _append(out, text, start, len(text))
    return out


def _append(out: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Sorted, with overlapping or touching spans joined."""
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


_SPACES = re.compile(r"\s+")


def _squash(frag: str, spans: Sequence[Span]) -> tuple[str, list[Span]]:
    """One line per fragment: every run of whitespace (line breaks, paragraph
    gaps) becomes one space, and the spans move with the text."""
    if not _SPACES.search(frag.replace(" ", "")) and "  " not in frag:
        return frag, list(spans)
    new = _SPACES.sub(" ", frag)

    def at(o: int) -> int:
        return len(_SPACES.sub(" ", frag[:o]))

    return new, [(at(s), at(e)) for s, e in spans]


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text)


def _cut(text: str, start: int, end: int, spans: Sequence[Span]) -> Snippet:
    """The fragment text[start:end] on one line, and the spans inside it."""
    inner = [(max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start]
    frag, inner = _squash(text[start:end], inner)
    return Snippet(frag, tuple(inner))


def _window(text: str, sent: Span, spans: Sequence[Span], field: str) -> Snippet:
    """A fragment of at most ~MAX characters inside a long sentence, around its first matches."""
    s0, e0 = sent
    inside = [sp for sp in spans if sp[0] >= s0 and sp[1] <= e0]
    focus = inside[0][0] if inside else s0
    # start a little before the first match, at a word boundary
    start = max(s0, focus - TARGET // 4)
    if start > s0:
        ws = text.rfind(" ", s0, start)
        start = ws + 1 if ws >= 0 else s0
    end = min(e0, start + TARGET)
    # never cut through a match
    for s, e in inside:
        if s < end < e:
            end = e
    if end < e0:
        we = text.find(" ", end, e0)
        end = we if 0 <= we < end + 30 else end
    snip = _cut(text, start, end, spans)
    frag, hl = snip.text, list(snip.highlights)
    if start > s0:
        frag = ELLIPSIS + " " + frag
        hl = [(s + 2, e + 2) for s, e in hl]
    if end < e0:
        frag = frag.rstrip() + " " + ELLIPSIS
    return Snippet(frag, tuple(hl), field)


def fragments(text: str, spans: Sequence[Span], field: str = "body", limit: int = MAX_FRAGMENTS) -> list[Snippet]:
    """The best ``limit`` sentence-bounded fragments of ``text`` containing ``spans``.

    Sentences are ranked by how many different words they mark (then by how
    many marks); the best ones are widened with neighbouring sentences up to
    about TARGET characters and returned in text order.
    """
    spans = merge_spans(spans)
    if not spans or not text:
        return []
    sents = sentences(text)
    scored = []
    j = 0
    for idx, (s, e) in enumerate(sents):
        while j < len(spans) and spans[j][1] <= s:
            j += 1
        inside = []
        k = j
        while k < len(spans) and spans[k][0] < e:
            inside.append(spans[k])
            k += 1
        if inside:
            distinct = len({text[a:b].lower() for a, b in inside})
            scored.append((-distinct, -len(inside), idx))
    scored.sort()
    chosen: list[tuple[int, int]] = []  # sentence index ranges [first, last]
    for _, _, idx in scored:
        if len(chosen) >= limit:
            break
        if any(a - 1 <= idx <= b + 1 for a, b in chosen):
            continue  # next to a chosen fragment: it would repeat the context
        first = last = idx
        length = sents[idx][1] - sents[idx][0]
        # widen with following, then preceding sentences while they fit
        while length < TARGET and last + 1 < len(sents) and not any(a <= last + 1 <= b + 1 for a, b in chosen):
            add = sents[last + 1][1] - sents[last][1]
            if length + add > MAX:
                break
            last += 1
            length += add
        while length < TARGET * 0.6 and first > 0 and not any(a - 1 <= first - 1 <= b for a, b in chosen):
            add = sents[first][0] - sents[first - 1][0]
            if length + add > MAX:
                break
            first -= 1
            length += add
        chosen.append((first, last))
    out = []
    for first, last in sorted(chosen):
        start, end = sents[first][0], sents[last][1]
        if end - start > MAX:
            out.append(_window(text, (start, end), spans, field))
        else:
            snip = _cut(text, start, end, spans)
            out.append(Snippet(snip.text, snip.highlights, field))
    return out


def lead(text: str, field: str = "body") -> Optional[Snippet]:
    """The first sentence(s) of ``text``, about TARGET characters, no highlights."""
    if not text or not text.strip():
        return None
    sents = sentences(text)
    first, last = sents[0], sents[0]
    for s in sents[1:]:
        if s[1] - first[0] > TARGET:
            break
        last = s
    start, end = first[0], last[1]
    if end - start > MAX:
        return _window(text, (start, end), (), field)
    return Snippet(_clean(text[start:end]), (), field)


# ---------------------------------------------------------------------------
# Renderers


def _segments(snippet: Snippet):
    """Yield (text, marked) pieces of the snippet in order."""
    pos = 0
    text = snippet.text
    for s, e in merge_spans(snippet.highlights):
        s, e = max(s, pos), min(e, len(text))
        if s >= e:
            continue
        if s > pos:
            yield text[pos:s], False
        yield text[s:e], True
        pos = e
    if pos < len(text):
        yield text[pos:], False


def render_plain(snippet: Snippet) -> str:
    """The fragment text as it is, without marks."""
    return snippet.text


def render_html(snippet: Snippet) -> str:
    """HTML: everything escaped, matches in ``<mark>…</mark>``."""
    return "".join(
        f"<mark>{html.escape(t)}</mark>" if marked else html.escape(t) for t, marked in _segments(snippet)
    )


_BOLD = "\x1b[1;33m"  # bold yellow
_RESET = "\x1b[0m"
# C0 controls, DEL and C1 controls (U+0080-U+009F: U+009B alone starts a CSI
# sequence on many terminals); newline and tab are handled by the caller
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SHOW = {**{chr(c): chr(0x2400 + c) for c in range(0x20)}, "\x7f": "\u2421"}  # ␀ … ␟, ␡


def _show(match: "re.Match[str]") -> str:
    return _SHOW.get(match.group(), "\ufffd")


def printable(text: str, keep: str = "\n\t") -> str:
    """``text`` safe to print on a terminal: every control character except
    those in ``keep`` becomes a visible marker, so text from a release or a
    file name cannot send escape sequences (window titles, clipboard writes,
    screen clearing) to the terminal.

    C0 controls and DEL become their Unicode control pictures (ESC is
    ``␛``, BEL ``␇``), C1 controls ``�``.

        >>> printable("a\x1b]52;c;eA==\x07b\x9b2J")
        'a␛]52;c;eA==␇b�2J'
    """
    if not _CONTROLS.search(text):
        return text
    if not keep:
        return _CONTROLS.sub(_show, text)
    return _CONTROLS.sub(lambda m: m.group() if m.group() in keep else _show(m), text)


def use_color(stream=None) -> bool:
    """Colour when writing to a terminal and ``NO_COLOR`` is unset or empty (https://no-color.org)."""
    from .settings import use_color as _use_color

    return _use_color(stream)


def render_terminal(snippet: Snippet, color: Optional[bool] = None) -> str:
    """One line with the matches in bold yellow via ANSI codes; plain text when
    ``color`` is False, or when ``color`` is None and stdout is no terminal or
    ``NO_COLOR`` is set.

    Control characters of the text (line breaks too) become visible markers
    (see :func:`printable`), so a release cannot send escape sequences to the
    terminal; only searcher's own colour codes are printed raw.
    """
    if color is None:
        color = use_color()
    if not color:
        return printable(snippet.text, keep="")
    return "".join(
        f"{_BOLD}{printable(t, keep='')}{_RESET}" if marked else printable(t, keep="")
        for t, marked in _segments(snippet)
    )


__all__ = [
    "MAX_FRAGMENTS",
    "TARGET",
    "fragments",
    "lead",
    "merge_spans",
    "printable",
    "render_html",
    "render_plain",
    "render_terminal",
    "sentences",
    "use_color",
]
