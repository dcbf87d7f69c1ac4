"""RSS and Atom feeds: each item is a release.

An item's link is its id and URL (its guid where it has no link), its
published (else updated) date the release date where the text names none,
its title the title, its content (else description) the text. The feed's
own title names the issuer where it names an organisation.
"""
from __future__ import annotations

import datetime as _dt
from typing import Iterator, Optional, Union

from ..errors import ParseError
from ..models import Failure
from .document import Document
from .html import _org_like, fragment_text

#: Items read at most from one feed file.
MAX_ITEMS = 100_000


def _date(entry) -> Optional[_dt.date]:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            try:
                return _dt.date(t.tm_year, t.tm_mon, t.tm_mday)
            except ValueError:
                continue
    return None


def read_feed(data: bytes, source: Optional[str] = None) -> Iterator[Union[Document, Failure]]:
    """The items of a feed as documents; ParseError when the file is no readable feed."""
    import feedparser

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            err = parsed.get("bozo_exception")
            raise ParseError(f"malformed feed ({str(err)[:120] or 'not well-formed XML'}); re-download it", source)
        if not parsed.get("version"):
            raise ParseError("not an RSS or Atom feed (no channel or feed element); only feeds are read from .xml", source)
        raise ParseError("feed has no items", source)
    issuer = _org_like((parsed.get("feed") or {}).get("title"))
    for n, entry in enumerate(entries[:MAX_ITEMS], 1):
        try:
            link = entry.get("link") or None
            key = link or entry.get("id") or None
            content = ""
            for c in entry.get("content") or ():
                if c.get("value"):
                    content = c["value"]
                    break
            text = fragment_text(content or entry.get("summary") or entry.get("description") or "")
            title = " ".join((entry.get("title") or "").split()) or None
            if not text and not title:
                yield Failure(f"{source}#{n}", "feed item has neither title nor text")
                continue
            yield Document(text=text, title=title, date=_date(entry), url=link, issuer=issuer, key=key)
        except Exception as err:  # one odd item must not stop the feed
            yield Failure(f"{source}#{n}", f"unreadable feed item ({err.__class__.__name__}: {err})")
    if parsed.get("bozo"):
        # the items that could be recovered are indexed; the file is reported, and
        # (as with a records file with a bad line) none of its old items is removed
        err = parsed.get("bozo_exception")
        yield Failure(str(source), f"malformed feed ({str(err)[:120] or 'not well-formed XML'}); "
                                   "its readable items were indexed; re-download it to be sure none is missing")
    if len(entries) > MAX_ITEMS:
        yield Failure(str(source), f"feed has {len(entries):,} items; only the first {MAX_ITEMS:,} were read")


__all__ = ["MAX_ITEMS", "read_feed"]
