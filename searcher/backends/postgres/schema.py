"""The tables of an index in a PostgreSQL database, and their migrations.

Everything lives in the schema ``searcher``::

    searcher.meta       key/value: schema_version, generation (bumped by every
                        commit; readers key their caches on it)
    searcher.releases   one row per release (see documents.COLUMNS), ``seq``
                        the insertion order (ties in ranking, as Whoosh's docnum)

Indexes: B-tree on ``date``, ``source`` (prefix scans for vanished files) and
``location``; GIN on ``persons``, ``issuer_names`` and every tsvector column.
A rebuild fills ``releases_new`` and renames it into place in one transaction.

Migrations: :data:`MIGRATIONS` lists, per schema version, the statements
that bring the version before it up to it; a writer applies the missing ones
under the write lock. A database written by a newer searcher is refused.
"""
from __future__ import annotations

import secrets

from psycopg import sql

SCHEMA = "searcher"
LIVE = "releases"
FRESH = "releases_new"
SCHEMA_VERSION = 1


def table_ddl(name: str) -> sql.Composed:
    return sql.SQL(
        """CREATE TABLE {t} (
            seq bigint GENERATED ALWAYS AS IDENTITY,
            id text PRIMARY KEY,
            source text NOT NULL,
            content_hash text NOT NULL DEFAULT '',
            file_hash text NOT NULL DEFAULT '',
            size bigint NOT NULL DEFAULT 0,
            date date,
            issuer text,
            issuer_key text,
            issuer_names text[] NOT NULL DEFAULT '{{}}',
            number text,
            title text NOT NULL DEFAULT '',
            subtitle text NOT NULL DEFAULT '',
            body text NOT NULL DEFAULT '',
            persons text[] NOT NULL DEFAULT '{{}}',
            location text,
            url text,
            contacts jsonb NOT NULL DEFAULT '[]',
            data jsonb NOT NULL,
            tsv tsvector NOT NULL,
            title_tsv tsvector NOT NULL,
            quotes_tsv tsvector NOT NULL,
            issuer_tsv tsvector NOT NULL,
            person_tsv tsvector NOT NULL,
            title_len integer NOT NULL DEFAULT 0,
            subtitle_len integer NOT NULL DEFAULT 0,
            body_len integer NOT NULL DEFAULT 0,
            quotes_len integer NOT NULL DEFAULT 0,
            issuer_len integer NOT NULL DEFAULT 0,
            person_len integer NOT NULL DEFAULT 0,
            title_last integer NOT NULL DEFAULT 0,
            subtitle_last integer NOT NULL DEFAULT 0
        )"""
    ).format(t=sql.Identifier(SCHEMA, name))


_BTREE = (("date",), ("source",), ("location",), ("seq",))
_GIN = ("persons", "issuer_names", "tsv", "title_tsv", "quotes_tsv", "issuer_tsv", "person_tsv")


def index_ddl(name: str) -> list[sql.Composed]:
    """The secondary indexes of a releases table (names unique per build, so a
    renamed table's indexes never collide with the next build's)."""
    stamp = secrets.token_hex(4)
    table = sql.Identifier(SCHEMA, name)
    out = []
    for cols in _BTREE:
        ops = sql.SQL(" text_pattern_ops") if cols == ("source",) else sql.SQL("")
        out.append(sql.SQL("CREATE INDEX {i} ON {t} ({c}{o})").format(
            i=sql.Identifier(f"releases_{cols[0]}_{stamp}"), t=table, c=sql.Identifier(cols[0]), o=ops))
    for col in _GIN:
        out.append(sql.SQL("CREATE INDEX {i} ON {t} USING gin ({c})").format(
            i=sql.Identifier(f"releases_{col}_{stamp}"), t=table, c=sql.Identifier(col)))
    return out


def _v1() -> list[sql.Composable]:
    return [
        sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(SCHEMA)),
        sql.SQL("CREATE TABLE {} (key text PRIMARY KEY, value text NOT NULL)").format(sql.Identifier(SCHEMA, "meta")),
        sql.SQL("INSERT INTO {} VALUES ('generation', '0')").format(sql.Identifier(SCHEMA, "meta")),
        table_ddl(LIVE),
        *index_ddl(LIVE),
    ]


# version -> the statements that make it from the version before
MIGRATIONS = {1: _v1}
