"""The search page's state from a request's query string: the bounds on what
one request may ask for, checked once, and the SearchOptions of that state.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional
from urllib.parse import parse_qsl, urlencode

from ..options import SearchOptions

# Bounds on what one request may ask for (the library bounds query cost too).
MAX_TARGET = 32768  # characters of the request target (http.server itself stops at 65536)
MAX_FIELDS = 60  # query-string parameters
# Longer query text is refused at once; shorter text is bounded by the library
# (searcher.query.MAX_*: words, word length, expansions), which says what it cut.
MAX_QUERY_CHARS = 2000
MAX_FILTER_VALUES = 10  # per filter name (issuer, person, location)
MAX_FILTER_CHARS = 200
MAX_LIMIT = 100  # hits per page
MAX_RESULTS = 10_000  # page * limit: deeper pages are refused
DEFAULT_LIMIT = 10
SORTS = {"relevance": "Relevanz", "newest": "Neueste zuerst", "oldest": "Älteste zuerst"}
FILTERS = ("issuer", "person", "location")


class BadRequest(Exception):
    """A parameter the page or the API cannot use (HTTP 400); the message says what to send."""


# ---------------------------------------------------------------------------
# parameters


@dataclass
class Params:
    """The state of the search page, named like the CLI's options."""

    q: str = ""
    issuer: tuple[str, ...] = ()
    person: tuple[str, ...] = ()
    location: tuple[str, ...] = ()
    date_from: str = ""
    date_to: str = ""
    sort: str = "relevance"
    page: int = 1
    limit: int = DEFAULT_LIMIT
    require_all: bool = False
    facets: bool = False

    @classmethod
    def parse(cls, query_string: str) -> "Params":
        try:
            pairs = parse_qsl(query_string, keep_blank_values=False, max_num_fields=MAX_FIELDS)
        except ValueError:
            raise BadRequest(f"Zu viele Parameter: höchstens {MAX_FIELDS}.") from None
        single: dict[str, str] = {}
        multi: dict[str, list[str]] = {name: [] for name in FILTERS}
        for name, value in pairs:
            value = value.strip()
            if name in multi:
                if len(value) > MAX_FILTER_CHARS:
                    raise BadRequest(f"Der Wert von {name} ist zu lang: höchstens {MAX_FILTER_CHARS} Zeichen.")
                if value and value not in multi[name]:
                    multi[name].append(value)
                if len(multi[name]) > MAX_FILTER_VALUES:
                    raise BadRequest(f"Zu viele Werte für {name}: höchstens {MAX_FILTER_VALUES}.")
            else:
                single[name] = value
        p = cls(
            q=single.get("q", ""),
            issuer=tuple(multi["issuer"]),
            person=tuple(multi["person"]),
            location=tuple(multi["location"]),
            date_from=single.get("from", "")[:MAX_FILTER_CHARS],
            date_to=single.get("to", "")[:MAX_FILTER_CHARS],
            sort=single.get("sort") or "relevance",
            page=_int(single.get("page"), "page", 1),
            limit=_int(single.get("limit"), "limit", DEFAULT_LIMIT),
            require_all=single.get("all", "") not in ("", "0", "false"),
            facets=single.get("facets", "") not in ("", "0", "false"),
        )
        p.check()
        return p

    def check(self) -> None:
        if len(self.q) > MAX_QUERY_CHARS:
            raise BadRequest(
                f"Die Suchanfrage ist zu lang ({len(self.q):,} Zeichen); höchstens {MAX_QUERY_CHARS} Zeichen.".replace(",", ".")
            )
        if self.sort not in SORTS:
            raise BadRequest(f"Unbekannte Sortierung {self.sort!r}: relevance, newest oder oldest.")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise BadRequest(f"limit muss zwischen 1 und {MAX_LIMIT} liegen.")
        if self.page < 1:
            raise BadRequest("page muss 1 oder größer sein.")
        if self.page * self.limit > MAX_RESULTS:
            raise BadRequest(f"So weit wird nicht geblättert: höchstens die ersten {MAX_RESULTS:,} Treffer; bitte die Suche eingrenzen.".replace(",", "."))

    def search_options(self, **extras: Any) -> SearchOptions:
        """The options of a search of this state; ``extras`` adds what the
        caller wants besides (facets, a timeline, literal words)."""
        return SearchOptions(
            issuer=self.issuer or None,
            date_from=self.date_from or None,
            date_to=self.date_to or None,
            person=self.person or None,
            location=self.location or None,
            require_all=self.require_all,
            sort=self.sort,
            limit=self.limit,
            offset=(self.page - 1) * self.limit,
            **extras,
        )

    def pairs(self, **changes: Any) -> list[tuple[str, str]]:
        """URL parameters of this state with ``changes`` (None removes a single value)."""
        state = {
            "q": self.q, "issuer": self.issuer, "person": self.person, "location": self.location,
            "from": self.date_from, "to": self.date_to, "sort": self.sort,
            "page": self.page, "limit": self.limit, "all": self.require_all,
        }
        state.update(changes)
        out: list[tuple[str, str]] = []
        for name, value in state.items():
            if isinstance(value, tuple):
                out += [(name, v) for v in value]
            elif value in (None, "", False) or (name, value) in (("sort", "relevance"), ("page", 1), ("limit", DEFAULT_LIMIT)):
                continue
            else:
                out.append((name, "1" if value is True else str(value)))
        return out

    def url(self, path: str = "/", **changes: Any) -> str:
        changes.setdefault("page", 1)
        query = urlencode(self.pairs(**changes))
        return f"{path}?{query}" if query else path

    @property
    def filtered(self) -> bool:
        return bool(self.issuer or self.person or self.location or self.date_from or self.date_to)


def _int(value: Optional[str], name: str, default: int) -> int:
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError:
        raise BadRequest(f"{name} muss eine ganze Zahl sein, nicht {value[:40]!r}.") from None
