"""Header fields of a release: date, number, document type, issuer, contacts.

Each function looks at one paragraph or a piece of text and returns what it
recognises, or None; :mod:`searcher.parse` decides where to look.
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from typing import Iterable, Optional

from ..models import Contact

# --- dates ----------------------------------------------------------------

MONTHS = {
    "januar": 1, "jan": 1, "jänner": 1, "februar": 2, "feb": 2, "märz": 3, "maerz": 3, "mär": 3,
    "mrz": 3, "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "dezember": 12, "dez": 12,
}
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE_RE = re.compile(
    r"(?<![\d.])(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4}|\d{2})(?![\d])"
    r"|(?<![\d.])(?P<d2>\d{1,2})\.\s*(?P<mn>" + _MONTH_ALT + r")\.?\s+(?P<y2>\d{4})(?!\d)"
    r"|(?<!\d)(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})(?!\d)",
    re.IGNORECASE,
)


def _date_of(m: re.Match) -> Optional[_dt.date]:
    try:
        if m.group("d"):
            y = int(m.group("y"))
            if y < 100:
                y += 2000 if y < 70 else 1900
            return _dt.date(y, int(m.group("m")), int(m.group("d")))
        if m.group("d2"):
            return _dt.date(int(m.group("y2")), MONTHS[m.group("mn").lower()], int(m.group("d2")))
        return _dt.date(int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))
    except (ValueError, KeyError):
        return None


def find_date(text: str) -> Optional[_dt.date]:
    """The first valid date in ``text`` (``27.01.2023``, ``27. Januar 2023``, ``2023-01-27``).

    >>> find_date("Dresden, 27. Januar 2023")
    datetime.date(2023, 1, 27)
    """
    for m in DATE_RE.finditer(text):
        d = _date_of(m)
        if d and 1900 <= d.year <= 2100:
            return d
    return None


_DATE_LINE_RE = re.compile(
    r"^(?:(?:Datum|Stand|Veröffentlicht(?: am)?|vom)\s*:?\s*|[A-ZÄÖÜ][\w .\-/]{0,40},\s*(?:den\s+)?|"
    r"(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag),?\s*(?:den\s+)?)?"
    r"(?P<date>.{6,30}?)\s*(?:,?\s*\d{1,2}[:.]\d{2}\s*(?:Uhr)?)?\.?$",
    re.IGNORECASE,
)


def date_line(text: str) -> Optional[_dt.date]:
    """The date when the whole of ``text`` is a dateline (``Dresden, 27.01.2023``)."""
    if len(text) > 80:
        return None
    m = _DATE_LINE_RE.match(text.strip())
    if not m:
        return None
    inner = DATE_RE.fullmatch(m.group("date").strip())
    return _date_of(inner) if inner else None


# --- document type, number ------------------------------------------------

DOCTYPE_RE = re.compile(
    r"^(?:Gemeinsame\s+)?(?:Medieninformation|Medienmitteilung|Pressemitteilung|Presseinformation|Pressemeldung|"
    r"Polizeimeldung|Pressenotiz|Presseerklärung|Pressedienst|Mitteilung an die Presse|Polizeibericht|Meldung)\b",
    re.IGNORECASE,
)
NUMBER_RE = re.compile(r"\bNr\.?\s*:?\s*(\d[\w/.\-]*\w|\d)|(?<![\d.])(\d{1,4}/\d{2,4})(?![\d.])")


def find_number(text: str) -> Optional[str]:
    """A release number written as ``Nr. 2455`` or ``45/2023``."""
    m = NUMBER_RE.search(text)
    return (m.group(1) or m.group(2)) if m else None


# --- contacts -------------------------------------------------------------

CONTACT_LABEL_RE = re.compile(
    r"^(?:(?:Ihr|Ihre|Unser|Unsere)\s+)?(?:Ansprechpartner(?:in)?|Ansprechperson|Pressekontakt|Kontakt|"
    r"Pressesprecher(?:in)?|Medienkontakt|Pressestelle|Rückfragen|V\.?\s?i\.?\s?S\.?\s?d\.?\s?P\.?)\b[^\n]*",
    re.IGNORECASE,
)
PHONE_LINE_RE = re.compile(r"^(?:Durchwahl|Telefon|Tel\b|Fon\b|Phone|Mobil|Handy|Telefax|Fax\b|E-?Mail|Mail\b)", re.IGNORECASE)
EMAIL_RE = re.compile(r"[\w.+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63}){1,8}")
_WRAPPED_EMAIL_RE = re.compile(r"([\w.+\-]{1,64}@)\s*\n\s*([\w\-]{1,63}(?:\.[\w\-]{1,63}){1,8})")
_PHONE_RE = re.compile(r"\b(?:Telefon|Tel\.?|Fon|Phone|Mobil|Handy)\s*:?\s*(\+?[\d(][\d\s/()\-–.]{4,30}\d)", re.IGNORECASE)
_FAX_RE = re.compile(r"\b(?:Telefax|Fax)\s*:?\s*(\+?[\d(][\d\s/()\-–.]{4,30}\d)", re.IGNORECASE)
_NAME_RE = re.compile(
    r"^(?:(?:Dr|Prof|Frau|Herr)\.?\s+)*[A-ZÄÖÜ][a-zäöüßéèáàçñ]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?(?:\s+(?:von|van|de|zu|von der)\s+)?"
    r"(?:\s+[A-ZÄÖÜ][a-zäöüßéèáàçñ]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?){1,2}$"
)


def join_wrapped_emails(text: str) -> str:
    """``tina.hellmann@`` / ``zefas.sachsen.de`` over two lines -> one address."""
    return _WRAPPED_EMAIL_RE.sub(r"\1\2", text) if "@" in text else text


def is_contact_para(lines: list[str]) -> bool:
    first = lines[0]
    if CONTACT_LABEL_RE.match(first) and len(first) < 80:
        return True
    if PHONE_LINE_RE.match(first):
        return True
    joined = join_wrapped_emails("\n".join(lines))
    return bool(EMAIL_RE.fullmatch(joined.strip().rstrip("*").strip()))


def _clean_phone(s: str) -> str:
    return " ".join(s.replace("–", "-").split())


def _clean_email(s: str) -> str:
    return s.rstrip(".*-")


def parse_contacts(lines: Iterable[str]) -> list[Contact]:
    """Contacts from the lines of contact blocks (label, name, phone, fax, e-mail)."""
    text = join_wrapped_emails("\n".join(lines))
    contacts: list[dict] = []
    role: Optional[str] = None
    for line in text.split("\n"):
        line = line.strip().strip("*").strip()
        if not line:
            continue
        label = CONTACT_LABEL_RE.match(line)
        rest = line
        if label:
            head, _, rest = line.partition(":")
            rest = rest.strip()
            word = head.split()[-1] if head.split() else ""
            if re.match(r"Pressesprecher", word, re.IGNORECASE):
                role = word
            if not rest:
                continue
        fax = _FAX_RE.search(rest)
        phone = _PHONE_RE.search(rest)
        email = EMAIL_RE.search(rest)
        name_part = rest
        for m in (fax, phone, email):
            if m:
                name_part = name_part.replace(m.group(0), " ")
        name_part = re.sub(r"\b(?:Telefon|Tel|Telefax|Fax|E-?Mail|Mail)\b\.?:?", " ", name_part)
        name_part = " ".join(name_part.replace(",", " ").split())
        if name_part and _NAME_RE.match(name_part) and not PHONE_LINE_RE.match(name_part):
            name = re.sub(r"^(?:(?:Frau|Herr)\s+)", "", name_part)
            contacts.append({"name": name, "role": role})
            role = None
        if not (phone or fax or email):
            continue
        if not contacts:
            contacts.append({"name": "", "role": role})
        current = contacts[-1]
        if fax and not current.get("fax"):
            current["fax"] = _clean_phone(fax.group(1))
        if phone and not current.get("phone"):
            current["phone"] = _clean_phone(phone.group(1))
        if email and not current.get("email"):
            current["email"] = _clean_email(email.group(0))
    return [Contact(**c) for c in contacts if c.get("name") or c.get("email") or c.get("phone")]


# --- place ------------------------------------------------------------------

LOCATION_LINE_RE = re.compile(r"^(?:Ereignisort|Einsatzort|Tatort|Veranstaltungsort|Ort)\s*:\s*(?P<place>\S.{0,79})$", re.IGNORECASE)
_DATELINE_PLACE_RE = re.compile(r"^(?P<place>[A-ZÄÖÜ][\w.\-/() ]{1,40}?),\s*(?:den\s+|am\s+)?(?=\d|[A-ZÄÖÜ][a-zä]+tag\b)")
_NOT_PLACES = re.compile(
    r"^(?:Datum|Stand|Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag|Nr|Pressemitteilung|"
    r"Medieninformation|Presseinformation)\b", re.IGNORECASE)


def location_line(text: str) -> Optional[str]:
    """The place of a line ``Ereignisort: Mitte`` (``Ort:``, ``Tatort:``, …)."""
    m = LOCATION_LINE_RE.match(text.strip())
    return " ".join(m.group("place").split()).strip(" .,;") or None if m else None


def dateline_place(text: str) -> Optional[str]:
    """The place of a dateline that opens ``text`` (``Dresden, 02.05.2025 – …``,
    ``Leipzig, den 3. Mai 2025``); None when a date does not follow the comma.

    >>> dateline_place("Dresden, 02.05.2025 – Der Freistaat …")
    'Dresden'
    """
    m = _DATELINE_PLACE_RE.match(text.strip())
    if not m or _NOT_PLACES.match(m.group("place")):
        return None
    if find_date(text.strip()[m.end():m.end() + 40]) is None:
        return None
    return " ".join(m.group("place").split())


# --- issuer -----------------------------------------------------------------

ORG_WORD_RE = re.compile(
    r"(?:ministerium|polizei|präsidium|direktion|inspektion|revier|stadt\b|landkreis|kreis\b|gemeinde|amt\b|ämter|behörde|"
    r"zentrum|universität|hochschule|institut|verband|verein|gmbh|\bag\b|e\.\s?v\.|senat|verwaltung|kammer|agentur|"
    r"gesellschaft|klinikum|krankenhaus|museum|theater|stiftung|bundes|landes|regierung|staatskanzlei|bezirk|"
    r"staatsanwaltschaft|gericht|feuerwehr|werke\b|bank\b|kirche|bistum|partei|fraktion|rathaus|büro|schule|"
    r"akademie|bibliothek|archiv|\bamt|dienst\b|kommission|rat\b|beauftragte)",
    re.IGNORECASE,
)

_GENERIC_LABELS = frozenset(
    "www mail email e-mail presse press info kontakt web home de com org net gmail gmx web yahoo outlook "
    "hotmail t-online posteo icloud berlin sachsen bayern".split()
)


def issuer_key(name: Optional[str]) -> Optional[str]:
    """A normalised key of an issuer name: lowercase ASCII slug.

    >>> issuer_key("Polizei Berlin")
    'polizei-berlin'
    """
    if not name:
        return None
    s = name.lower().replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or None


def domain_alias(domain: str) -> Optional[str]:
    """``sms.sachsen.de`` -> ``SMS``; generic or long first labels give None."""
    labels = domain.lower().split(".")
    if labels and labels[0] == "www":
        labels = labels[1:]
    if len(labels) < 2:
        return None
    first = labels[0]
    if first in _GENERIC_LABELS or not first.isalpha() or not 2 <= len(first) <= 6:
        return None
    return first.upper()


_ABBR_PAREN_RE = re.compile(r"([A-ZÄÖÜ][\w\-]*(?:\s+[\wäöüÄÖÜß\-]+){1,10}?)\s+\(([A-ZÄÖÜ][A-ZÄÖÜa-z]{1,9})\)")
_ABBR_DASH_RE = re.compile(r"\b([A-ZÄÖÜ]{2,8})\s+[-–]\s+((?:[A-ZÄÖÜ][\w\-]*)(?:\s+[\wäöüÄÖÜß\-]+){1,10})")


_ABBR_ONLY_RE = re.compile(r"\(([A-ZÄÖÜ][A-ZÄÖÜa-z]{1,9})\)")


def _paren_abbreviations(text: str):
    """Matches of _ABBR_PAREN_RE, looked for only just before each "(ABBR)":
    trying the name pattern at every capital of a long body is the slow part."""
    for paren in _ABBR_ONLY_RE.finditer(text):
        window_start = max(0, paren.start() - 300)
        for m in _ABBR_PAREN_RE.finditer(text, window_start, paren.end()):
            if m.end() == paren.end():
                yield m
                break


def _words(s: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w{3,}", s)}


def issuer_aliases(issuer: Optional[str], text: str, domains: Iterable[str]) -> tuple[str, ...]:
    """Aliases of the issuer: abbreviations written next to its name in
    ``text`` (``… Gute Arbeit (ZEFAS)``, ``ZEFAS - Zentrum für …``) and the
    issuer's own web/e-mail domains with their first label upper-cased."""
    aliases: list[str] = []
    if issuer:
        iw = _words(issuer)
        for m in _paren_abbreviations(text):
            name_words = _words(m.group(1))
            # The words right before "(ABBR)" must mostly be the issuer's.
            tail = list(dict.fromkeys(w.lower() for w in re.findall(r"\w{3,}", m.group(1))))[-4:]
            if len(name_words & iw) >= 2 and all(w in iw for w in tail[-2:]):
                aliases.append(m.group(2))
        for m in _ABBR_DASH_RE.finditer(text):
            if len(_words(m.group(2)) & iw) >= 2:
                aliases.append(m.group(1))
    for domain in domains:
        abbr = domain_alias(domain)
        if abbr:
            aliases.append(abbr)
        aliases.append(domain.lower().removeprefix("www."))
    out: list[str] = []
    for a in aliases:
        if a and a not in out and a != issuer:
            out.append(a)
    # Abbreviations first, then domains.
    out.sort(key=lambda a: "." in a)
    return tuple(out)


__all__ = [
    "DATE_RE",
    "date_line",
    "dateline_place",
    "location_line",
    "domain_alias",
    "find_date",
    "find_number",
    "is_contact_para",
    "issuer_aliases",
    "issuer_key",
    "join_wrapped_emails",
    "parse_contacts",
]
