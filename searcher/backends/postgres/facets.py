"""Facets, the timeline and the stats of a PostgreSQL index: ``GROUP BY``
over the rows a search's condition selects, named as the Whoosh backend names
them (an issuer by the display name of its first release, a person by the
fullest form of the name, shorter forms counted with it)."""
from __future__ import annotations

import json
from typing import Optional

from psycopg import sql

from ... import search as _pkg
from ...models import Stats
from ...schema import person_key, persons_quoted_of
from .search import TABLE, person_groups


def _issuer_counts(cur, where, top: Optional[int] = None) -> dict[str, int]:
    cur.execute(sql.SQL(
        "SELECT r.issuer_key, (array_agg(r.issuer ORDER BY r.seq))[1], count(*) AS n FROM {} r "
        "WHERE ({}) AND r.issuer_key IS NOT NULL GROUP BY r.issuer_key ORDER BY n DESC, r.issuer_key"
    ).format(TABLE, where[0]), where[1])
    out: dict[str, int] = {}
    for key, name, n in cur.fetchall():
        name = name or key
        out[name] = out.get(name, 0) + n
    return out


def _person_counts(backend, cur, where, top: int) -> dict[str, int]:
    groups = person_groups(backend, cur)
    shorts, fulls = list(groups), [groups[k] for k in groups]
    cur.execute(sql.SQL(
        "SELECT coalesce(m.full_key, p.key) AS k, count(DISTINCT r.seq) AS n "
        "FROM {} r CROSS JOIN LATERAL unnest(r.persons) AS p(key) "
        "LEFT JOIN unnest(%s::text[], %s::text[]) AS m(short_key, full_key) ON m.short_key = p.key "
        "WHERE {} GROUP BY k ORDER BY n DESC, k LIMIT %s"
    ).format(TABLE, where[0]), [shorts, fulls] + where[1] + [top])
    counts = cur.fetchall()
    out: dict[str, int] = {}
    for key, n in counts:
        name = _person_name(backend, cur, key)
        out[name] = out.get(name, 0) + n
    return out


def _person_name(backend, cur, key: str) -> str:
    def build():
        cur.execute(sql.SQL("SELECT r.data FROM {} r WHERE r.persons @> %s::text[] ORDER BY r.seq LIMIT 1").format(TABLE),
                    [[key]])
        got = cur.fetchone()
        if got:
            for p in persons_quoted_of({"data": json.dumps(got[0])}):
                if person_key(p) == key:
                    return p
        return key

    return backend.cached("person:" + key, build)


def _facets(backend, cur, where) -> dict[str, dict[str, int]]:
    cur.execute(sql.SQL(
        "SELECT extract(year FROM r.date)::int AS y, count(*) FROM {} r WHERE ({}) AND r.date IS NOT NULL GROUP BY y"
    ).format(TABLE, where[0]), where[1])
    years = {str(y): n for y, n in cur.fetchall()}
    cur.execute(sql.SQL(
        "SELECT r.location, count(*) AS n FROM {} r WHERE ({}) AND r.location IS NOT NULL "
        "GROUP BY r.location ORDER BY n DESC, r.location LIMIT %s"
    ).format(TABLE, where[0]), where[1] + [_pkg.FACET_PERSONS])
    locations = dict(cur.fetchall())
    return {
        "issuer": _issuer_counts(cur, where),
        "year": dict(sorted(years.items(), reverse=True)),
        "person": _person_counts(backend, cur, where, _pkg.FACET_PERSONS),
        "location": locations,
    }


def _months(cur, where) -> dict[str, int]:
    cur.execute(sql.SQL(
        "SELECT to_char(r.date, 'YYYY-MM') AS m, count(*) FROM {} r WHERE ({}) AND r.date IS NOT NULL "
        "GROUP BY m ORDER BY m"
    ).format(TABLE, where[0]), where[1])
    return dict(cur.fetchall())


def stats(backend, cur) -> Stats:
    cur.execute(sql.SQL("SELECT count(*), min(date), max(date) FROM {}").format(TABLE))
    n, lo, hi = cur.fetchone()
    everything = (sql.SQL("TRUE"), [])
    return Stats(
        documents=n,
        date_from=lo,
        date_to=hi,
        issuers=_issuer_counts(cur, everything),
        persons_quoted=_person_counts(backend, cur, everything, _pkg.STATS_PERSONS),
        path=backend.shown,
    )
