"""`searcher serve`: the search page, release page, stats page and JSON API,
through the app (App.handle) and through a real HTTP server on loopback."""
from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from click.testing import CliRunner

from searcher import Index
from searcher.cli import cli
from searcher.web import App, is_loopback, make_server
from searcher.web.app import MAX_LIMIT, MAX_RESULTS

RECORDS = [
    dict(
        id="sms-1", issuer="Sächsisches Staatsministerium für Soziales", date="2023-01-27",
        title="Integration in Sachsen wird gestärkt", url="https://www.example.org/pm/1", location="Dresden",
        body="Dresden. Das Sozialministerium fördert die Integration von Zugewanderten. Staatsministerin "
        "Petra Köpping sagte: „Integration gelingt nur gemeinsam.“ Ein Projekt startet im Frühjahr.",
    ),
    dict(
        id="zefas-1", issuer="Zentrum für Fachkräftesicherung", date="2023-03-05",
        title="<script>alert('title')</script> Fachkräfte gesucht", url="javascript:alert(1)",
        body="Die Fachkräftesicherung bleibt wichtig. „Wir brauchen mehr Fachkräfte“, sagte Sebastian Vogel. "
        "<b>fett</b> <img src=x onerror=alert(2)>",
    ),
    dict(
        id="sms-2", issuer="Sächsisches Staatsministerium für Soziales", date="2024-06-10",
        title="Pflege in Sachsen braucht Fachkräfte",
        body="Die Pflege braucht Unterstützung und Integration. Petra Köpping sagte: „Wir helfen den Pflegenden.“",
    ),
    dict(
        id="dir/with slash?.txt", issuer="Zentrum für Fachkräftesicherung", date="2024-06-20",
        title="Arbeitsmarkt im Sommer", body="Der Arbeitsmarkt in Sachsen bleibt stabil. Integration gelingt.",
    ),
]


def write_records(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("web")
    with Index(folder / "ix") as ix:
        ix.sync(write_records(folder / "releases.jsonl", RECORDS))
    return folder / "ix"


@pytest.fixture(scope="module")
def app(index_dir):
    ix = Index(index_dir)
    yield App(ix)
    ix.close()


def get(app, target):
    r = app.handle("GET", target)
    return r.status, r.body.decode("utf-8")


def hrefs(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', page)]


def total_of(page: str) -> str:
    return html.unescape(re.search(r'<p class="total"[^>]*>(.*?)</p>', page).group(1))


# -- the library hooks the page uses ------------------------------------------


def test_timeline_counts_matching_releases_per_month(index_dir):
    with Index(index_dir) as ix:
        r = ix.search("Integration", timeline=True)
        assert r.facets == {"month": {"2023-01": 1, "2024-06": 2}}
        assert ix.search("Fachkräfte", issuer="Soziales", timeline=True, facets=True).facets["month"] == {"2024-06": 1}
        assert ix.search("Integration").facets is None


def test_highlights_mark_query_words_in_the_whole_release(index_dir):
    with Index(index_dir) as ix:
        release = ix.get("zefas-1")
        spans = ix.highlights("zefas-1", "Sicherung Fachkraft")
        assert [release.body[s:e] for s, e in spans["body"]] == ["Fachkräftesicherung", "Fachkräfte"]
        assert [release.title[s:e] for s, e in spans["title"]] == ["Fachkräfte"]
        assert ix.highlights("zefas-1", '"unbalanced') == {"title": (), "subtitle": (), "body": ()}


# -- search page ------------------------------------------------------------------


def test_search_page_shows_hits_with_marked_words_date_issuer_and_persons(app):
    status, page = get(app, "/?q=Integration")
    assert status == 200
    assert '<html lang="de">' in page
    assert total_of(page).startswith("3 Pressemitteilungen")
    assert "<mark>Integration</mark>" in page
    assert '<time datetime="2023-01-27">27.01.2023</time>' in page
    assert "Zitiert: Petra Köpping" in page
    assert '<label for="q">Suchbegriffe</label>' in page and 'value="Integration"' in page


def test_facets_are_links_that_narrow_the_result_and_can_be_removed(app):
    _, page = get(app, "/?q=Integration")
    issuer_link = next(h for h in hrefs(page) if "issuer=" in h)
    assert parse_qs(urlsplit(issuer_link).query) == {"q": ["Integration"], "issuer": ["Sächsisches Staatsministerium für Soziales"]}
    _, narrowed = get(app, issuer_link)
    assert total_of(narrowed).startswith("2 Pressemitteilungen")
    # the chosen value is marked and its link (and the filter chip) removes it again
    remove = [h for h in hrefs(narrowed) if urlsplit(h).path == "/" and parse_qs(urlsplit(h).query) == {"q": ["Integration"]}]
    assert remove, "no link back to the unfiltered search"
    year_link = next(h for h in hrefs(page) if parse_qs(urlsplit(h).query).get("from") == ["2024"])
    assert parse_qs(urlsplit(year_link).query)["to"] == ["2024"]
    _, by_year = get(app, year_link)
    assert total_of(by_year).startswith("2 Pressemitteilungen")


def test_timeline_is_an_svg_whose_bars_narrow_the_date_range(app):
    _, page = get(app, "/?q=Integration")
    svg = re.search(r"<svg viewBox[^>]*>.*?</svg>", page, re.S).group(0)
    links = [html.unescape(h) for h in re.findall(r'<a href="([^"]*)"', svg)]
    assert {parse_qs(urlsplit(h).query)["from"][0] for h in links} == {"2023-01", "2024-06"}
    assert "Jan 2023: 1 Pressemitteilung<" in svg and "Jun 2024: 2 Pressemitteilungen<" in svg
    _, narrowed = get(app, next(h for h in links if "2024-06" in h))
    assert total_of(narrowed).startswith("2 Pressemitteilungen")


def test_paging_and_sorting(app):
    _, first = get(app, "/?q=Integration&limit=1&sort=oldest")
    assert "1–1 angezeigt" in total_of(first)
    assert "Integration in Sachsen wird gestärkt" in first
    nxt = re.search(r'<a rel="next" href="([^"]*)"', first).group(1)
    _, second = get(app, html.unescape(nxt))
    assert "2–2 angezeigt" in total_of(second) and "Pflege in Sachsen braucht Fachkräfte" in second
    assert 'rel="prev"' in second
    _, newest = get(app, "/?q=Integration&limit=1&sort=newest")
    assert "Arbeitsmarkt im Sommer" in newest


def test_release_links_carry_ids_with_slashes_and_the_query(app):
    _, page = get(app, "/?q=Arbeitsmarkt")
    link = next(h for h in hrefs(page) if h.startswith("/release/"))
    assert link == "/release/" + quote("dir/with slash?.txt", safe="") + "?q=Arbeitsmarkt"
    status, release = get(app, link)
    assert status == 200 and "<mark>Arbeitsmarkt</mark>" in release


def test_a_query_that_cannot_be_read_is_searched_literally_with_a_note(app):
    status, page = get(app, "/?q=%22Integration")
    assert status == 200
    assert "Hinweis: Unbalanced quotation mark" in page
    assert total_of(page).startswith("3 Pressemitteilungen")


def test_bad_dates_and_options_answer_400_with_the_form_kept(app):
    status, page = get(app, "/?q=Integration&from=2023-02-30")
    assert status == 400 and 'Invalid date "2023-02-30"' in html.unescape(page) and 'id="q"' in page
    assert get(app, "/?q=Integration&from=2024&to=2023")[0] == 400
    assert get(app, f"/?q=x&limit={MAX_LIMIT + 1}")[0] == 400
    assert get(app, f"/?q=x&limit=10&page={MAX_RESULTS // 10 + 1}")[0] == 400
    assert "ganze Zahl" in get(app, "/?q=x&page=zwei")[1]


def test_no_words_lists_the_newest_releases(app):
    _, page = get(app, "/")
    assert total_of(page).startswith("4 Pressemitteilungen")
    assert page.index("Arbeitsmarkt im Sommer") < page.index("Integration in Sachsen wird gestärkt")


# -- escaping ---------------------------------------------------------------------


def test_everything_from_the_query_and_from_releases_is_escaped(app):
    for target in ("/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/?q=Fachkr%C3%A4fte", "/release/zefas-1?q=%3Cscript%3E", "/stats"):
        status, page = get(app, target)
        assert status == 200, target
        assert re.findall(r"<script\b[^>]*>", page) == ['<script src="/static/app.js" defer>'], target
        assert "<img" not in page and "<b>" not in page and "style=" not in page
        assert not re.search(r"<[^>]*\son\w+=", page), "an event handler attribute in a tag"
    _, page = get(app, "/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in page
    _, page = get(app, "/release/zefas-1")
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; Fachkräfte gesucht" in page
    assert "&lt;b&gt;fett&lt;/b&gt;" in page


def test_release_page_shows_fields_quotes_and_only_web_links(app):
    status, page = get(app, "/release/sms-1?q=gemeinsam")
    assert status == 200
    assert '<a href="https://www.example.org/pm/1" rel="noopener noreferrer nofollow">' in page
    assert '<span class="speaker">Petra Köpping</span> <span class="role">(Staatsministerin)</span>' in page
    assert "<mark>gemeinsam</mark>" in page and "Sächsisches Staatsministerium für Soziales" in page
    _, page = get(app, "/release/zefas-1")
    assert "javascript:alert(1)" in page and 'href="javascript' not in page


def test_stats_page_draws_the_timeline_issuers_and_persons(app):
    status, page = get(app, "/stats")
    assert status == 200 and "4 Pressemitteilungen vom 27.01.2023 bis 20.06.2024" in page
    assert "Jun 2024: 2 Pressemitteilungen" in page and "Veröffentlichungen pro Monat" in page
    assert "/?issuer=Zentrum+f%C3%BCr+Fachkr%C3%A4ftesicherung" in page
    assert "/?person=Petra+K%C3%B6pping" in page


# -- JSON API ---------------------------------------------------------------------


def _cli_json(index_dir, *args):
    result = CliRunner().invoke(cli, ["search", *args, "--index", str(index_dir), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_api_search_is_the_cli_json(app, index_dir):
    for query, cli_args in [
        ("q=Integration&issuer=Soziales&from=2023&sort=newest", ["Integration", "--issuer", "Soziales", "--from", "2023", "--sort", "newest"]),
        ("q=Fachkr%C3%A4fte&facets=1&limit=1&page=2", ["Fachkräfte", "--facets", "--limit", "1", "--page", "2"]),
        ("q=Integratoin", ["Integratoin"]),
        ("person=K%C3%B6pping&to=2023-12", ["--person", "Köpping", "--to", "2023-12"]),
        ("q=" + "+".join(f"w{i}" for i in range(25)), [" ".join(f"w{i}" for i in range(25))]),
    ]:
        status, body = get(app, "/api/search?" + query)
        assert status == 200
        assert json.loads(body) == _cli_json(index_dir, *cli_args), query


def test_api_errors_are_json_with_status(app):
    status, body = get(app, "/api/search?q=%22Integration")
    assert status == 400 and "Unbalanced quotation mark" in json.loads(body)["error"]
    status, body = get(app, "/api/search?q=x&from=31.02.2023")
    assert status == 400 and json.loads(body)["status"] == 400
    status, body = get(app, "/api/releases/nope")
    assert status == 404 and "No release with id 'nope'" in json.loads(body)["error"]
    assert get(app, "/api/releases/../../etc/passwd")[0] == 404
    assert get(app, "/api/releases/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd")[0] == 404
    assert get(app, "/static/../app.py")[0] == 404
    assert get(app, "/static/%2E%2E/app.py")[0] == 404
    assert json.loads(get(app, "/api/nothing")[1])["status"] == 404


def test_api_release_and_stats(app):
    status, body = get(app, "/api/releases/" + quote("dir/with slash?.txt", safe=""))
    assert status == 200 and json.loads(body)["title"] == "Arbeitsmarkt im Sommer"
    stats = json.loads(get(app, "/api/stats")[1])
    assert stats["documents"] == 4 and stats["date_from"] == "2023-01-27" and "path" not in stats


def test_hostile_queries_answer_at_once_with_a_clear_message(app):
    status, body = get(app, "/api/search?q=" + "a" * 10_000)
    assert status == 400 and "zu lang" in json.loads(body)["error"]
    status, body = get(app, "/api/search?q=" + "+".join(f"w{i}" for i in range(5000)))
    assert status == 400 and "zu lang" in json.loads(body)["error"]
    # within the page's bound, the library's bounds apply and say what they cut
    status, body = get(app, "/api/search?q=" + "+".join(f"w{i}" for i in range(40)))
    assert status == 200 and "only the first 20 were searched" in json.loads(body)["notes"][0]
    status, page = get(app, "/?q=" + "x" * 200)
    assert status == 200 and "Hinweis: The word" in page and "only its first 64 were searched" in page
    status, page = get(app, "/?q=" + "x" * 2001)
    assert status == 400 and "Die Suchanfrage ist zu lang (2.001 Zeichen)" in page
    assert 'id="q"' in page and 'value="' + "x" * 2000 + '"' in page  # the form stays, to shorten the query
    assert get(app, "/?" + "&".join(f"issuer=i{i}" for i in range(11)))[0] == 400
    assert get(app, "/?q=" + "a" * 40_000)[0] == 414


# -- over HTTP --------------------------------------------------------------------


@pytest.fixture
def server(tmp_path):
    """A live server on a free loopback port over its own small index."""
    folder = tmp_path / "ix"
    with Index(folder) as ix:
        ix.sync(write_records(tmp_path / "first.jsonl", RECORDS[:2]))
    ix = Index(folder)
    srv = make_server(ix, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv, f"http://127.0.0.1:{srv.server_address[1]}", tmp_path
    srv.shutdown()
    srv.server_close()
    ix.close()


def fetch(url, method="GET"):
    req = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode("utf-8")


def test_security_headers_and_read_only(server):
    _, base, _ = server
    status, headers, _ = fetch(base + "/?q=Integration")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "default-src 'none'" in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"
    for method in ("POST", "PUT", "DELETE"):
        status, headers, body = fetch(base + "/api/search?q=x", method)
        assert status == 405 and headers["Allow"] == "GET, HEAD"
    status, headers, body = fetch(base + "/?q=Integration", "HEAD")
    assert status == 200 and body == "" and int(headers["Content-Length"]) > 0
    status, headers, body = fetch(base + "/static/app.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")


def _cli_index(folder, *args):
    subprocess.run([sys.executable, "-m", "searcher", "index", *map(str, args), "--index", str(folder)],
                   check=True, capture_output=True, timeout=300)


def test_releases_indexed_by_another_process_are_found_by_the_next_request(server):
    _, base, tmp = server
    assert json.loads(fetch(base + "/api/search?q=Pflege")[2])["total"] == 0
    second = write_records(tmp / "second.jsonl", RECORDS[2:3])
    _cli_index(tmp / "ix", second)  # another process commits
    found = json.loads(fetch(base + "/api/search?q=Pflege")[2])
    assert [h["id"] for h in found["hits"]] == ["sms-2"]
    assert "Pflege in Sachsen braucht Fachkräfte" in fetch(base + "/?q=Pflege")[2]
    _cli_index(tmp / "ix", tmp / "second.jsonl", "--rebuild")  # a rebuild switches generations
    after = json.loads(fetch(base + "/api/stats")[2])
    assert after["documents"] == 1
    assert json.loads(fetch(base + "/api/search?q=Integration")[2])["total"] == 1


def test_many_concurrent_clients_are_served(server):
    _, base, _ = server
    results = []

    def client(n):
        for i in range(5):
            status, _, body = fetch(base + f"/api/search?q=Fachkr%C3%A4fte&page={1 + i % 2}&limit=1")
            results.append((status, json.loads(body)["total"]))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [(200, 1)] * 80


# -- the command ------------------------------------------------------------------


def test_is_loopback():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and is_loopback("127.0.0.2")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.org")


def test_serve_warns_when_bound_beyond_loopback(index_dir, monkeypatch):
    import searcher.web

    served = []

    class FakeServer:
        server_address = ("0.0.0.0", 8123)

        def serve_forever(self):
            served.append(True)
            raise KeyboardInterrupt

        def server_close(self):
            pass

    monkeypatch.setattr(searcher.web, "make_server", lambda ix, host, port: FakeServer())
    result = CliRunner().invoke(cli, ["serve", "--index", str(index_dir), "--host", "0.0.0.0", "--port", "8123"])
    assert result.exit_code == 0 and served
    assert "Warning: listening on 0.0.0.0: anyone who can reach this machine can read the whole index" in result.output
    assert "at http://0.0.0.0:8123/" in result.output
    result = CliRunner().invoke(cli, ["serve", "--index", str(index_dir)])
    assert "Warning" not in result.output and "at http://0.0.0.0:8123/" in result.output


def test_serve_without_an_index_says_how_to_build_one(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--index", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert f"No index at {tmp_path / 'none'}. Build one with: searcher index" in result.output


# -- fields other issues add (location, exact/related counts) slot in ----------------


def test_exact_and_related_matches_are_told_apart_with_places(tmp_path):
    import datetime as dt

    from searcher.models import Hit, SearchResult, Snippet

    def hit(ident, related):
        return Hit(ident, f"{ident}.txt", f"Brand in <Mitte> {ident}", "Polizei Berlin", dt.date(2021, 5, 1), (), 1.2,
                   (Snippet("Ein Brand in Mitte", ((4, 9),)),), location="Berlin-Mitte", related=related)

    result = SearchResult(total=3, related=2, hits=(hit("a", False), hit("b", True)),
                          facets={"issuer": {"Polizei Berlin": 3}, "year": {"2021": 3}, "person": {},
                                  "location": {"Berlin-Mitte": 3}, "month": {"2021-05": 3}})

    class StubIndex:
        def search(self, query, *, location=None, **options):
            return result

    _, page = get(App(StubIndex()), "/?q=Brand+Mitte&location=Berlin-Mitte")
    assert "Ort: Berlin-Mitte" in page and "Brand in &lt;Mitte&gt; a" in page
    assert total_of(page).startswith("3 Pressemitteilungen mit allen Wörtern, dazu 2 verwandte")
    # the related hit comes after a line that says it is not counted above
    assert page.index("Brand in &lt;Mitte&gt; a") < page.index("oben nicht mitgezählt") < page.index("Brand in &lt;Mitte&gt; b")
    assert "<h2>Ort</h2>" in page and 'aria-current="true"' in page


def test_a_real_index_shows_related_matches_after_the_exact_ones(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("Polizei Berlin\n\nSchockanruf in Spandau\n\nEin Schockanruf erreichte eine Seniorin.\n",
                               encoding="utf-8")
    (src / "b.txt").write_text("Polizei Berlin\n\nBetrug am Telefon\n\nEin Anruf erreichte einen Rentner in Spandau.\n",
                               encoding="utf-8")
    with Index.create(tmp_path / "idx") as ix:
        ix.sync(src)
        _, page = get(App(ix), "/?q=Schockanruf+Spandau")
    assert total_of(page).startswith("1 Pressemitteilung mit allen Wörtern, dazu 1 verwandte")
    assert page.index("Seniorin") < page.index("oben nicht mitgezählt") < page.index("Rentner")


def test_places_show_on_hits_and_narrow_as_a_facet(app):
    _, page = get(app, "/?q=Integration")
    assert '<span class="location">Ort: Dresden</span>' in page and "<h2>Ort</h2>" in page
    place = next(h for h in hrefs(page) if "location=" in h)
    assert parse_qs(urlsplit(place).query) == {"q": ["Integration"], "location": ["Dresden"]}
    _, narrowed = get(app, place)
    assert total_of(narrowed).startswith("1 Pressemitteilung")
    _, release = get(app, "/release/sms-1")
    assert "<dt>Ort</dt><dd>Dresden</dd>" in release


def test_connections_beyond_the_workers_and_queue_get_503_at_once(index_dir):
    from searcher.web.app import Response
    from searcher.web.server import PooledHTTPServer

    started, release = threading.Event(), threading.Event()

    class SlowApp:
        def handle(self, method, target):
            started.set()
            release.wait(30)
            return Response(200, b"ok", "text/plain")

    srv = PooledHTTPServer(("127.0.0.1", 0), SlowApp(), workers=1, backlog=1, quiet=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{srv.server_address[1]}/"
    answers = {}
    first = threading.Thread(target=lambda: answers.setdefault("first", fetch(base)[0]))
    second = threading.Thread(target=lambda: answers.setdefault("second", fetch(base)[0]))
    try:
        first.start()
        assert started.wait(30)  # the one worker is busy now
        second.start()
        # the second waits in the queue; wait until the server has queued it
        for _ in range(3000):
            if srv._jobs.qsize() >= 1:
                break
            threading.Event().wait(0.01)
        status, _, body = fetch(base)
        assert status == 503 and "Zu viele Anfragen" in body
    finally:
        release.set()
        for t in (first, second):
            if t.is_alive():
                t.join(30)
        srv.shutdown()
        srv.server_close()
    assert answers == {"first": 200, "second": 200}


def test_serve_on_a_port_in_use_says_so(index_dir):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--index", str(index_dir), "--port", str(port)])
    assert result.exit_code == 1
    assert f"Error: Cannot listen on 127.0.0.1:{port}: Address already in use. Pick another with --port or --host." in result.output
