"""The Whoosh schema of an index: the fields a document of
:func:`searcher.schema.to_document` fills, their analyzers, posting formats and
boosts.

Field roles:


- ``title``, ``subtitle``, ``body``, ``quotes``: German-analysed text, stored
  (``quotes`` rebuilt from ``data``), with positions in the postings (the
  compact :class:`searcher.formats.PackedPositions`); the highlighter
  recomputes the character spans of a page's hits from the stored text at
  those positions. Indexes written before keep the spans in the postings
  (:class:`searcher.formats.Spans`, or whoosh's ``Characters``) and are read
  from there. Boosts title > subtitle > body.
- ``issuer``: the issuer's name as searchable text (``issuer:`` scoping).
- ``issuer_names``: exact folded keys for filtering: the issuer key, the folded
  full name and every folded alias. The issuer filter matches user input
  against this field's (small) vocabulary.
- ``person``: searchable names of persons quoted (``person:`` scoping);
  ``persons``: exact folded full names for the person filter and facets.
- ``location``: the place a release names (``Ereignisort``, dateline), as
  written, for the location filter and facet (indexes written before it
  gain the field on their next write; see :func:`missing_fields`).
- ``date``: ``yyyymmdd`` as an integer (sortable, range-filterable);
  ``year``: for facets.
- ``data``: a JSON blob with everything else needed to rebuild the Release
  (contacts, quotes with offsets, links, warnings, aliases, url, …).
"""
from __future__ import annotations

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from ...analysis import german_analyzer, name_analyzer
from ...formats import PackedPositions
from ...query import TEXT_FIELDS  # noqa: F401  (one list of the text fields, whoosh-free)

# Field names: only this module, the document glue (searcher.schema) and the
# query/search layer use them.
FIELD_BOOSTS = {"title": 3.0, "subtitle": 1.8, "body": 1.0, "quotes": 1.0, "issuer": 0.5}

# Fields whose values repeat across releases (issuers, dates, persons quoted,
# the records file a release came from): the indexer analyses each distinct
# value once per run instead of once per release.
REPEATED_FIELDS = ("source", "issuer", "issuer_key", "issuer_names", "date", "year", "person", "persons", "location")


def _spans_text(analyzer, **options) -> TEXT:
    """A TEXT field whose postings keep positions in the compact
    :class:`searcher.formats.PackedPositions` format; the highlighter recomputes
    the character spans of a page's hits from the stored text (indexes written
    before keep them in the postings: :class:`searcher.formats.Spans`, or
    ``chars=True``'s pickled ``Characters``)."""
    field = TEXT(analyzer=analyzer, **options)
    field.format = PackedPositions(field_boost=field.format.field_boost)
    return field


def build_schema() -> Schema:
    """Return a fresh Schema instance for a new index."""
    german = german_analyzer()
    names = name_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        source=ID(stored=True),
        content_hash=STORED(),
        file_hash=STORED(),
        size=STORED(),
        issuer=TEXT(analyzer=german, stored=True, field_boost=FIELD_BOOSTS["issuer"]),
        issuer_key=ID(stored=True, sortable=True),
        issuer_names=KEYWORD(commas=True, stored=False),
        date=NUMERIC(int, bits=32, stored=True, sortable=True),
        year=ID(stored=False, sortable=True),
        number=ID(stored=True),
        title=_spans_text(german, stored=True, field_boost=FIELD_BOOSTS["title"], spelling=False),
        subtitle=_spans_text(german, stored=True, field_boost=FIELD_BOOSTS["subtitle"]),
        body=_spans_text(german, stored=True, field_boost=FIELD_BOOSTS["body"]),
        quotes=_spans_text(german, stored=False, field_boost=FIELD_BOOSTS["quotes"]),
        person=TEXT(analyzer=names, stored=False),
        persons=KEYWORD(commas=True, stored=True, sortable=False),
        location=ID(stored=False),
        data=STORED(),
    )


def missing_fields(schema: Schema) -> dict:
    """Fields of the current schema that an older index's ``schema`` lacks
    (name -> field type), to add before writing to it."""
    fresh = build_schema()
    return {name: fresh[name] for name in fresh.names() if name not in schema}
