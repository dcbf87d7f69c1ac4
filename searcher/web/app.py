"""The web app of ``searcher serve``: routes to responses, independent of the
HTTP server (tests call :meth:`App.handle` directly).

Routes (all GET/HEAD, read-only)::

    /                      search page (q, issuer, person, location, from, to, sort, page, limit, all)
    /release/{id}          one release, the words of ?q= highlighted
    /stats                 counts, timeline, issuers, most quoted persons
    /api/search            JSON with the keys of `searcher search --json`
    /api/releases/{id}     JSON of one release (`searcher show --json`)
    /api/stats             JSON of the index summary (`searcher stats --json`, without the path)
    /static/{name}         the stylesheet and the optional script

Every page is built from the library's public API (Index.search/get/stats/
highlights); every value from a request or a release is HTML-escaped. A
request's parameters and their bounds are read in :mod:`.params`.
"""
from __future__ import annotations

import datetime as _dt
import json
import sys
import traceback
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Callable, Optional
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from ..errors import IndexDamaged, IndexNotFound, IndexStorageError, QueryError, ReleaseNotFound, SearcherError, UsageError
from ..models import Snippet, to_jsonable
from ..snippets import render_html
from . import charts
from .html import H, Markup, join, render
from .params import (  # noqa: F401  (the bounds and Params are read from here too)
    DEFAULT_LIMIT, FILTERS, MAX_FIELDS, MAX_FILTER_CHARS, MAX_FILTER_VALUES, MAX_LIMIT, MAX_QUERY_CHARS, MAX_RESULTS,
    MAX_TARGET, SORTS, BadRequest, Params, _int,
)

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}
STATIC_TYPES = {"style.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"}


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------------------
# JSON


def search_json(result) -> dict[str, Any]:
    """The JSON of a SearchResult, exactly what ``searcher search --json`` prints:
    :func:`searcher.models.to_jsonable` of the result (``{"total", "hits", "query",
    "facets"?, "suggestion"?, "literal_fallback"?, "notes"?}``)."""
    return to_jsonable(result)


def _json(status: int, obj: Any) -> Response:
    body = json.dumps(obj, ensure_ascii=False, indent=2).encode("utf-8")
    return Response(status, body, "application/json; charset=utf-8")


# ---------------------------------------------------------------------------
# the app


class App:
    """Turns a request (method, target) into a Response, reading ``index``.

    ``index`` is a :class:`searcher.Index`; it reopens the live generation and
    renews its readers after another process commits, so every request sees
    the latest commit.
    """

    def __init__(self, index, *, log: Callable[[str], None] = lambda msg: print(msg, file=sys.stderr)):
        self.index = index
        self.log = log
        self._static = {
            name: resources.files(__package__).joinpath("static", name).read_bytes() for name in STATIC_TYPES
        }

    def handle(self, method: str, target: str) -> Response:
        if len(target) > MAX_TARGET:
            return self._error(414, f"Die Adresse ist zu lang: höchstens {MAX_TARGET} Zeichen.", api=target.startswith("/api/"))
        parts = urlsplit(target)
        path, query = parts.path, parts.query
        api = path.startswith("/api/")
        if method not in ("GET", "HEAD"):
            response = self._error(405, "Nur Lesen ist möglich (GET).", api=api)
            response.headers["Allow"] = "GET, HEAD"
            return response
        try:
            return self._route(path, query)
        except BadRequest as err:
            return self._error(400, str(err), api=api)
        except ReleaseNotFound as err:
            return self._error(404, str(err), api=api)
        except UsageError as err:  # QueryError, bad dates, reversed ranges
            return self._error(400, str(err), api=api)
        except (IndexNotFound, IndexDamaged, IndexStorageError) as err:
            return self._error(503, str(err), api=api)
        except SearcherError as err:
            return self._error(500, str(err), api=api)
        except Exception as err:  # a bug: log it, never show a traceback
            self.log("".join(traceback.format_exception(err)))
            return self._error(500, "Interner Fehler; Einzelheiten stehen im Protokoll des Servers.", api=api)

    def _route(self, path: str, query: str) -> Response:
        if path == "/":
            try:
                p = Params.parse(query)
            except BadRequest as err:  # keep the form (with what fits of the query) to correct it
                return self.search_page(Params(q=_raw_query(query)[:MAX_QUERY_CHARS]), error=str(err))
            return self.search_page(p)
        if path == "/stats":
            return self.stats_page()
        if path.startswith("/release/"):
            return self.release_page(unquote(path[len("/release/"):]), Params.parse(query))
        if path == "/api/search":
            return self.api_search(Params.parse(query))
        if path.startswith("/api/releases/"):
            release = self.index.get(unquote(path[len("/api/releases/"):]))
            return _json(200, to_jsonable(release))
        if path == "/api/stats":
            stats = to_jsonable(self.index.stats())
            stats.pop("path", None)  # the server's file system is none of the client's business
            return _json(200, stats)
        if path.startswith("/static/"):
            name = path[len("/static/"):]
            if name in self._static:
                return Response(200, self._static[name], STATIC_TYPES[name], {"Cache-Control": "max-age=3600"})
        return self._error(404, "Diese Seite gibt es nicht.", api=path.startswith("/api/"))

    # -- API ----------------------------------------------------------------

    def api_search(self, p: Params) -> Response:
        result = self.index.search(p.q, options=p.search_options(facets=p.facets))
        return _json(200, search_json(result))

    # -- pages --------------------------------------------------------------

    def search_page(self, p: Params, error: Optional[str] = None) -> Response:
        notes: list[str] = []
        status = 200
        try:
            if error:
                raise BadRequest(error)
            options = p.search_options(facets=True, timeline=True)
            try:
                result = self.index.search(p.q, options=options)
            except QueryError as err:
                notes.append(f"{err} Gesucht wurde nach den Wörtern ohne Operatoren.")
                result = self.index.search(p.q, options=options.replace(literal=True))
            results = self._results(p, result, notes)
        except (BadRequest, UsageError) as err:  # a bad date or range: keep the form to correct it
            status = 400
            results = H('<p class="error" role="alert">{}</p>{}', str(err), self._active_filters(p))
        hidden = join(
            H('<input type="hidden" name="{}" value="{}">', name, value)
            for name in FILTERS for value in getattr(p, name)
        )
        if p.require_all:
            hidden = Markup(hidden + H('<input type="hidden" name="all" value="1">'))
        if p.limit != DEFAULT_LIMIT:
            hidden = Markup(hidden + H('<input type="hidden" name="limit" value="{}">', p.limit))
        main = render(
            "search.html",
            q=p.q,
            maxlength=MAX_QUERY_CHARS,
            date_from=p.date_from,
            date_to=p.date_to,
            sort_options=join(
                H('<option value="{}"{}>{}</option>', key, Markup(" selected") if key == p.sort else "", label)
                for key, label in SORTS.items()
            ),
            hidden=hidden,
            results=results,
        )
        title = f"{p.q} – Suche" if p.q else "Suche"
        return self._page(status, title, main)

    def _results(self, p: Params, result, notes: list[str]) -> Markup:
        parts: list[Markup] = []
        parts.append(H('<p class="total" id="total">{}</p>', _total_text(p, result)))
        if result.suggestion:
            parts.append(H('<p class="suggestion">Meinten Sie: <a href="{}">{}</a>?</p>', p.url(q=result.suggestion), result.suggestion))
        notes += list(result.notes)  # what a bound on query cost cut
        for note in notes:
            parts.append(H('<p class="note" role="status">Hinweis: {}</p>', note))
        parts.append(self._active_filters(p))
        facets = result.facets or {}
        months = facets.get("month") or {}
        if len(months) > 1 or (months and result.total > 1):
            parts.append(charts.timeline(months, lambda key: p.url(**{"from": key, "to": key})))
        start = (p.page - 1) * p.limit + 1
        exact = [hit for hit in result.hits if not hit.related]
        related = [hit for hit in result.hits if hit.related]
        lists: list[Markup] = []
        if exact:
            lists.append(H('<ol class="hits" start="{}">{}</ol>', start, join(self._hit(p, h) for h in exact)))
        if related:  # after every exact match: say where they begin
            lists.append(H('<p class="related-start" role="separator">Verwandte Treffer, oben nicht mitgezählt: '
                           'sie enthalten nur einige der Wörter oder nur einen Teil eines Worts.</p>'
                           '<ol class="hits related" start="{}">{}</ol>',
                           start + len(exact), join(self._hit(p, h) for h in related)))
        hit_list = join(lists)
        aside = self._facets(p, facets)
        parts.append(H('<div class="layout"><section class="hitlist" aria-labelledby="total">{}{}</section>{}</div>',
                       hit_list, self._pager(p, result.total + result.related), aside))
        return join(parts)

    def _hit(self, p: Params, hit) -> Markup:
        meta = [H('<time datetime="{}">{}</time>', hit.date.isoformat(), _de_date(hit.date)) if hit.date else H("ohne Datum")]
        meta.append(H("{}", hit.issuer or "Herausgeber unbekannt"))
        if hit.location:
            meta.append(H('<span class="location">Ort: {}</span>', hit.location))
        persons = H('<p class="persons">Zitiert: {}</p>', ", ".join(hit.persons_quoted)) if hit.persons_quoted else Markup("")
        snippets = join(H('<li>{}</li>', Markup(render_html(s))) for s in hit.snippets)
        return H(
            '<li class="hit"><h2><a href="{}">{}</a></h2><p class="meta">{}</p>{}<ul class="snippets">{}</ul></li>',
            _release_url(hit.id, p.q), hit.title or "(ohne Titel)", join(meta, " · "), persons, snippets,
        )

    def _active_filters(self, p: Params) -> Markup:
        chips = []
        labels = {"issuer": "Herausgeber", "person": "Zitiert", "location": "Ort"}
        for name in FILTERS:
            values = getattr(p, name)
            for v in values:
                rest = tuple(x for x in values if x != v)
                chips.append(H('<li><a href="{}" aria-label="Filter {}: {} entfernen">{}: {} <span aria-hidden="true">×</span></a></li>',
                               p.url(**{name: rest}), labels[name], v, labels[name], v))
        if p.date_from or p.date_to:
            span = f"{p.date_from or '…'} bis {p.date_to or '…'}"
            chips.append(H('<li><a href="{}" aria-label="Zeitraum {} entfernen">Zeitraum: {} <span aria-hidden="true">×</span></a></li>',
                           p.url(**{"from": None, "to": None}), span, span))
        if not chips:
            return Markup("")
        return H('<ul class="active" aria-label="Aktive Filter">{}</ul>', join(chips))

    def _facets(self, p: Params, facets: dict) -> Markup:
        blocks = []
        spec = [("issuer", "Herausgeber"), ("year", "Jahr"), ("person", "Zitierte Personen"), ("location", "Ort")]
        for name, label in spec:
            counts = facets.get(name) or {}
            if not counts:
                continue
            items = []
            for value, n in counts.items():
                if name == "year":
                    active = p.date_from == value and p.date_to == value
                    href = p.url(**({"from": None, "to": None} if active else {"from": value, "to": value}))
                else:
                    chosen = getattr(p, name)
                    active = value in chosen
                    href = p.url(**{name: tuple(x for x in chosen if x != value) if active else chosen + (value,)})
                items.append(H('<li><a href="{}"{}><span class="name">{}</span> <span class="count">{}</span></a></li>',
                               href, Markup(' class="active" aria-current="true"') if active else "", value, _num(n)))
            blocks.append(H('<section class="facet"><h2>{}</h2><ul>{}</ul></section>', label, join(items)))
        if not blocks:
            return Markup("")
        return H('<aside class="facets" aria-label="Eingrenzen">{}</aside>', join(blocks))

    def _pager(self, p: Params, total: int) -> Markup:
        pages = min(-(-total // p.limit), MAX_RESULTS // p.limit)
        if pages <= 1:
            return Markup("")
        links = []
        if p.page > 1:
            links.append(H('<a rel="prev" href="{}">« Zurück</a>', p.url(page=p.page - 1)))
        links.append(H('<span class="where">Seite {} von {}</span>', p.page, _num(pages)))
        if p.page < pages:
            links.append(H('<a rel="next" href="{}">Weiter »</a>', p.url(page=p.page + 1)))
        return H('<nav class="pager" aria-label="Seiten">{}</nav>', join(links, " "))

    def release_page(self, release_id: str, p: Params) -> Response:
        release = self.index.get(release_id)
        spans = self.index.highlights(release_id, p.q) if p.q else {}

        def marked(text: str, name: str) -> Markup:
            return Markup(render_html(Snippet(text, tuple(spans.get(name, ())))))

        rows = []

        def row(label: str, value: Any) -> None:
            if value:
                rows.append(H("<dt>{}</dt><dd>{}</dd>", label, value))

        row("Datum", H('<time datetime="{}">{}</time>', release.date.isoformat(), _de_date(release.date)) if release.date else None)
        row("Herausgeber", release.issuer)
        row("Auch bekannt als", ", ".join(release.issuer_aliases))
        row("Nummer", release.number)
        row("Ort", release.location)
        row("Zitiert", ", ".join(release.persons_quoted))
        if release.url:
            row("Original", _link(release.url))
        row("Quelle", release.source)
        row("Kennung", release.id)
        sections = []
        if release.body:
            sections.append(H('<section><h2>Text</h2><div class="body">{}</div></section>', marked(release.body, "body")))
        if release.quotes:
            items = []
            for q in release.quotes:
                who = q.speaker or "ohne Zuordnung"
                role = H(' <span class="role">({})</span>', q.role) if q.role else Markup("")
                kind = " (indirekt)" if q.kind == "indirect" else ""
                items.append(H('<li><span class="speaker">{}</span>{}{}: <q>{}</q></li>', who, role, kind, q.text))
            sections.append(H('<section><h2>Zitate</h2><ul class="quotes">{}</ul></section>', join(items)))
        if release.contacts:
            sections.append(_contacts_section(release.contacts))
        if release.links:
            sections.append(H('<section><h2>Links</h2><ul class="links">{}</ul></section>',
                              join(H("<li>{}</li>", _link(u)) for u in release.links)))
        back = p.url() if (p.q or p.filtered) else "/"
        main = H(
            '<article class="release"><p class="back"><a href="{}">← Zur Suche</a></p><h1>{}</h1>{}<dl class="fields">{}</dl>{}</article>',
            back,
            marked(release.title, "title") if release.title else "(ohne Titel)",
            H('<p class="subtitle">{}</p>', marked(release.subtitle, "subtitle")) if release.subtitle else Markup(""),
            join(rows),
            join(sections),
        )
        return self._page(200, release.title or release.id, main)

    def stats_page(self) -> Response:
        stats = self.index.stats()
        timeline = self.index.search("", limit=1, snippets=False, timeline=True).facets or {}
        blank = Params()
        span = ""
        if stats.date_from and stats.date_to:
            span = f" vom {_de_date(stats.date_from)} bis {_de_date(stats.date_to)}"
        main = H(
            '<h1>Statistik</h1><p class="total">{} Pressemitteilungen{}</p>{}'
            '<div class="columns"><section><h2>Veröffentlichungen pro Herausgeber</h2>{}</section>'
            '<section><h2>Am häufigsten zitiert</h2>{}</section></div>',
            _num(stats.documents),
            span,
            charts.timeline(timeline.get("month") or {}, lambda key: blank.url(**{"from": key, "to": key}), "Veröffentlichungen"),
            charts.bar_rows((name, n, blank.url(issuer=(name,))) for name, n in (stats.issuers or {}).items()),
            charts.bar_rows((name, n, blank.url(person=(name,))) for name, n in (stats.persons_quoted or {}).items()),
        )
        return self._page(200, "Statistik", main)

    # -- responses ----------------------------------------------------------

    def _page(self, status: int, title: str, main: Markup) -> Response:
        body = render(
            "base.html",
            title=f"{title} – Pressemitteilungen",
            main=main,
            footer="Nur lesend: Über diese Seite wird nichts indexiert oder gelöscht.",
        )
        return Response(status, body.encode("utf-8"), "text/html; charset=utf-8")

    def _error(self, status: int, message: str, *, api: bool) -> Response:
        if api:
            return _json(status, {"error": message, "status": status})
        main = H('<h1>Das ging nicht</h1><p class="error" role="alert">{}</p><p><a href="/">Zur Suche</a></p>', message)
        return self._page(status, "Fehler", main)


# ---------------------------------------------------------------------------
# helpers


def _num(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _de_date(d: _dt.date) -> str:
    return d.strftime("%d.%m.%Y")


def _total_text(p: Params, result) -> str:
    """The count a journalist trusts: releases with every word (``total``),
    and apart from it those found only by relaxing the query (``related``)."""
    exact, related = result.total, result.related
    if exact == 0 and related == 0:
        return "Keine Pressemitteilung gefunden."
    first = (p.page - 1) * p.limit + 1
    last = first + len(result.hits) - 1
    noun = "Pressemitteilung" if exact == 1 else "Pressemitteilungen"
    if not related:
        text = f"{_num(exact)} {noun}"
    elif exact:
        text = f"{_num(exact)} {noun} mit allen Wörtern, dazu {_num(related)} verwandte"
    else:
        text = f"Keine Pressemitteilung enthält alle Wörter; {_num(related)} verwandte"
    if result.hits:
        text += f", {_num(first)}–{_num(last)} angezeigt"
    else:
        text += f"; auf Seite {p.page} nichts mehr"
    return text


def _raw_query(query_string: str) -> str:
    try:
        return next((v for k, v in parse_qsl(query_string, max_num_fields=MAX_FIELDS) if k == "q"), "")
    except ValueError:
        return ""


def _release_url(release_id: str, q: str) -> str:
    url = "/release/" + quote(release_id, safe="")
    return f"{url}?{urlencode({'q': q})}" if q else url


def _link(url: str) -> Markup:
    """A link for http(s) addresses only; anything else (javascript:, data:) stays text."""
    if urlsplit(url.strip()).scheme.lower() in ("http", "https"):
        return H('<a href="{}" rel="noopener noreferrer nofollow">{}</a>', url.strip(), url)
    return H("{}", url)


def _contacts_section(contacts) -> Markup:
    """The press contacts of a release page: name, role, phone, fax, e-mail."""
    items = []
    for c in contacts:
        bits = [H("{}", c.name)]
        if c.role:
            bits.append(H("{}", c.role))
        if c.phone:
            bits.append(H("Tel. {}", c.phone))
        if c.fax:
            bits.append(H("Fax {}", c.fax))
        if c.email:
            bits.append(H('<a href="mailto:{}">{}</a>', c.email, c.email) if _plain_email(c.email) else H("{}", c.email))
        items.append(H("<li>{}</li>", join(bits, ", ")))
    return H('<section><h2>Pressekontakt</h2><ul class="contacts">{}</ul></section>', join(items))


def _plain_email(value: str) -> bool:
    return "@" in value and not any(c in value for c in ' <>"?&:/\\')
