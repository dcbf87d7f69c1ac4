"""The tables of an index in a PostgreSQL database, and their migrations.

Everything lives in the schema ``searcher``::

    searcher.meta       key/value: schema_version, generation (bumped by every
                        commit; readers key their caches on it)
    searcher.releases   one row per release (see documents.COLUMNS), ``seq``
                        the insertion order (ties in ranking, as Whoosh's docnum)

    searcher.postings   (term, impact, seq): one row per lexeme of a release's
                        ``tsv`` (title, subtitle, body), ``impact`` its BM25F
                        weight there with the length normalisation folded in
                        (see :func:`postings_sql`); a B-tree on (term, impact
                        DESC, seq) gives a term's best releases first, so a
                        search takes its top candidates from a few short index
                        scans instead of scoring every match. Rows of deleted
                        releases are dropped lazily (``seq`` is never reused;
                        a search joins the live table).
    searcher.terms      (term, df): the vocabulary of ``tsv`` with its document
                        frequencies (idf at query time, prefix expansion,
                        "did you mean").

Indexes: B-tree on ``date``, ``source`` (prefix scans for vanished files) and
``location``; GIN on ``persons``, ``issuer_names`` and every tsvector column
but ``tsv``, which from version 4 has a RUM index where the server has the
``rum`` extension (positions in the index: phrases are checked there), GIN
where it has not. ``meta`` key ``stale``: how many deleted releases still
have postings (see :mod:`.counts`).
A rebuild fills ``releases_new``, ``postings_new`` and ``terms_new``, builds
their indexes after the bulk load, and renames them into place in one
transaction.

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
SCHEMA_VERSION = 4
TABLES = ("releases", "postings", "terms")  # what a rebuild builds afresh and switches


def fresh(name: str) -> str:
    return name + "_new"


# BM25F of the Whoosh backend (searcher.search.scoring): B, K1, the field boosts, a compound part's weight
B, K1 = 0.75, 1.2


def table_ddl(name: str, partitioned: bool = True) -> sql.Composed:
    """A releases table: partitioned by the year of ``date`` (schema version 3;
    see :func:`add_partitions`), or one table as versions 1 and 2 wrote it.
    Partitioned, ``id`` is indexed but not a key (a key must hold the date):
    writers keep it unique, under the write lock."""
    return sql.SQL(
        """CREATE TABLE {t} (
            seq bigint GENERATED ALWAYS AS IDENTITY,
            id text {key},
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
        ) {part}"""
    ).format(t=sql.Identifier(SCHEMA, name), key=sql.SQL("NOT NULL" if partitioned else "PRIMARY KEY"),
             part=sql.SQL("PARTITION BY RANGE (date)" if partitioned else ""))


def partition_years(conn, name: str) -> set:
    """The years (None: the default partition, undated releases) a partitioned releases table has."""
    import re

    rows = conn.execute(
        "SELECT pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = to_regclass(%s)", [f"{SCHEMA}.{name}"]).fetchall()
    out: set = set()
    for (bound,) in rows:
        got = re.search(r"FROM \('(\d+)-", bound or "")
        out.add(int(got.group(1)) if got else None)
    return out


def add_partitions(conn, name: str, years) -> None:
    """Partitions of a releases table for these years (None: the default
    partition, where undated releases go), those it lacks."""
    import datetime as dt

    have = partition_years(conn, name)
    for year in sorted((y for y in set(years) - have if y is not None)):
        if not 1 <= year <= 9998:
            continue  # (a date outside these years is none a parser gives)
        conn.execute(sql.SQL("CREATE TABLE {} PARTITION OF {} FOR VALUES FROM ({}) TO ({})").format(
            sql.Identifier(SCHEMA, f"releases_{year}_{secrets.token_hex(3)}"), sql.Identifier(SCHEMA, name),
            sql.Literal(dt.date(year, 1, 1)), sql.Literal(dt.date(year + 1, 1, 1))))
    if None in years and None not in have:
        conn.execute(sql.SQL("CREATE TABLE {} PARTITION OF {} DEFAULT").format(
            sql.Identifier(SCHEMA, f"releases_undated_{secrets.token_hex(3)}"), sql.Identifier(SCHEMA, name)))


_BTREE = (("date",), ("source",), ("location",), ("seq",))
_BTREE_V3 = _BTREE + (("id",),)  # (no key on a partitioned table)
_GIN = ("persons", "issuer_names", "tsv", "title_tsv", "quotes_tsv", "issuer_tsv", "person_tsv")


def index_ddl(name: str, partitioned: bool = True, rum: bool = False) -> list[sql.Composed]:
    """The secondary indexes of a releases table (names unique per build, so a
    renamed table's indexes never collide with the next build's); on a
    partitioned table each partition gets its own, now and when it is added.
    With ``rum`` (schema version 4, where the server has the extension) the
    ``tsv`` index is a RUM index: it keeps every lexeme's positions, so a
    phrase is checked inside the index (GIN holds none: each candidate's
    vector is read and checked), and it can give a phrase's matches in rank
    order."""
    stamp = secrets.token_hex(4)
    table = sql.Identifier(SCHEMA, name)
    out = []
    for cols in _BTREE_V3 if partitioned else _BTREE:
        ops = sql.SQL(" text_pattern_ops") if cols == ("source",) else sql.SQL("")
        out.append(sql.SQL("CREATE INDEX {i} ON {t} ({c}{o})").format(
            i=sql.Identifier(f"releases_{cols[0]}_{stamp}"), t=table, c=sql.Identifier(cols[0]), o=ops))
    for col in _GIN:
        if col == "tsv" and rum:
            out.append(rum_ddl(name, stamp))
            continue
        out.append(sql.SQL("CREATE INDEX {i} ON {t} USING gin ({c})").format(
            i=sql.Identifier(f"releases_{col}_{stamp}"), t=table, c=sql.Identifier(col)))
    return out


def rum_ddl(name: str, stamp: str = "") -> sql.Composed:
    return sql.SQL("CREATE INDEX {i} ON {t} USING rum (tsv rum_tsvector_ops)").format(
        i=sql.Identifier(f"releases_tsv_rum_{stamp or secrets.token_hex(4)}"), t=sql.Identifier(SCHEMA, name))


def enable_rum(conn) -> bool:
    """Whether ``tsv`` can have a RUM index: the server has the ``rum``
    extension and it is (or now is) installed in this database. Creating it
    needs the right to (a superuser, usually); without, the index stays GIN
    and everything else is the same."""
    if conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'rum'").fetchone():
        return True
    if not conn.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'").fetchone():
        return False
    try:
        with conn.transaction():  # a savepoint: a refusal leaves the migration's transaction usable
            conn.execute("CREATE EXTENSION IF NOT EXISTS rum")
        return True
    except Exception:  # noqa: BLE001 - no right to create it: GIN, as before
        return False


def tsv_is_rum(conn, name: str = LIVE) -> bool:
    """Whether the releases table's ``tsv`` has a RUM index (what a rebuild builds again)."""
    return bool(conn.execute(
        "SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
        "WHERE i.indrelid = to_regclass(%s) AND a.amname = 'rum'", [f"{SCHEMA}.{name}"]).fetchone())


def postings_ddl(name: str, dated: bool = True) -> sql.Composed:
    """The postings; from version 3 with the release's date, so a search looks
    a candidate up in its year's partition only."""
    return sql.SQL('CREATE TABLE {} (term text COLLATE "C" NOT NULL, impact real NOT NULL, seq bigint NOT NULL{})').format(
        sql.Identifier(SCHEMA, name), sql.SQL(", date date" if dated else ""))


def terms_ddl(name: str) -> sql.Composed:
    return sql.SQL('CREATE TABLE {} (term text COLLATE "C" PRIMARY KEY, df integer NOT NULL)').format(
        sql.Identifier(SCHEMA, name))


def postings_index_ddl(name: str, dated: bool = True) -> sql.Composed:
    return sql.SQL("CREATE INDEX {} ON {} (term, impact DESC, seq){}").format(
        sql.Identifier(f"postings_top_{secrets.token_hex(4)}"), sql.Identifier(SCHEMA, name),
        sql.SQL(" INCLUDE (date)" if dated else ""))


def postings_sql(releases: str, postings: str, since: bool = True, dated: bool = True) -> sql.Composed:
    """INSERT the postings of the releases with ``seq > %(since)s`` (all when
    ``since`` is False), from their stored ``tsv``: per lexeme the weight in
    each field (an occurrence's field from its position, a compound part from
    its weight letter, as :mod:`.ranking` reads them), times the field boost,
    through BM25F's saturation with the field's length against the average
    lengths ``%(avg_title)s``, ``%(avg_subtitle)s``, ``%(avg_body)s``."""
    from ...analysis import PART_BOOST
    from ...schema import FIELD_BOOSTS

    def weight(cond: str, main: str, field: str) -> sql.Composed:
        return sql.SQL("{boost} * sum(CASE WHEN " + cond + " THEN CASE WHEN x.w = {main} THEN 1.0 ELSE {part} END "
                       "ELSE 0 END)").format(boost=sql.Literal(FIELD_BOOSTS[field]), main=sql.Literal(main),
                                             part=sql.Literal(PART_BOOST))

    def saturate(w: str, length: str, avg: str) -> sql.Composed:
        return sql.SQL("CASE WHEN f." + w + " > 0 THEN {k1p} * f." + w + " / (f." + w + " + {k1b} + {k1B} * r."
                       + length + " / greatest(%(" + avg + ")s::float8, 1.0)) ELSE 0 END").format(
            k1p=sql.Literal(K1 + 1), k1b=sql.Literal(K1 * (1 - B)), k1B=sql.Literal(K1 * B))

    return sql.SQL(
        "INSERT INTO {p} (term, impact, seq{dc}) "
        "SELECT u.lexeme, ({st} + {ss} + {sb})::real, r.seq{dv} FROM {r} r CROSS JOIN LATERAL unnest(r.tsv) u "
        "CROSS JOIN LATERAL (SELECT {wt} AS wt, {ws} AS ws, {wb} AS wb "
        "FROM unnest(u.positions, u.weights) AS x(p, w)) f {where}"
    ).format(
        p=sql.Identifier(SCHEMA, postings), r=sql.Identifier(SCHEMA, releases),
        wt=weight("x.p <= r.title_last", "A", "title"),
        ws=weight("x.p > r.title_last AND x.p <= r.subtitle_last", "B", "subtitle"),
        wb=weight("x.p > r.subtitle_last", "C", "body"),
        st=saturate("wt", "title_len", "avg_title"), ss=saturate("ws", "subtitle_len", "avg_subtitle"),
        sb=saturate("wb", "body_len", "avg_body"),
        where=sql.SQL("WHERE r.seq > %(since)s") if since else sql.SQL(""),
        dc=sql.SQL(", date" if dated else ""), dv=sql.SQL(", r.date" if dated else ""))


def df_sql(releases: str, terms: str, sign: str = "+") -> sql.Composed:
    """Add (or with ``sign='-'`` take away) the lexemes of the releases with
    ``seq > %(since)s`` to the vocabulary's document frequencies."""
    t = sql.Identifier(SCHEMA, terms)
    return sql.SQL(
        "INSERT INTO {t} (term, df) SELECT u.lexeme, count(*) FROM {r} r CROSS JOIN LATERAL unnest(r.tsv) u "
        "WHERE r.seq > %(since)s GROUP BY u.lexeme "
        "ON CONFLICT (term) DO UPDATE SET df = {t}.df " + sign + " EXCLUDED.df"
    ).format(t=t, r=sql.Identifier(SCHEMA, releases))


LENGTHS = ("title_len", "subtitle_len", "body_len", "quotes_len", "issuer_len", "person_len")
AVERAGES_EXACT = 50_000  # up to this many releases a commit averages every length again; above, it blends


def averages_sql(releases: str, since: bool = False) -> sql.Composed:
    """(count, the sum of each length) of the releases (with ``seq > %(since)s``)."""
    return sql.SQL("SELECT count(*), {} FROM {} {}").format(
        sql.SQL(", ").join(sql.SQL("coalesce(sum({}), 0)").format(sql.Identifier(c)) for c in LENGTHS),
        sql.Identifier(SCHEMA, releases), sql.SQL("WHERE seq > %(since)s") if since else sql.SQL(""))


def _v1(conn) -> None:
    for statement in (
        sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(SCHEMA)),
        sql.SQL("CREATE TABLE {} (key text PRIMARY KEY, value text NOT NULL)").format(sql.Identifier(SCHEMA, "meta")),
        sql.SQL("INSERT INTO {} VALUES ('generation', '0')").format(sql.Identifier(SCHEMA, "meta")),
        table_ddl(LIVE, partitioned=False),
        *index_ddl(LIVE, partitioned=False),
    ):
        conn.execute(statement)


def store_averages(conn, releases: str = LIVE, since: int = 0) -> dict:
    """Count the releases and average their field lengths into ``meta`` (key
    ``averages``: [count, then one average per :data:`LENGTHS`]); returns the
    parameters :func:`postings_sql` takes. A large index's averages are the
    stored ones blended with the releases added since ``since`` (deletions
    are not taken out: the next rebuild or a smaller index averages exactly)."""
    import json

    meta = sql.Identifier(SCHEMA, "meta")
    n = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(SCHEMA, releases))).fetchone()[0]
    old = conn.execute(sql.SQL("SELECT value FROM {} WHERE key = 'averages'").format(meta)).fetchone()
    if n <= AVERAGES_EXACT or not old or not since:
        _, *sums = conn.execute(averages_sql(releases)).fetchone()
        values = [n] + [float(x) / max(n, 1) for x in sums]
    else:
        before = json.loads(old[0])
        added, *sums = conn.execute(averages_sql(releases, since=True), {"since": since}).fetchone()
        total = max(before[0] + added, 1)
        values = [n] + [(a * before[0] + float(x)) / total for a, x in zip(before[1:], sums)]
    conn.execute(sql.SQL(
        "INSERT INTO {} VALUES ('averages', %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"
    ).format(meta), [json.dumps(values)])
    return averages_params(values)


def averages_params(values: list) -> dict:
    return {"avg_title": values[1], "avg_subtitle": values[2], "avg_body": values[3]}


def _v2(conn) -> None:
    """The postings and the vocabulary, derived from the releases' stored
    vectors (an index written by version 1 keeps its rows; nothing is analysed again)."""
    conn.execute(postings_ddl("postings", dated=False))
    conn.execute(terms_ddl("terms"))
    params = store_averages(conn)
    conn.execute(postings_sql(LIVE, "postings", since=False, dated=False), params)
    conn.execute(df_sql(LIVE, "terms"), {"since": 0})
    conn.execute(postings_index_ddl("postings", dated=False))


def _v3(conn) -> None:
    """The releases table partitioned by year: the rows move over with their
    ``seq``, the identity continues after the last; the postings carry the
    release's date."""
    from .documents import COLUMNS

    old, live = sql.Identifier(SCHEMA, "releases_v2"), sql.Identifier(SCHEMA, LIVE)
    conn.execute(sql.SQL("ALTER TABLE {} RENAME TO {}").format(live, sql.Identifier("releases_v2")))
    conn.execute(table_ddl(LIVE))
    years = {int(y) if y is not None else None for (y,) in conn.execute(
        sql.SQL("SELECT DISTINCT extract(year FROM date) FROM {}").format(old)).fetchall()}
    add_partitions(conn, LIVE, years | {None})
    cols = sql.SQL(", ").join(map(sql.Identifier, ("seq",) + COLUMNS))
    conn.execute(sql.SQL("INSERT INTO {} ({}) OVERRIDING SYSTEM VALUE SELECT {} FROM {}").format(live, cols, cols, old))
    conn.execute(sql.SQL("SELECT setval(pg_get_serial_sequence(%s, 'seq'), (SELECT coalesce(max(seq), 0) + 1 FROM {}), false)")
                 .format(old), [f"{SCHEMA}.{LIVE}"])
    conn.execute(sql.SQL("DROP TABLE {}").format(old))
    for statement in index_ddl(LIVE):
        conn.execute(statement)
    # the postings again, with each release's date (derived as version 2 did; the vocabulary stays)
    conn.execute(sql.SQL("DROP TABLE {}").format(sql.Identifier(SCHEMA, "postings")))
    conn.execute(postings_ddl("postings"))
    conn.execute(postings_sql(LIVE, "postings", since=False), store_averages(conn))
    conn.execute(postings_index_ddl("postings"))


def _v4(conn) -> None:
    """``tsv``'s GIN index becomes a RUM index (positions in the index: a
    phrase is checked there, not by reading each candidate's vector), where
    the server has the ``rum`` extension; where it has not, nothing changes.
    An index without releases also starts counting the deleted releases
    whose postings remain (``stale``, see :mod:`.counts`); a larger one
    starts at its next drop of stale postings or its next rebuild."""
    if not conn.execute(sql.SQL("SELECT EXISTS (SELECT 1 FROM {})").format(sql.Identifier(SCHEMA, "postings"))).fetchone()[0]:
        conn.execute(sql.SQL("INSERT INTO {} VALUES ('stale', '0') ON CONFLICT (key) DO NOTHING").format(
            sql.Identifier(SCHEMA, "meta")))
    if not enable_rum(conn):
        return
    old = conn.execute(
        "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
        "WHERE i.indrelid = to_regclass(%s) AND a.amname = 'gin' "
        "AND pg_get_indexdef(i.indexrelid) LIKE '%%USING gin (tsv)'", [f"{SCHEMA}.{LIVE}"]).fetchall()
    conn.execute(rum_ddl(LIVE))
    for (name,) in old:
        conn.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(SCHEMA, name)))


# version -> the function that makes it from the version before (on a connection in a transaction)
MIGRATIONS = {1: _v1, 2: _v2, 3: _v3, 4: _v4}
