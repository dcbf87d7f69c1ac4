"""Bytes to clean text: the first step of parsing.

``decode`` turns the bytes of a file into normalised text: UTF-8 with or
without a byte-order mark, else Windows-1252 (the usual encoding of German
text exported on Windows); binary data is refused. ``normalize`` then makes
PDF-to-text output regular: NFC (PDF text often carries decomposed umlauts),
LF line ends, no soft hyphens or non-breaking spaces, and words hyphenated at
a line end joined again.

    >>> decode("Fachkr\\u00e4fte-\\r\\nsicherung".encode("utf-8"))
    'Fachkräftesicherung'
"""
from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import Optional

from .errors import ParseError

#: Files above this size are refused: a press release is a few kilobytes, and
#: a huge file is almost certainly not one (a dump, a log, a disk image).
MAX_BYTES = 20 * 1024 * 1024
#: Records files (JSON Lines, CSV) hold many releases; exports of a few
#: hundred thousand releases are normal, so their limit is higher.
MAX_RECORDS_BYTES = 512 * 1024 * 1024

_BINARY_SAMPLE = 64 * 1024
# Control characters other than tab, LF, FF, CR; their share decides "binary".
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

_TRANSLATE = {
    0x00AD: None,  # soft hyphen
    0x200B: None,  # zero-width space
    0x200C: None,
    0x200D: None,
    0x2060: None,
    0xFEFF: None,  # stray BOM / zero-width no-break space
    0x00A0: " ",  # no-break space
    0x2007: " ",
    0x202F: " ",  # narrow no-break space
    0x2009: " ",
    0x2028: "\n",
    0x2029: "\n\n",
}

# Text without any of those characters (almost all) skips str.translate, which
# looks every character up in the table (about 0.1 us each).
_TRANSLATE_RE = re.compile("[" + "".join(map(chr, _TRANSLATE)) + "]")

# A word hyphenated at a line end: "Fachkräfte-\nsicherung". Trailing blanks
# (markdown hard breaks) are allowed on either side. Only a letter before the
# hyphen counts, so dashes (" -\n") and numbers are left alone.
# The pattern starts with the hyphen itself (the letter before it is checked
# behind it), so the regex engine scans for "-" instead of trying every position.
_LINE_HYPHEN_RE = re.compile(r"-(?<=[^\W\d_]-)[ \t]*\n[ \t]*(?=([^\W\d_][\w]*))")

# Words after which a trailing hyphen is coordination ("Arbeits- und Kommunal-").
_COORDINATORS = frozenset(
    "und oder bzw bzw. sowie wie als noch bis beziehungsweise respektive".split()
)


def _rejoin(m: re.Match) -> str:
    word = m.group(1)
    if word[0].isupper():
        # "IQ-\nNetzwerk", "Max-\nPlanck": the hyphen belongs to the word.
        return "-"
    if word.lower() in _COORDINATORS:
        return "- "
    return ""


def normalize(text: str) -> str:
    """Normalise decoded text (NFC, LF, no soft hyphens/NBSP, rejoined words).

    >>> normalize("Arbeits-\\nund Kommunal-\\nverwaltung, IQ-\\nNetzwerk")
    'Arbeits- und Kommunalverwaltung, IQ-Netzwerk'
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii() and _TRANSLATE_RE.search(text):
        text = text.translate(_TRANSLATE)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if "-" in text:
        text = _LINE_HYPHEN_RE.sub(_rejoin, text)
    return text


def _looks_binary(data: bytes) -> Optional[str]:
    sample = data[:_BINARY_SAMPLE]
    if b"\x00" in sample:
        return "binary file (contains NUL bytes); expected text, JSONL or CSV"
    text = sample.decode("latin-1")
    controls = len(_CONTROL_RE.findall(text))
    if controls > max(8, len(sample) // 20):
        return "binary file (mostly control characters); expected text, JSONL or CSV"
    return None


def limit_for(suffix: str) -> int:
    """The size limit of a file by its suffix: records files, feeds,
    mailboxes and PDFs may be larger than a text release."""
    from .sources import BY_SUFFIX

    kind = BY_SUFFIX.get(suffix.lower())
    return MAX_RECORDS_BYTES if kind and kind.large else MAX_BYTES


def decode(data: bytes, source: Optional[str] = None, *, limit: int = MAX_BYTES) -> str:
    """Decode the bytes of one file to normalised text.

    UTF-8 (a BOM is dropped) is tried first, then UTF-16 when it has a BOM,
    then Windows-1252. Raises :class:`ParseError` for a file that is too
    large, binary, or empty once decoded.
    """
    if len(data) > limit:
        raise ParseError(
            f"file too large ({len(data) / 1e6:.1f} MB > {limit // (1024 * 1024)} MB limit); "
            "split it into releases or records",
            source,
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise ParseError(f"undecodable UTF-16 text ({e.reason})", source) from None
    else:
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8):]
        problem = _looks_binary(data)
        if problem:
            raise ParseError(problem, source)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # Windows-1252 leaves five bytes undefined; map those like Latin-1.
            text = data.decode("cp1252", errors="replace")
            if "\ufffd" in text:
                text = "".join(
                    data[i:i + 1].decode("latin-1") if ch == "\ufffd" else ch
                    for i, ch in enumerate(text)
                )
    text = normalize(text)
    if not text.strip():
        raise ParseError("empty file (no text after decoding)", source)
    return text


def display_path(path) -> str:
    """A path as printable text: names that are not UTF-8 come back from the
    OS with surrogate escapes, shown here as replacement characters."""
    return os.fspath(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def read_source(path) -> bytes:
    """The bytes of one release or records file, or :class:`ParseError` naming it.

    Refuses folders, pipes and devices (reading a pipe would wait forever)
    and files over the size limit of their kind.
    """
    path = Path(path)
    shown = display_path(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise ParseError("no such file (or it vanished before it could be read)", shown) from None
    except OSError as err:
        raise ParseError(f"cannot read: {err.strerror}", shown) from None
    size = st.st_size
    if stat.S_ISDIR(st.st_mode):
        raise ParseError("is a folder, not a file", shown)
    if not stat.S_ISREG(st.st_mode):  # reading a named pipe would wait forever
        raise ParseError("not a regular file (a pipe, socket or device); skipped", shown)
    limit = limit_for(path.suffix)
    if size > limit:
        raise ParseError(
            f"file too large ({size / 1e6:.1f} MB > {limit // (1024 * 1024)} MB limit); split it into smaller files",
            shown,
        )
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ParseError("vanished before it could be read", shown) from None
    except IsADirectoryError:
        raise ParseError("is a folder, not a file", shown) from None
    except OSError as err:
        raise ParseError(f"cannot read: {err.strerror}", shown) from None


__all__ = ["MAX_BYTES", "MAX_RECORDS_BYTES", "decode", "display_path", "limit_for", "normalize", "read_source"]
