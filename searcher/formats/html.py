"""Web pages: the main text without navigation, teasers, cookie banners and
footers, and the page's metadata (title, date, site name, canonical URL).

trafilatura finds the main text (1.x: its 2.x line needs lxml 5, which
german-nouns' wiktionary-de-parser excludes). Each block it keeps (paragraph,
heading, list item, table row) becomes one paragraph for the parser.
"""
from __future__ import annotations

import datetime as _dt
import re
from typing import Optional

from ..errors import ParseError
from .document import Document

def _org_like(name: Optional[str]) -> Optional[str]:
    """A site name that names an organisation (``Sächsisches Staatsministerium
    für Kultus``), not a portal (``sachsen.de``)."""
    from ..parse.fields import ORG_WORD_RE

    if name and ORG_WORD_RE.search(name) and "." not in name.split()[-1]:
        return " ".join(name.split())
    return None


def _iso_date(value) -> Optional[_dt.date]:
    if not value:
        return None
    try:
        return _dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def read_html(data: bytes, source: Optional[str] = None) -> Document:
    """The main text and metadata of a web page; ParseError when it has no main text."""
    if b"\x00" in data[:4096]:
        raise ParseError("binary file, not a web page; re-download it", source)
    import trafilatura

    try:
        found = trafilatura.bare_extraction(
            data, include_comments=False, include_tables=True, favor_precision=True, with_metadata=True,
            # no guessing from copyright lines or file dates; releases dated ahead (embargo) still count
            date_extraction_params={"extensive_search": False, "original_date": True,
                                    "max_date": (_dt.date.today() + _dt.timedelta(days=366)).isoformat()},
        )
    except Exception as err:  # lxml and trafilatura raise many types on broken markup
        raise ParseError(f"unreadable web page ({err.__class__.__name__}); re-download it", source) from None
    text = (found or {}).get("text") or ""
    if not text.strip():
        raise ParseError(
            "no main text found in the web page (only navigation, teasers or an empty page); "
            "save the release's own page or its PDF",
            source,
        )
    # trafilatura writes one block per line: each is a paragraph for the parser
    text = "\n\n".join(line.strip() for line in text.split("\n") if line.strip())
    return Document(
        text=text,
        title=found.get("title") or None,
        date=_iso_date(found.get("date")),
        url=found.get("url") or None,
        issuer=_org_like(found.get("sitename")),
    )


_BLOCK_RE = re.compile(r"</?(?:p|div|li|ul|ol|h[1-6]|tr|table|blockquote|section|article)\b[^>]*>", re.IGNORECASE)


def fragment_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed item's description, a mail's HTML
    body): block elements become paragraphs, ``<br>`` a line break."""
    import lxml.html

    if "<" not in fragment:
        return "\n\n".join(p.strip() for p in re.split(r"\n\s*\n", fragment) if p.strip())
    marked = _BLOCK_RE.sub("\n\n\\g<0>", fragment)
    marked = re.sub(r"<br\s*/?>", "\n", marked, flags=re.IGNORECASE)
    try:
        root = lxml.html.fromstring(f"<div>{marked}</div>")
    except Exception:  # broken markup: drop the tags
        return " ".join(re.sub(r"<[^>]{0,2000}>", " ", fragment).split())
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    out = []
    for block in re.split(r"\n[ \t\r]*\n", root.text_content()):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        if any(lines):
            out.append("\n".join(line for line in lines if line))
    return "\n\n".join(out)


__all__ = ["fragment_text", "read_html"]
