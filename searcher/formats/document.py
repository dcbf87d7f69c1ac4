"""What a format reader hands to the parser: text plus what the format says."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Document:
    """One release as a format reader found it.

    ``text`` is the release text in the light markdown the parser reads
    (``# `` headings, ``**bold**`` paragraphs, blank lines between
    paragraphs). ``aside`` is letterhead text that a layout put beside the
    body (a PDF's sidebar): the parser reads contacts, a date and web
    addresses from it, never title or body. The other fields are what the
    format itself says; the parser uses them where the text says nothing
    (``title``, ``date``, ``issuer``) or as they are (``url``).
    ``key`` names one item of a file with many (a feed item's link, a
    mail's Message-ID); it becomes the release id.
    """

    text: str
    aside: str = ""
    title: Optional[str] = None
    date: Optional[_dt.date] = None
    url: Optional[str] = None
    issuer: Optional[str] = None
    key: Optional[str] = None
    warnings: tuple[str, ...] = ()


__all__ = ["Document"]
