"""A Release to and from the documents an index stores: the one place that maps
them, for every backend (the Whoosh schema is :mod:`searcher.backends.whoosh.schema`).

:func:`to_document` gives the field values of a release (the keyword arguments
of Whoosh's ``writer.add_document``; other backends take the same dict),
:func:`from_stored` rebuilds the release from the stored ones, and
:func:`field_text` the text a text field was indexed from. ``data`` is a JSON
blob with everything else needed to rebuild the Release (contacts, quotes
with offsets, links, warnings, aliases, url, …).

The Whoosh schema's names (``build_schema``, ``missing_fields``,
``FIELD_BOOSTS``, ``REPEATED_FIELDS``) stay importable from here; they are
loaded from the Whoosh backend when first asked for.
"""
from __future__ import annotations

import datetime as _dt
import json
from typing import Any, Mapping, Optional

from .analysis import fold
from .models import Contact, Quote, Release
from .query import TEXT_FIELDS  # noqa: F401  (one list of the text fields, whoosh-free)

SCHEMA_VERSION = 1

_WHOOSH_NAMES = ("build_schema", "missing_fields", "FIELD_BOOSTS", "REPEATED_FIELDS")


def __getattr__(name: str):
    # the Whoosh schema's names, for code written when they lived here
    if name in _WHOOSH_NAMES:
        from .backends.whoosh import schema as _whoosh_schema

        return getattr(_whoosh_schema, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def location_value(location: Optional[str]) -> str:
    """The indexed form of a location: as written, single-spaced."""
    return " ".join((location or "").split())


def date_to_int(d: Optional[_dt.date]) -> Optional[int]:
    """``date(2023, 1, 27)`` -> ``20230127`` (the stored and filtered form)."""
    return d.year * 10000 + d.month * 100 + d.day if d else None


def int_to_date(n: Optional[int]) -> Optional[_dt.date]:
    if not n:
        return None
    return _dt.date(n // 10000, (n // 100) % 100, n % 100)


def _keyword_value(values) -> str:
    # KEYWORD(commas=True) splits on commas; names never contain commas once folded.
    return ",".join(v.replace(",", " ").strip() for v in values if v and v.strip())


def person_key(name: str) -> str:
    """The exact key of a person quoted: folded, single-spaced."""
    return " ".join(fold(name).split())


def issuer_keys(release: Release) -> list[str]:
    keys = []
    for value in (release.issuer_key, release.issuer, *release.issuer_aliases):
        if value:
            k = " ".join(fold(value).split())
            if k and k not in keys:
                keys.append(k)
    return keys


def to_document(
    release: Release,
    *,
    content_hash: str = "",
    size: int = 0,
    source: Optional[str] = None,
    file_hash: str = "",
    exported: bool = False,
) -> dict[str, Any]:
    """Map a Release to the keyword arguments of ``writer.add_document``.

    ``source`` is the absolute path of the file the release came from (it
    drives removal of vanished files); ``content_hash`` identifies this
    release's content, ``file_hash`` the whole file's. ``exported``: the
    release was read from a ``searcher export``; its own ``source`` (where it
    was exported from) is kept as ``origin``, which :func:`from_stored` gives
    back as ``Release.source``, while ``source`` stays the export file (so
    syncing that file adds, updates and removes as for any records file).
    """
    data: dict[str, Any] = {
        "v": SCHEMA_VERSION,
        "issuer_aliases": list(release.issuer_aliases),
        "url": release.url,
        "location": release.location,
        "persons_quoted": list(release.persons_quoted),
        "contacts": [c.__dict__ for c in release.contacts],
        "quotes": [q.__dict__ for q in release.quotes],
        "links": list(release.links),
        "warnings": list(release.warnings),
    }
    if exported:
        data["origin"] = release.source
    doc: dict[str, Any] = {
        "id": release.id,
        "source": source or release.source or release.id,
        "content_hash": content_hash,
        "file_hash": file_hash or content_hash,
        "size": size,
        "title": release.title or "",
        "subtitle": release.subtitle or "",
        "body": release.body or "",
        "quotes": "\n".join(q.text for q in release.quotes),
        "person": "\n".join(release.persons_quoted),
        "persons": _keyword_value(person_key(p) for p in release.persons_quoted),
        "data": json.dumps(data, ensure_ascii=False),
    }
    if release.issuer:
        doc["issuer"] = release.issuer
    if release.issuer_key:
        doc["issuer_key"] = release.issuer_key
    keys = issuer_keys(release)
    if keys:
        doc["issuer_names"] = _keyword_value(keys)
    if release.date:
        doc["date"] = date_to_int(release.date)
        doc["year"] = str(release.date.year)
    if release.number:
        doc["number"] = release.number
    if release.location and location_value(release.location):
        doc["location"] = location_value(release.location)
    return doc


def from_stored(stored: Mapping[str, Any]) -> Release:
    """Rebuild a Release from a document's stored fields."""
    data = json.loads(stored.get("data") or "{}")
    return Release(
        id=stored["id"],
        source=source_of(stored, data),
        issuer=stored.get("issuer"),
        issuer_key=stored.get("issuer_key"),
        issuer_aliases=tuple(data.get("issuer_aliases", ())),
        date=int_to_date(stored.get("date")),
        number=stored.get("number"),
        title=stored.get("title", ""),
        subtitle=stored.get("subtitle", ""),
        body=stored.get("body", ""),
        url=data.get("url"),
        location=data.get("location"),
        contacts=tuple(Contact(**c) for c in data.get("contacts", ())),
        quotes=tuple(Quote(**q) for q in data.get("quotes", ())),
        persons_quoted=tuple(data.get("persons_quoted", ())),
        links=tuple(data.get("links", ())),
        warnings=tuple(data.get("warnings", ())),
    )


def source_of(stored: Mapping[str, Any], data: Mapping[str, Any]) -> Optional[str]:
    """The source shown for a release: where it was exported from when it was
    read from a ``searcher export`` (``origin``), else the file it came from."""
    return data["origin"] if "origin" in data else stored.get("source")


def field_text(stored: Mapping[str, Any], field: str) -> str:
    """The text a release's text field was indexed from, rebuilt from its stored
    fields (``quotes`` is not stored: it is the quotations joined by newlines)."""
    if field == "quotes":
        data = json.loads(stored.get("data") or "{}")
        return "\n".join(q.get("text", "") for q in data.get("quotes", ()))
    return stored.get(field) or ""


def persons_quoted_of(stored: Mapping[str, Any]) -> tuple[str, ...]:
    """The display names of persons quoted, from stored fields (for hits)."""
    data = json.loads(stored.get("data") or "{}")
    return tuple(data.get("persons_quoted", ()))
