"""searcher.schema is the backend-neutral glue (a Release to and from documents);
the Whoosh schema lives in the Whoosh backend, its names still importable from
searcher.schema for code written before the split."""
from __future__ import annotations

import subprocess
import sys


def test_the_document_glue_does_not_load_the_whoosh_schema():
    code = ("import sys, searcher.schema as s; s.to_document; "
            "print('searcher.backends.whoosh.schema' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_whoosh_schema_names_stay_importable_from_searcher_schema():
    from searcher import schema
    from searcher.backends.whoosh import schema as whoosh_schema

    for name in ("build_schema", "missing_fields", "FIELD_BOOSTS", "REPEATED_FIELDS"):
        assert getattr(schema, name) is getattr(whoosh_schema, name)
    from searcher.schema import build_schema, to_document  # noqa: F401  (the PostgreSQL backend's import)


def test_field_text_gives_the_text_each_text_field_was_indexed_from():
    from searcher.models import Quote, Release
    from searcher.schema import field_text, to_document

    body = "Sie sagte: »Wir helfen.« Und dann: »Gern.«"
    release = Release(id="r", title="T", subtitle="S", body=body,
                      quotes=(Quote("Wir helfen.", "Anna", start=12, end=23), Quote("Gern.", "Anna", start=36, end=41)))
    doc = to_document(release)
    stored = {k: v for k, v in doc.items() if k != "quotes"}  # quotes is indexed, not stored
    for field in ("title", "subtitle", "body", "quotes"):
        assert field_text(stored, field) == doc[field]
