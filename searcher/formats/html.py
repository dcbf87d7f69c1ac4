"""Web pages: the main text without navigation, teasers, cookie banners and
footers, and the page's metadata (title, date, site name, canonical URL).

lxml.html parses the page (lxml comes with german-nouns already). The main
text is found by structure, not by a list of phrases:

1. what a page declares as not its content goes: ``nav``, ``header``,
   ``footer``, ``aside``, ``form``, scripts, ARIA roles ``navigation``,
   ``banner``, ``contentinfo``, ``complementary``, ``dialog``, ``alert``, and
   elements whose class or id names such a part (``cookie``, ``consent``,
   ``teaser``, ``breadcrumb``, ``share`` …, matched as words of the name);
2. the main block is ``<main>``/``role=main`` holding an ``<article>``, else
   the ``<article>`` with the most text, else the element whose paragraphs
   carry the most text that is not link text;
3. its headings, paragraphs, list items, table rows and quotations become
   the paragraphs of the release; a block that is mostly links (a teaser list)
   is left out.

(trafilatura, tried first, repeated the whole text of a plain article page
and returned a navigation link as the main text of a page without any.)
"""
from __future__ import annotations

import datetime as _dt
import json
import re
from typing import Optional

from ..errors import ParseError
from .document import Document

#: Elements read at most from one page (a press release page has a few thousand).
MAX_ELEMENTS = 200_000

_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "form", "iframe", "nav", "header", "footer", "aside",
              "button", "select", "dialog", "object", "canvas", "picture", "video", "audio", "figure")
_DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog", "alert", "search",
               "menu", "menubar"}
_DROP_NAME_RE = re.compile(
    r"(?:^|[\s_\-])(?:cookies?|consent|gdpr|banner|nav|navbar|navigation|menu|breadcrumbs?|footer|header|sidebar|"
    r"teasers?|related|social|share|sharing|newsletter|skip|pagination|pager|toolbar|rating|comments?|"
    r"advert|ads?|promo|overlay|modal|popup)(?:$|[\s_\-])",
    re.IGNORECASE,
)
_BLOCK_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr", "blockquote", "pre", "dd", "dt", "td", "th")
_TEXT_BLOCKS = ("p", "li", "blockquote", "pre", "dd")


def read_html(data: bytes, source: Optional[str] = None) -> Document:
    """The main text and metadata of a web page; ParseError when it has no main text."""
    import lxml.html
    from lxml import etree

    if b"\x00" in data[:4096]:
        raise ParseError("binary file, not a web page; re-download it", source)
    try:
        parser = lxml.html.HTMLParser(encoding=_encoding(data), remove_comments=True)
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError, LookupError) as err:
        raise ParseError(f"unreadable web page ({err}); re-download it", source) from None
    meta = _metadata(root)
    _strip_boilerplate(root)
    main = _main_block(root)
    paras = _blocks(main) if main is not None else []
    title = meta.get("title")
    if paras and paras[0][0] == "heading":
        # the page's own heading is the title; the metadata's may carry the site's name
        title = paras[0][1]
        paras = paras[1:]
    text = "\n\n".join(t for _, t in paras)
    if len(text.split()) < 8 or not re.search(r"\w[.!?:»“\"]", text):
        raise ParseError(
            "no main text found in the web page (only navigation, teasers or an empty page); "
            "save the release's own page or its PDF",
            source,
        )
    return Document(text=text, title=title, date=meta.get("date"), url=meta.get("url"), issuer=meta.get("site"))


_CHARSET_RE = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w\-]{1,40})""", re.IGNORECASE)


def _encoding(data: bytes) -> str:
    """The page's encoding: a byte-order mark, its ``<meta charset>``, else
    UTF-8 when the bytes are UTF-8, else Windows-1252."""
    import codecs

    if data.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    m = _CHARSET_RE.search(data[:4096])
    if m:
        name = m.group(1).decode("ascii", "replace").lower()
        try:
            codecs.lookup(name)
            return "cp1252" if name in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii") else name
        except LookupError:
            pass
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"


# --- metadata -------------------------------------------------------------

def _metadata(root) -> dict:
    out: dict = {}
    metas: dict[str, str] = {}
    for m in root.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        value = (m.get("content") or "").strip()
        if key and value and key not in metas:
            metas[key] = value
    ld = _json_ld(root)
    title = metas.get("og:title") or ld.get("headline")
    if not title:
        t = root.find(".//title")
        title = t.text_content() if t is not None else None
    if title:
        out["title"] = " ".join(title.split())
    for key in ("article:published_time", "datepublished", "dc.date.issued", "dcterms.issued", "dc.date", "date",
                "publishdate", "pubdate", "og:published_time"):
        d = _iso_date(metas.get(key))
        if d:
            out["date"] = d
            break
    else:
        d = _iso_date(ld.get("datePublished"))
        if d is None:
            for t in root.iter("time"):
                d = _iso_date(t.get("datetime"))
                if d:
                    break
        if d:
            out["date"] = d
    url = None
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            url = link.get("href").strip()
            break
    url = url or metas.get("og:url")
    if url and re.match(r"https?://", url):
        out["url"] = url
    site = metas.get("og:site_name") or metas.get("application-name") or _publisher(ld)
    org = _org_like(site)
    if org:
        out["site"] = org
    return out


def _json_ld(root) -> dict:
    """The first JSON-LD object that describes an article or a news item."""
    for s in root.iter("script"):
        if (s.get("type") or "").lower() != "application/ld+json" or not s.text:
            continue
        try:
            data = json.loads(s.text)
        except (ValueError, RecursionError):  # RecursionError: arrays nested thousands deep
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for item in items[:50]:
            if isinstance(item, dict) and ("headline" in item or "datePublished" in item):
                return item
    return {}


def _publisher(ld: dict) -> Optional[str]:
    pub = ld.get("publisher")
    if isinstance(pub, dict):
        return pub.get("name")
    return pub if isinstance(pub, str) else None


def _iso_date(value) -> Optional[_dt.date]:
    if not value or not isinstance(value, str):
        return None
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    if not m:
        from ..parse.fields import find_date

        return find_date(value[:40])
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _org_like(name: Optional[str]) -> Optional[str]:
    """A name that names an organisation (``Sächsisches Staatsministerium für
    Kultus``), not a portal (``sachsen.de``) or a section (``Aktuelles``)."""
    from ..parse.fields import ORG_WORD_RE

    name = " ".join((name or "").split())
    if name and ORG_WORD_RE.search(name) and "." not in name.split()[-1]:
        return name
    return None


# --- main text ------------------------------------------------------------

def _strip_boilerplate(root) -> None:
    doomed = []
    for n, el in enumerate(root.iter()):
        if n > MAX_ELEMENTS:
            break
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag:  # comments, processing instructions
            doomed.append(el)
            continue
        if tag in _DROP_TAGS or (el.get("role") or "").lower() in _DROP_ROLES or el.get("hidden") is not None:
            doomed.append(el)
            continue
        if el.get("aria-hidden") == "true":
            doomed.append(el)
            continue
        names = f"{el.get('class') or ''} {el.get('id') or ''}"
        if tag not in ("html", "body", "main", "article") and _DROP_NAME_RE.search(names):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def _text_weight(el) -> int:
    """Characters of paragraph text in ``el`` that are not link text."""
    total = 0
    for block in el.iter(*_TEXT_BLOCKS):
        text = len(" ".join(block.text_content().split()))
        links = sum(len(" ".join(a.text_content().split())) for a in block.iter("a"))
        total += max(0, text - 2 * links)
    return total


def _main_block(root):
    body = root.find("body")
    if body is None:
        body = root
    mains = [el for el in body.iter("main")] + body.xpath('.//*[@role="main"]')
    articles = list(body.iter("article"))
    if articles:
        return max(articles, key=_text_weight)
    if mains:
        return max(mains, key=_text_weight)
    # the element holding the most paragraph text of its own children
    best, best_weight = body, 0
    for el in body.iter("div", "section", "td"):
        weight = sum(_text_weight(c) for c in el if isinstance(c.tag, str) and c.tag in _TEXT_BLOCKS)
        if weight > best_weight:
            best, best_weight = el, weight
    return best if best_weight else body


def _blocks(main) -> list[tuple[str, str]]:
    """(kind, text) of the main block's headings, paragraphs, items and rows, in order."""
    out: list[tuple[str, str]] = []
    seen: set = set()
    for el in main.iter(*(_BLOCK_TAGS + ("div",))):
        if any(a in seen for a in el.iterancestors()):
            continue  # already part of an outer block
        tag = el.tag
        if tag == "div":
            # text written straight into a div (no <p>) is a paragraph too
            own = " ".join((el.text or "").split())
            if own and not any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS + ("div",) for c in el):
                seen.add(el)
                out.append(("plain", _inline_text(el)))
            continue
        if tag in ("td", "th"):
            continue  # read with their row
        seen.add(el)
        if tag == "tr":
            cells = [" ".join(c.text_content().split()) for c in el if isinstance(c.tag, str) and c.tag in ("td", "th")]
            text = " | ".join(c for c in cells if c)
        else:
            text = _inline_text(el)
        if not text:
            continue
        links = sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))
        if tag in ("li", "p") and links > 0.6 * len(text):
            continue  # a teaser or a link list
        out.append(("heading" if tag[0] == "h" and tag[1:].isdigit() else "plain", text))
    return out


def _inline_text(el) -> str:
    """An element's text with ``<br>`` as line breaks."""
    for br in el.iter("br"):
        br.tail = "\n" + (br.tail or "")
    lines = [" ".join(line.split()) for line in el.text_content().split("\n")]
    return "\n".join(line for line in lines if line)


def fragment_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed item's description, a mail's HTML
    body): block elements become paragraphs, ``<br>`` a line break."""
    import lxml.html

    if "<" not in fragment:
        return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", fragment) if p.strip())
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # broken markup: drop the tags
        return " ".join(re.sub(r"<[^>]{0,2000}>", " ", fragment).split())
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    blocks = _blocks(root)
    if not blocks:
        text = _inline_text(root)
        return text
    return "\n\n".join(t for _, t in blocks)


__all__ = ["fragment_text", "read_html"]
