"""Test PDFs laid out like real releases, drawn with reportlab from texts we write.

A release is a list of blocks in the body column, each ``(style, text)`` with
style ``h1`` (large), ``bold``, ``plain``, ``table`` (text = rows of cells) or
``gap``; an optional ``sidebar`` (blocks drawn in a narrow right-hand column of
page 1), and a running ``header``/``footer`` drawn on every page (``{page}``,
``{pages}`` and ``{roman}`` are filled in).
"""
from __future__ import annotations

import io
from typing import Optional, Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

FONTS = {"plain": ("Helvetica", 10.5), "bold": ("Helvetica-Bold", 10.5), "h1": ("Helvetica-Bold", 15),
         "small": ("Helvetica", 7.5), "side": ("Helvetica", 8), "sidebold": ("Helvetica-Bold", 8)}
LEFT, BODY_WIDTH = 70, 330
SIDE_X, SIDE_WIDTH = 430, 130
TOP, BOTTOM = 90, 90


def make_pdf(
    blocks: Sequence[tuple[str, object]],
    *,
    sidebar: Sequence[tuple[str, str]] = (),
    sidebar_top: float = TOP,
    header: Optional[str] = None,
    footer: Optional[str] = None,
    body_width: float = BODY_WIDTH,
    encrypt: Optional[str] = None,
    columns: int = 1,
) -> bytes:
    """Draw a release and return the PDF's bytes (``columns=2``: the body in
    two columns, the left one filled first)."""
    width, height = A4
    pages: list[list] = [[]]  # per page: draw operations (font, size, x, y, text)
    y = height - TOP
    column = 0
    if columns == 2:
        body_width = 220
    x_of = lambda: LEFT + column * (body_width + 30)  # noqa: E731

    def newline(font: str, size: float) -> None:
        nonlocal y, column
        y -= size * 1.3
        if y < BOTTOM:
            if column + 1 < columns:
                column += 1
            else:
                column = 0
                pages.append([])
            y = height - TOP - size * 1.3

    for style, text in blocks:
        if style == "gap":
            y -= float(text)  # type: ignore[arg-type]
            continue
        if style == "table":
            font, size = FONTS["plain"]
            for cells in text:  # type: ignore[union-attr]
                newline(font, size)
                for k, cell in enumerate(cells):
                    pages[-1].append((font, size, x_of() + k * (body_width / len(cells)), y, cell))
            y -= size * 0.8
            continue
        font, size = FONTS[style]
        for line in simpleSplit(str(text), font, size, body_width):
            newline(font, size)
            pages[-1].append((font, size, x_of(), y, line))
        y -= size * 0.8  # paragraph spacing
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt)
    total = len(pages)
    for n, ops in enumerate(pages, 1):
        if n == 1 and sidebar:
            sy = height - sidebar_top
            for style, text in sidebar:
                if style == "gap":
                    sy -= float(text)
                    continue
                font, size = FONTS[style]
                for line in text.split("\n"):
                    for part in simpleSplit(line, font, size, SIDE_WIDTH):
                        sy -= size * 1.35
                        c.setFont(font, size)
                        c.drawString(SIDE_X, sy, part)
                sy -= size * 0.9
        for font, size, x, yy, line in ops:
            c.setFont(font, size)
            c.drawString(x, yy, line)
        if header:
            c.setFont(*FONTS["small"])
            c.drawString(LEFT, height - 40, header.format(page=n, pages=total))
        if footer:
            c.setFont(*FONTS["small"])
            c.drawString(LEFT + 200, 40, footer.format(page=n, pages=total, roman=["i", "ii", "iii", "iv", "v"][(n - 1) % 5]))
        c.showPage()
    c.save()
    return buf.getvalue()


def image_only_pdf() -> bytes:
    """A 'scanned' page: one image, no text."""
    from reportlab.lib.utils import ImageReader
    from PIL import Image

    img = Image.new("RGB", (200, 100), "white")
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.drawImage(ImageReader(img), 100, 500, width=300, height=150)
    c.showPage()
    c.save()
    return buf.getvalue()


def seed_layout_pdf(text: str, sidebar_top: Sequence[int], sidebar_bottom: Sequence[int],
                    headings: Sequence[int] = (), continued: Sequence[int] = ()) -> bytes:
    """A PDF laid out like a converted seed's original: the seed's paragraphs
    (blank-line blocks, markdown read for style) in the body column, except
    the blocks numbered in ``sidebar_top`` (contacts, date) and
    ``sidebar_bottom`` (address, web address, tram lines, footnote), which go
    to the right-hand sidebar of page 1. ``headings`` are set large;
    a block in ``continued`` runs on from the body block before it (the
    converter had cut that paragraph where the sidebar came between)."""
    import re

    blocks = [b.strip("\n") for b in re.split(r"\n[ \t]*\n", text.strip()) if b.strip()]

    def clean(block: str) -> str:
        lines = []
        for line in block.split("\n"):
            line = re.sub(r"^#{1,6}\s+", "", line.strip())
            line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
            line = re.sub(r"<(https?://[^>]+)>", r"\1", line)
            line = line.replace("**", "").replace("\\*", "*")
            lines.append(line.strip())
        return "\n".join(lines)

    body: list[tuple[str, object]] = []
    for n, block in enumerate(blocks):
        if n in sidebar_top or n in sidebar_bottom:
            continue
        if n in continued:
            style, before = body[-1]
            body[-1] = (style, f"{before} {' '.join(clean(block).split())}")
            continue
        style = "h1" if block.startswith("#") or n in headings else "bold" if block.startswith("**") and block.rstrip().endswith("**") else "plain"
        cleaned = clean(block)
        if style == "plain" and "\n" in cleaned and n < 3:  # an issuer over two lines stays two lines
            for line in cleaned.split("\n"):
                body.append(("plain", line))
                body.append(("gap", -FONTS["plain"][1] * 0.8))
            body.pop()
        else:
            body.append((style, " ".join(cleaned.split("\n"))))
    side: list[tuple[str, str]] = []
    for n in sidebar_top:
        side.append(("side", clean(blocks[n])))
    side.append(("gap", "260"))
    for n in sidebar_bottom:
        side.append(("side", clean(blocks[n])))
    return make_pdf(body, sidebar=side)
