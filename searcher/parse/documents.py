"""A format reader's :class:`~searcher.formats.document.Document` to a Release.

The release's own text decides first (a letterhead's issuer and date, the
heading as title); what the format says fills the gaps: the feed item's or
page's title where the text has none, the format's date (feed item, mail
``Date``, page metadata) where the text has no date, the sender's or site's
organisation where no letterhead names an issuer. The URL is the format's.
"""
from __future__ import annotations

from typing import Mapping, Optional

from ..formats.document import Document
from ..models import Release
from . import fields as F
from . import _apply_constants, _issuer_key, parse_text


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def parse_document(
    doc: Document, source: Optional[str], *, id: str, constants: Optional[Mapping[str, str]] = None
) -> Release:
    """Parse a reader's document; ``constants`` (``--set``) override at the end."""
    text = doc.text.strip()
    title = " ".join((doc.title or "").split())
    if title:
        first = text.split("\n\n", 1)[0].lstrip("# *")
        if _same(first.strip("* "), title):
            text = text.split("\n\n", 1)[1] if "\n\n" in text else ""
        text = f"# {title}\n\n{text}" if text else f"# {title}"
    release = parse_text(text, source, id=id, aside=doc.aside)
    warnings = [w for w in release.warnings] + [w for w in doc.warnings if w not in release.warnings]
    changes: dict = {}
    if title and not release.title:
        # a title and no text: the release is its title alone
        changes["title"] = title
        if _same(release.body, title):
            changes["body"] = ""
        warnings = [w for w in warnings if w != "no title found"]
    if doc.url:
        changes["url"] = doc.url
    if release.date is None and doc.date is not None:
        changes["date"] = doc.date
        warnings = [w for w in warnings if w != "no date found"]
    if not release.issuer and doc.issuer:
        issuer = doc.issuer
        aliases = F.issuer_aliases(issuer, "\n".join((release.title, release.subtitle, release.body)), ())
        changes.update(issuer=issuer, issuer_aliases=aliases, issuer_key=_issuer_key(issuer, aliases))
        warnings = [w for w in warnings if w != "no issuer found"]
    changes["warnings"] = tuple(warnings)
    release = release.replace(**changes)
    return _apply_constants(release, constants) if constants else release


__all__ = ["parse_document"]
