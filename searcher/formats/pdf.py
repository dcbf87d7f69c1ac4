"""PDF releases: the text of the body column, by geometry.

pdfminer.six interprets the page and hands over every character with its
position, size and font; a lean device keeps them as tuples and joins them
into lines in one pass (pdfminer's own layout analysis is not used: it was
most of the time, and the reading order is decided here). From the lines'
boxes, for the whole document at once:

- the **body column** is where most of the text starts (the left edge carrying
  the most characters of the body font) and where its lines end; a line that
  lies wholly beside that column (a letterhead sidebar with address, phone and
  tram lines) goes to :attr:`Document.aside`, which the parser reads for
  contacts and a date only; as much body-size text beside the column as in
  it is a second column of body text instead, read after the first;
- rotated text (margin notes, watermarks) is left out;
- **running headers and footers** are lines in the top or bottom band of a
  page that come back on other pages (digits ignored, so "Seite 2 von 3"
  matches "Seite 3 von 3"), page numbers alone in a band, and small print set
  apart at the foot of a page: they are dropped;
- the remaining lines are put in reading order and joined into paragraphs by
  their spacing and style (a larger font becomes a ``#`` heading, a bold
  paragraph ``**…**``); a paragraph that runs on over a page break stays one,
  and words hyphenated at a line end are joined again by
  :func:`searcher.reading.normalize`.

No word list is involved: the same rules hold for any issuer's letterhead.
"""
from __future__ import annotations

import io
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Optional

from ..errors import ParseError
from .document import Document

#: Pages read at most from one PDF (a release has a few; a 1,000-page report is no release).
MAX_PAGES = 300
#: Share of the page height at the top and at the bottom where running headers and footers live.
BAND = 0.12

_BOLD_RE = re.compile(r"bold|black|heavy|semibold|demi|,b$", re.IGNORECASE)
_ENDS_SENTENCE_RE = re.compile(r"[.!?:;»«“”\"')]\s*$")
_ROMAN_RE = re.compile(r"^[-–\s]*[ivxlc]{1,7}[-–\s]*$", re.IGNORECASE)
_PAGE_NUMBER_RE = re.compile(r"^\W*(?:\w{1,8}\.?\s+)?\d{1,4}(?:\s*(?:/|\w{1,4})\s*\d{1,4})?\W*$")


@dataclass
class _Line:
    page: int
    x0: float
    top: float  # distance from the top of the page to the line's top
    x1: float
    bottom: float
    text: str
    size: float
    bold: bool
    page_height: float = 0.0
    column: int = 0  # -1 left of the body column, 1 right of it (a second column of body text)

    @property
    def chars(self) -> int:
        return len(self.text)


@dataclass
class _Row:
    """Lines on one baseline of the body (one line of text, or a table row)."""

    page: int
    top: float
    bottom: float
    cells: list[_Line] = field(default_factory=list)

    @property
    def size(self) -> float:
        return max(c.size for c in self.cells)

    @property
    def bold(self) -> bool:
        return all(c.bold for c in self.cells)

    def text(self) -> str:
        out = ""
        prev: Optional[_Line] = None
        for c in self.cells:
            if prev is not None:
                # a small gap is a word space pdfminer split at; a wide one a table column
                out += " " if c.x0 - prev.x1 < 2 * max(c.size, prev.size) else " | "
            out += c.text
            prev = c
        return out


def read_pdf(data: bytes, source: Optional[str] = None) -> Document:
    """The body text of a PDF release, its letterhead sidebar apart.

    Raises :class:`ParseError` for an encrypted, broken or image-only PDF.
    """
    lines, pages, images, skipped = _layout(data, source)
    if not lines:
        if images:
            raise ParseError(
                "PDF has no text layer (a scanned image?); run OCR on it first (e.g. ocrmypdf) and index the result",
                source,
            )
        raise ParseError("PDF contains no text", source)
    body_size = _body_size(lines)
    left, right = _body_column(lines, body_size)
    body: list[_Line] = []
    aside: list[_Line] = []
    for ln in lines:
        if ln.x0 >= right - 1 or ln.x1 <= left - 1:
            aside.append(ln)
        else:
            body.append(ln)
    beside = sum(ln.chars for ln in aside if abs(ln.size - body_size) <= 0.6)
    if aside and beside >= 0.5 * sum(ln.chars for ln in body):
        # as much body-size text beside the column as in it: a page set in two
        # columns, not a letterhead sidebar; read the columns one after another
        for ln in aside:
            ln.column = 1 if ln.x0 >= right - 1 else -1
        body, aside = body + aside, []
    body = _drop_running_lines(body, pages, body_size)
    warnings = (f"only the first {MAX_PAGES} of its pages were read",) if skipped else ()
    text = _render(_rows(body), body_size, markup=True)
    if not text.strip():
        raise ParseError("PDF has no text outside its letterhead", source)
    return Document(text=text, aside=_render(_rows(aside), body_size, markup=False), warnings=warnings)


def page_count(data: bytes) -> int:
    """The number of pages of a PDF (for the benchmark's pages/s)."""
    from pdfminer.pdfpage import PDFPage

    return sum(1 for _ in PDFPage.get_pages(io.BytesIO(data)))


# --- reading the characters -----------------------------------------------

def _layout(data: bytes, source: Optional[str]):
    """(lines, number of pages, whether there are images, whether pages were skipped)."""
    if b"%PDF" not in data[:1024]:
        raise ParseError("not a PDF (no %PDF header); re-download or re-export the file", source)
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    lines: list[_Line] = []
    images = False
    pages = 0
    skipped = False
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)), password="")
        resources = PDFResourceManager(caching=True)
        device = _collector_class()(resources)
        interpreter = PDFPageInterpreter(resources, device)
        for n, page in enumerate(PDFPage.create_pages(document)):
            if n >= MAX_PAGES:
                skipped = True
                break
            interpreter.process_page(page)
            pages += 1
            height, chars, has_images = device.page
            images = images or has_images
            lines.extend(_lines(chars, n, height))
    except PDFPasswordIncorrect:
        raise ParseError("encrypted PDF (needs a password); save an unencrypted copy and index that", source) from None
    except PDFEncryptionError as err:
        raise ParseError(f"encrypted PDF ({err}); save an unencrypted copy and index that", source) from None
    except ParseError:
        raise
    except Exception as err:  # pdfminer raises many types for damaged files
        raise ParseError(
            f"broken PDF ({err.__class__.__name__}: {str(err)[:120]}); re-download or re-export the file", source
        ) from None
    return lines, pages, images, skipped


_COLLECTOR = None


def _collector_class():
    """A pdfminer device that keeps each character as a small tuple: no
    layout objects, no layout analysis (the lines are built here, in one
    pass). Made on first use so that importing this module stays cheap."""
    global _COLLECTOR
    if _COLLECTOR is not None:
        return _COLLECTOR
    from pdfminer.converter import PDFLayoutAnalyzer
    from pdfminer.pdffont import PDFUnicodeNotDefined
    from pdfminer.utils import apply_matrix_rect

    class Collector(PDFLayoutAnalyzer):
        def begin_page(self, page, ctm):
            x0, y0, x1, y1 = apply_matrix_rect(ctm, page.mediabox)
            self.height = abs(y1 - y0) or 842.0
            self.chars: list = []
            self.images = False
            super().begin_page(page, ctm)

        def end_page(self, page):
            self.page = (self.height, self.chars, self.images)
            self.pageno += 1

        def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
            try:
                text = font.to_unichr(cid)
            except PDFUnicodeNotDefined:
                text = ""
            adv = font.char_width(cid) * fontsize * scaling
            a, b, c, d, e, f = matrix
            if abs(b) > 0.01 or abs(c) > 0.01 or d <= 0:
                return adv  # rotated or mirrored text: margin notes and watermarks, never the body
            size = fontsize * d
            self.chars.append((e + c * rise, f + d * rise, e + a * adv, size, text, font.fontname))
            return adv

        def render_image(self, name, stream):
            self.images = True

        def paint_path(self, gstate, stroke, fill, evenodd, path):
            pass  # rules and boxes carry no text

    _COLLECTOR = Collector
    return Collector


def _lines(chars: list, page: int, height: float) -> list[_Line]:
    """Characters (in the order the page draws them) joined into lines: a
    character continues the line when it sits on its baseline just after its
    last character; a wider gap is a space, a much wider one a new line
    (another column, a table cell)."""
    out: list[_Line] = []
    cur: list = []  # characters of the line being built
    text: list[str] = []

    def flush() -> None:
        if not cur:
            return
        joined = " ".join("".join(text).split())
        if joined:
            sizes = sorted(round(ch[3] * 2) / 2 for ch in cur if not ch[4].isspace())
            if sizes:
                size = sizes[len(sizes) // 2]
                bold = sum(1 for ch in cur if _BOLD_RE.search(ch[5] or "")) >= 0.8 * len(cur)
                base = min(ch[1] for ch in cur)
                out.append(_Line(page=page, x0=cur[0][0], top=height - (base + size * 0.8), x1=max(ch[2] for ch in cur),
                                 bottom=height - (base - size * 0.2), text=joined, size=size, bold=bold,
                                 page_height=height))
        cur.clear()
        text.clear()

    for ch in chars:
        x0, y, x1, size, t, _font = ch
        if cur:
            last = cur[-1]
            gap = x0 - last[2]
            same_line = abs(y - last[1]) < 0.35 * max(size, last[3]) and -0.5 * size < gap < 2.5 * max(size, last[3])
            if not same_line:
                flush()
            elif gap > 0.15 * size and not t.isspace() and text and not text[-1].isspace():
                text.append(" ")
        cur.append(ch)
        text.append(t)
    flush()
    return _merge_fragments(out)


def _merge_fragments(lines: list[_Line]) -> list[_Line]:
    """Pieces of one line that the page drew apart (out of order) joined again."""
    lines.sort(key=lambda l: (round(l.bottom), l.x0))
    out: list[_Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if (prev is not None and abs(prev.bottom - ln.bottom) < 0.35 * ln.size
                and 0 <= ln.x0 - prev.x1 < 0.6 * ln.size and prev.size == ln.size):
            prev.text = f"{prev.text} {ln.text}" if ln.x0 - prev.x1 > 0.15 * ln.size else prev.text + ln.text
            prev.x1 = ln.x1
            continue
        out.append(ln)
    return out


# --- geometry ------------------------------------------------------------

def _body_size(lines: list[_Line]) -> float:
    """The font size that carries the most characters."""
    weight: Counter = Counter()
    for ln in lines:
        weight[ln.size] += ln.chars
    return weight.most_common(1)[0][0]


def _body_column(lines: list[_Line], body_size: float) -> tuple[float, float]:
    """(left edge, right edge) of the body column over the whole document."""
    starts: Counter = Counter()
    for ln in lines:
        if abs(ln.size - body_size) <= 1.5:
            starts[round(ln.x0 / 4)] += ln.chars
    left = starts.most_common(1)[0][0] * 4 if starts else min(ln.x0 for ln in lines)
    ends = sorted(ln.x1 for ln in lines if abs(ln.x0 - left) <= 8 and ln.chars >= 20)
    if not ends:
        ends = sorted(ln.x1 for ln in lines if abs(ln.x0 - left) <= 8)
    right = ends[int(0.9 * (len(ends) - 1))] if ends else max(ln.x1 for ln in lines)
    # the widest line starting at the left edge (a title) still belongs to the column
    return left - 4, max(right, left + 40) + 2


def _band_of(ln: _Line) -> Optional[str]:
    h = ln.page_height or 842.0
    if ln.bottom <= h * BAND:
        return "top"
    if ln.top >= h * (1 - BAND):
        return "bottom"
    return None


def _drop_running_lines(lines: list[_Line], pages: int, body_size: float) -> list[_Line]:
    """Lines without running headers, footers, page numbers and set-apart small print."""
    drop: set[int] = set()
    seen_on: dict[tuple[str, str], set[int]] = defaultdict(set)
    for i, ln in enumerate(lines):
        band = _band_of(ln)
        if band is None:
            continue
        if _PAGE_NUMBER_RE.match(ln.text) and str(ln.page + 1) in re.findall(r"\d+", ln.text):
            drop.add(i)
        elif _ROMAN_RE.match(ln.text):  # front matter numbered i, ii, iii …
            drop.add(i)
        seen_on[(band, re.sub(r"\d+", "#", ln.text.lower()))].add(ln.page)
    if pages > 1:
        for i, ln in enumerate(lines):
            band = _band_of(ln)
            if band and len(seen_on[(band, re.sub(r"\d+", "#", ln.text.lower()))]) >= 2:
                drop.add(i)
    # small print at the foot of a page, set apart from the text above it
    by_page: dict[int, list[int]] = defaultdict(list)
    for i, ln in enumerate(lines):
        if i not in drop:
            by_page[ln.page].append(i)
    for idx in by_page.values():
        idx.sort(key=lambda i: lines[i].top)
        k = len(idx)
        while k > 0 and _band_of(lines[idx[k - 1]]) == "bottom" and lines[idx[k - 1]].size < body_size - 0.4:
            k -= 1
        if k < len(idx) and k > 0:
            gap = lines[idx[k]].top - lines[idx[k - 1]].bottom
            if gap > 1.5 * body_size:
                drop.update(idx[k:])
    return [ln for i, ln in enumerate(lines) if i not in drop]


def _rows(lines: list[_Line]) -> list[_Row]:
    """Lines grouped into rows (same page, overlapping vertically), in reading order."""
    rows: list[_Row] = []
    for ln in sorted(lines, key=lambda l: (l.page, l.column, l.top, l.x0)):
        row = rows[-1] if rows else None
        if row is not None and row.page == ln.page and row.cells[0].column == ln.column:
            overlap = min(row.bottom, ln.bottom) - max(row.top, ln.top)
            if overlap > 0.5 * min(row.bottom - row.top, ln.bottom - ln.top):
                row.cells.append(ln)
                row.bottom = max(row.bottom, ln.bottom)
                continue
        rows.append(_Row(ln.page, ln.top, ln.bottom, [ln]))
    for row in rows:
        row.cells.sort(key=lambda c: c.x0)
    return rows


def _render(rows: list[_Row], body_size: float, *, markup: bool) -> str:
    """Rows as paragraphs: blank lines where the spacing or the style changes."""
    if not rows:
        return ""
    # the line pitch of the text's own usual size (a sidebar's is smaller than the body's)
    usual = Counter(row.size for row in rows).most_common(1)[0][0]
    pitches = [
        b.top - a.top for a, b in zip(rows, rows[1:])
        if a.page == b.page and abs(a.size - usual) < 1 and abs(b.size - usual) < 1
        and 0 < b.top - a.top < 3 * usual
    ]
    pitch = statistics.median(pitches) if pitches else 1.25 * usual
    paras: list[tuple[str, list[str]]] = []  # (style, lines)
    prev: Optional[_Row] = None
    for row in rows:
        t = row.text()
        if not markup:  # the sidebar: only spacing separates its blocks
            style = "plain"
        elif " | " in t:
            style = "table"
        else:
            style = "heading" if row.size >= 1.15 * body_size else "bold" if row.bold else "plain"
        new = prev is None or style == "table" or paras[-1][0] in ("table",) or style != paras[-1][0]
        if not new and prev is not None:
            if row.page != prev.page or row.cells[0].column != prev.cells[0].column or row.top < prev.top:
                last = paras[-1][1][-1]
                new = bool(_ENDS_SENTENCE_RE.search(last)) and not last.endswith("-")
            else:
                scale = max(row.size, prev.size) / usual
                new = row.top - prev.top > 1.45 * pitch * max(scale, 1.0)
        if new:
            paras.append((style, [t]))
        else:
            paras[-1][1].append(t)
        prev = row
    out = []
    for style, lines in paras:
        if markup and style == "heading":
            out.append("# " + "\n".join(lines))
        elif markup and style == "bold":
            out.append("**" + "\n".join(lines) + "**")
        else:
            out.append("\n".join(lines))
    return "\n\n".join(out)


__all__ = ["MAX_PAGES", "page_count", "read_pdf"]
