"""Releases sent by e-mail (``.eml``) and mailboxes of them (``.mbox``).

The subject is the title, the ``Date`` header the date and the sender's
organisation (its ``Organization`` header, else a display name that names an
organisation) the issuer, each where the release's own text says nothing.
The text is the plain-text body, else the HTML body; a PDF attached is read
like any PDF (its sidebar apart) and, when the mail itself says little
("anbei unsere Pressemitteilung"), is the release.
"""
from __future__ import annotations

import datetime as _dt
import email
import email.policy
import email.utils
import re
from typing import Iterator, Optional, Union

from ..errors import ParseError
from ..models import Failure
from .document import Document
from .html import _org_like, fragment_text

#: Messages read at most from one mailbox; PDF attachments read at most per mail.
MAX_MESSAGES = 100_000
MAX_ATTACHMENTS = 10
#: A mail body with fewer words than this only covers an attached PDF.
COVER_WORDS = 80

_MBOX_SPLIT_RE = re.compile(rb"(?:\A|\r?\n)From [^\n]*\n")
_HEADER_RE = re.compile(rb"^[!-9;-~]{1,76}:", re.MULTILINE)


def _header(msg, name: str) -> str:
    try:
        return " ".join(str(msg.get(name, "") or "").split())
    except Exception:  # an undecodable header
        return ""


def _date(msg) -> Optional[_dt.date]:
    value = _header(msg, "Date")
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _sender_org(msg) -> Optional[str]:
    org = _org_like(_header(msg, "Organization"))
    if org:
        return org
    name, _addr = email.utils.parseaddr(_header(msg, "From"))
    return _org_like(name)


def read_mail(data: bytes, source: Optional[str] = None) -> Document:
    """One e-mail as a document; ParseError when it is no mail or has no text."""
    if not _HEADER_RE.search(data[:4096]):
        raise ParseError("not an e-mail (no header lines); save the message as .eml from the mail program", source)
    try:
        msg = email.message_from_bytes(data, policy=email.policy.default)
    except Exception as err:
        raise ParseError(f"unreadable e-mail ({err.__class__.__name__}); save it again from the mail program", source) from None
    text = ""
    try:
        body = msg.get_body(preferencelist=("plain", "html"))
        if body is not None:
            content = body.get_content()
            text = fragment_text(content) if body.get_content_type() == "text/html" else content.strip()
    except Exception:  # a broken part: the attachments may still be readable
        text = ""
    pdfs = []
    warnings: list[str] = []
    for part in msg.iter_attachments() if msg.is_multipart() else ():
        name = (part.get_filename() or "").lower()
        if part.get_content_type() == "application/pdf" or name.endswith(".pdf"):
            if len(pdfs) >= MAX_ATTACHMENTS:
                warnings.append(f"only the first {MAX_ATTACHMENTS} PDF attachments were read")
                break
            from .pdf import read_pdf

            try:
                pdfs.append(read_pdf(part.get_payload(decode=True) or b"", source))
            except ParseError as err:
                warnings.append(f"attachment {part.get_filename() or 'PDF'}: {err.reason}")
    subject = _header(msg, "Subject") or None
    key = _header(msg, "Message-ID").strip("<> ") or None
    common = dict(date=_date(msg), issuer=_sender_org(msg), key=key)
    if pdfs:
        pdf_text = "\n\n".join(d.text for d in pdfs)
        aside = "\n\n".join(d.aside for d in pdfs if d.aside)
        if len(text.split()) < COVER_WORDS:
            # the PDF is the release; the subject only where it has no heading
            return Document(text=pdf_text, aside=aside, warnings=tuple(warnings), **common)
        return Document(text=text + "\n\n" + pdf_text, aside=aside, title=subject, warnings=tuple(warnings), **common)
    if not text.strip():
        raise ParseError("e-mail has no text body and no readable PDF attachment"
                         + (f" ({warnings[0]})" if warnings else ""), source)
    return Document(text=text, title=subject, warnings=tuple(warnings), **common)


def read_mailbox(data: bytes, source: Optional[str] = None) -> Iterator[Union[Document, Failure]]:
    """The messages of an mbox file; a message that cannot be read is a Failure."""
    if not data.startswith(b"From "):
        raise ParseError("not an mbox mailbox (it must start with a 'From ' line); export the folder as mbox again", source)
    parts = [p for p in _MBOX_SPLIT_RE.split(data) if p.strip()]
    for n, raw in enumerate(parts[:MAX_MESSAGES], 1):
        raw = re.sub(rb"(?m)^>(>*From )", rb"\1", raw)  # mboxrd quoting
        try:
            yield read_mail(raw, f"{source}#{n}")
        except ParseError as err:
            yield Failure(f"{source}#{n}", err.reason)
    if len(parts) > MAX_MESSAGES:
        yield Failure(str(source), f"mailbox has {len(parts):,} messages; only the first {MAX_MESSAGES:,} were read")


__all__ = ["MAX_MESSAGES", "read_mail", "read_mailbox"]
