"""SearchEngine on a small index of hand-written releases (no parser involved)."""
from __future__ import annotations

import datetime as dt
import threading

import pytest
from whoosh import index as whoosh_index

from searcher import schema
from searcher.analysis import german_analyzer
from searcher.errors import QueryError, UsageError
from searcher.models import Contact, Hit, Quote, Release, Snippet
from searcher.search import SearchEngine

SMS = dict(
    issuer="Sächsisches Staatsministerium für Soziales und Gesellschaftlichen Zusammenhalt",
    issuer_key="sms",
    issuer_aliases=("SMS",),
)
ZEFAS = dict(issuer="Zentrale Fachstelle für Sicherheit", issuer_key="zefas", issuer_aliases=("ZEFAS",))
SMK = dict(issuer="Sächsisches Staatsministerium für Kultus", issuer_key="smk", issuer_aliases=("SMK",))


def release(id, date, title, body, quotes=(), contacts=(), subtitle="", **issuer):
    """A Release whose quotes are given as (speaker, text) and located in the body."""
    qs = []
    for speaker, text in quotes:
        start = body.index(text)
        qs.append(Quote(text, speaker, start=start, end=start + len(text)))
    persons = tuple(dict.fromkeys(q.speaker for q in qs))
    return Release(
        id=id,
        source=f"{id}.txt",
        date=date,
        title=title,
        subtitle=subtitle,
        body=body,
        quotes=tuple(qs),
        persons_quoted=persons,
        contacts=tuple(contacts),
        **issuer,
    )


R1 = release(
    "sms-1",
    dt.date(2023, 1, 27),
    "Integration in Sachsen wird gestärkt",
    "Dresden. Das Sozialministerium fördert die Integration von Zugewanderten in Sachsen. "
    "Staatsministerin Petra Köpping sagte: „Integration gelingt nur gemeinsam.“ "
    "Ein Projekt in Leipzig startet im Frühjahr. Für Rückfragen steht Pressesprecher Jens Müller bereit.",
    quotes=[("Petra Köpping", "Integration gelingt nur gemeinsam.")],
    contacts=[Contact("Jens Müller", "Pressesprecher")],
    **SMS,
)
R2 = release(
    "sms-2",
    dt.date(2023, 6, 15),
    "Pflege braucht Fachkräfte",
    "Die Fachkräftesicherung in der Pflege bleibt eine große Aufgabe. Der Freistaat fördert Ausbildung.",
    **SMS,
)
R3 = release(
    "zefas-1",
    dt.date(2024, 3, 1),
    "Polizei Sachsen meldet weniger Einbrüche",
    "Die Polizei in Sachsen meldet weniger Einbrüche. Sebastian Vogel, Leiter der Fachstelle, erklärte: "
    "„Die Zahlen sind erfreulich.“ Auch Staatsministerin Köpping wurde in der Sitzung erwähnt.",
    quotes=[("Sebastian Vogel", "Die Zahlen sind erfreulich.")],
    **ZEFAS,
)
R4 = release(
    "smk-1",
    dt.date(2022, 11, 30),
    "Neue Lehrer für Schulen in Leipzig",
    "Die Schulen in Leipzig erhalten neue Lehrer. Die Zahlen der Schüler steigen weiter. "
    "Pressekontakt: Petra Vogelsang.",
    contacts=[Contact("Petra Vogelsang")],
    **SMK,
)
R5 = release(
    "sms-3",
    dt.date(2024, 1, 10),
    "Pflege in Sachsen",
    "Die Pflege in Sachsen braucht Unterstützung. Petra Köpping sagte: „Wir helfen den Pflegenden & Angehörigen <sofort>.“",
    quotes=[("Petra Köpping", "Wir helfen den Pflegenden & Angehörigen <sofort>.")],
    subtitle="Köpping besucht Pflegeheim in Sachsen",
    **SMS,
)
RELEASES = [R1, R2, R3, R4, R5]


def build(path, releases=RELEASES):
    ix = whoosh_index.create_in(str(path), schema.build_schema())
    with ix.writer() as w:
        for r in releases:
            w.add_document(**schema.to_document(r))
    return ix


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    ix = build(tmp_path_factory.mktemp("ix"))
    e = SearchEngine(ix)
    yield e
    e.close()


def ids(result):
    return [h.id for h in result.hits]


def marked(snippet: Snippet):
    return [snippet.text[s:e] for s, e in snippet.highlights]


# -- words and relaxing ------------------------------------------------------


def test_all_words_rank_first_then_releases_matching_the_first_words(engine):
    r = engine.search("Pflege Sachsen")
    assert ids(r) == ["sms-3", "sms-2"]  # both words, then "Pflege" alone
    assert (r.total, r.related) == (1, 1)  # exact: every word; related: the first word only
    assert [h.related for h in r.hits] == [False, True]
    r = engine.search("Sachsen Pflege")
    assert ids(r)[0] == "sms-3"
    assert set(ids(r)[1:]) == {"sms-1", "zefas-1"}
    assert (r.total, r.related) == (1, 2)


def test_require_all_and_explicit_and_demand_every_word(engine):
    assert ids(engine.search("Pflege Sachsen", require_all=True)) == ["sms-3"]
    r = engine.search("Pflege AND Sachsen")
    assert ids(r) == ["sms-3"] and r.total == 1


def test_relaxing_stops_when_enough_releases_match_all_words(engine):
    r = engine.search("Sachsen Pflege", limit=1)
    assert ids(r) == ["sms-3"]
    assert (r.total, r.related) == (1, 2)  # the counts do not depend on the page size
    assert ids(engine.search("Sachsen Pflege", limit=1, offset=1))[0] in {"sms-1", "zefas-1"}


def test_phrase_or_not_prefix_fuzzy(engine):
    assert ids(engine.search('"Polizei in Sachsen"')) == ["zefas-1"]
    assert ids(engine.search('"Sachsen Polizei"')) == []
    assert set(ids(engine.search("Polizei OR Schulen"))) == {"zefas-1", "smk-1"}
    assert set(ids(engine.search("Sachsen -Polizei"))) == {"sms-1", "sms-3"}
    assert set(ids(engine.search("Sachsen NOT Polizei"))) == {"sms-1", "sms-3"}
    assert ids(engine.search("Fachkr*")) == ["sms-2"]
    assert ids(engine.search("Polizai~")) == ["zefas-1"]
    assert ids(engine.search("Plizai~2")) == ["zefas-1"]


def test_stemmed_and_folded_words_match(engine):
    assert set(ids(engine.search("Zahl"))) == {"zefas-1", "smk-1"}
    assert set(ids(engine.search("Koepping"))) == {"sms-1", "zefas-1", "sms-3"}


def test_field_scoping(engine):
    assert set(ids(engine.search("Leipzig"))) == {"sms-1", "smk-1"}
    assert ids(engine.search("title:Leipzig")) == ["smk-1"]
    assert set(ids(engine.search("Zahlen"))) == {"zefas-1", "smk-1"}
    assert ids(engine.search("quote:Zahlen")) == ["zefas-1"]
    assert ids(engine.search("person:Vogel")) == ["zefas-1"]
    assert ids(engine.search("person:Vogelsang")) == []  # a contact, not a speaker
    assert ids(engine.search("issuer:Kultus")) == ["smk-1"]


def test_syntax_error_raises_and_literal_reading_falls_back(engine):
    with pytest.raises(QueryError, match='Unknown field "foo"; possible fields: title, issuer, person, quote'):
        engine.search("foo:Pflege")
    r = engine.search("foo:Pflege", literal=True)
    assert r.literal_fallback == "foo Pflege"
    assert "sms-2" in ids(r)
    r = engine.search('"Pflege Sachsen', literal=True)
    assert r.literal_fallback == "Pflege Sachsen" and ids(r)[0] == "sms-3"


def test_only_negation_lists_the_other_releases(engine):
    assert set(ids(engine.search("-Sachsen"))) == {"sms-2", "smk-1"}


# -- filters -------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Sächsisches Staatsministerium für Soziales und Gesellschaftlichen Zusammenhalt", {"sms-1", "sms-2", "sms-3"}),
        ("Soziales", {"sms-1", "sms-2", "sms-3"}),
        ("soziales und gesellschaftlichen", {"sms-1", "sms-2", "sms-3"}),
        ("SMS", {"sms-1", "sms-2", "sms-3"}),
        ("zefas", {"zefas-1"}),
        ("Saechsisches Staatsministerium fuer Kultus", {"smk-1"}),
        ("Sächsisches Staatsministerium", {"sms-1", "sms-2", "sms-3", "smk-1"}),
        (["SMK", "ZEFAS"], {"smk-1", "zefas-1"}),
        ("Sozial", set()),  # part of a word is no part of the name
        ("Finanzministerium", set()),
    ],
)
def test_issuer_filter(engine, value, expected):
    r = engine.search("", issuer=value, limit=100)
    assert set(ids(r)) == expected
    assert r.total == len(expected)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Köpping", {"sms-1", "sms-3"}),  # zefas-1 merely mentions her
        ("Koepping", {"sms-1", "sms-3"}),
        ("KÖPPING", {"sms-1", "sms-3"}),
        ("Petra Köpping", {"sms-1", "sms-3"}),
        ("Vogel", {"zefas-1"}),  # not the press contact Petra Vogelsang
        ("Sebastian Vogel", {"zefas-1"}),
        ("Vogelsang", set()),
        ("Jens Müller", set()),  # a press contact
        ("Petra", set()),  # a first name alone is no surname
        ("Dr. Sebastian Vogel", {"zefas-1"}),
        ("Frau Köpping", {"sms-1", "sms-3"}),
        (("Vogel", "Köpping"), {"sms-1", "sms-3", "zefas-1"}),
    ],
)
def test_person_filter(engine, value, expected):
    assert set(ids(engine.search("", person=value, limit=100))) == expected


def test_date_range_filter(engine):
    assert set(ids(engine.search("", date_from="2024"))) == {"zefas-1", "sms-3"}
    assert ids(engine.search("", date_to="2022")) == ["smk-1"]
    assert set(ids(engine.search("", date_from="2023-01", date_to="06.2023"))) == {"sms-1", "sms-2"}
    assert ids(engine.search("", date_from="27.01.2023", date_to="2023-01-27")) == ["sms-1"]
    assert ids(engine.search("", date_from=dt.date(2024, 3, 1))) == ["zefas-1"]
    assert engine.search("Sachsen", date_from="2025").total == 0


def test_date_range_errors(engine):
    with pytest.raises(UsageError) as exc:
        engine.search("", date_from="2024-01-01", date_to="2023-12-31")
    assert str(exc.value) == (
        "The date range is reversed: from 2024-01-01 is after to 2023-12-31; swap the two values."
    )
    with pytest.raises(UsageError, match='Invalid date "2023-02-30"'):
        engine.search("Pflege", date_to="2023-02-30")


def test_filters_combine(engine):
    assert ids(engine.search("Sachsen", issuer="SMS", person="Köpping", date_from="2024")) == ["sms-3"]


# -- sorting, paging, options ----------------------------------------------------


def test_sort_orders(engine):
    newest = ids(engine.search("", limit=10, sort="newest"))
    assert newest == ["zefas-1", "sms-3", "sms-2", "sms-1", "smk-1"]
    assert ids(engine.search("", sort="oldest")) == newest[::-1]
    assert ids(engine.search("", sort="relevance")) == newest  # no words: newest first
    assert ids(engine.search("Sachsen", sort="oldest", require_all=True)) == ["sms-1", "sms-3", "zefas-1"]


def test_paging(engine):
    pages = [engine.search("", limit=2, offset=o) for o in (0, 2, 4)]
    assert [ids(p) for p in pages] == [["zefas-1", "sms-3"], ["sms-2", "sms-1"], ["smk-1"]]
    assert {p.total for p in pages} == {5}
    assert engine.search("", offset=50).hits == ()


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"sort": "date"}, 'Unknown sort "date"; choose one of: relevance, newest, oldest'),
        ({"limit": 0}, "limit must be between 1 and 1000, got 0"),
        ({"limit": 1001}, "limit must be between 1 and 1000, got 1001"),
        ({"offset": -1}, "offset must be 0 or more, got -1"),
    ],
)
def test_option_errors(engine, kwargs, message):
    with pytest.raises(UsageError) as exc:
        engine.search("Pflege", **kwargs)
    assert str(exc.value) == message


# -- hits, facets, stats -------------------------------------------------------------


def test_hits_are_detached_dataclasses(engine):
    (hit,) = engine.search("Einbrüche").hits
    assert isinstance(hit, Hit)
    assert (hit.id, hit.source, hit.issuer, hit.date, hit.persons_quoted) == (
        "zefas-1",
        "zefas-1.txt",
        ZEFAS["issuer"],
        dt.date(2024, 3, 1),
        ("Sebastian Vogel",),
    )
    assert hit.title == "Polizei Sachsen meldet weniger Einbrüche" and hit.score > 0


def test_facets_count_all_matching_releases(engine):
    r = engine.search("Sachsen", facets=True, limit=1)
    assert r.total == 3
    assert r.facets == {
        "issuer": {SMS["issuer"]: 2, ZEFAS["issuer"]: 1},
        "year": {"2024": 2, "2023": 1},
        "person": {"Petra Köpping": 2, "Sebastian Vogel": 1},
        "location": {},
    }
    assert engine.search("Sachsen").facets is None
    assert engine.search("", issuer="nobody", facets=True).facets == {"issuer": {}, "year": {}, "person": {}, "location": {}}


def test_stats(engine):
    st = engine.stats()
    assert st.documents == 5
    assert (st.date_from, st.date_to) == (dt.date(2022, 11, 30), dt.date(2024, 3, 1))
    assert st.issuers == {SMS["issuer"]: 3, ZEFAS["issuer"]: 1, SMK["issuer"]: 1}
    assert st.persons_quoted == {"Petra Köpping": 2, "Sebastian Vogel": 1}


def test_get_stored(engine):
    stored = engine.get_stored("sms-2")
    assert schema.from_stored(stored) .title == "Pflege braucht Fachkräfte"
    assert engine.get_stored("nope") is None


# -- suggestions -------------------------------------------------------------------


def test_suggestion_for_unknown_words(engine):
    assert engine.search("Integratoin").suggestion == "Integration"
    assert engine.search("Polizie Sachsen").suggestion == "Polizei Sachsen"
    assert engine.search("Integration Sachsen").suggestion is None
    assert engine.search("Xylophon").suggestion is None


# -- snippets --------------------------------------------------------------------------


def test_snippet_marks_original_words(engine):
    (hit,) = engine.search("Zahl", issuer="ZEFAS").hits
    (snip,) = hit.snippets
    assert snip.field == "body"
    assert marked(snip) == ["Zahlen"]  # a stem match marks the word as written
    assert snip.text.startswith("Die Polizei in Sachsen") or snip.text.startswith("Sebastian Vogel")


def test_snippet_marks_folded_spelling(engine):
    hit = engine.search("Koepping", issuer="ZEFAS").hits[0]
    assert [m for s in hit.snippets for m in marked(s)] == ["Köpping"]


def test_snippet_spans_are_exact_offsets(engine):
    (hit,) = engine.search("Integration", issuer="SMS").hits
    for s in hit.snippets:
        for a, b in s.highlights:
            assert s.text[a:b] == "Integration"
    assert sum(len(s.highlights) for s in hit.snippets) == 2
    assert all(len(s.text) <= 300 for s in hit.snippets)


def test_phrase_marks_only_the_phrase(engine):
    (hit,) = engine.search('"Polizei in Sachsen"').hits
    assert [m for s in hit.snippets for m in marked(s)] == ["Polizei", "Sachsen"]


def test_quote_scope_marks_inside_quotation_only(engine):
    (hit,) = engine.search("quote:Zahlen").hits
    (snip,) = hit.snippets
    assert marked(snip) == ["Zahlen"]
    assert "„Die Zahlen" in snip.text


def test_negated_words_are_not_marked(engine):
    hits = engine.search("Sachsen -Polizei", issuer="SMS").hits
    assert hits
    assert all(m == "Sachsen" for h in hits for s in h.snippets for m in marked(s))


def test_subtitle_match_comes_first(engine):
    (hit,) = engine.search("Pflegeheim").hits
    assert hit.snippets[0].field == "subtitle"
    assert marked(hit.snippets[0]) == ["Pflegeheim"]


def test_filters_only_shows_the_lead(engine):
    (hit,) = engine.search("", issuer="SMK").hits
    (snip,) = hit.snippets
    assert snip.highlights == ()
    assert snip.text == R4.body  # short enough to show whole


def test_title_only_match_shows_the_lead(engine):
    (hit,) = engine.search("title:gestärkt").hits
    assert hit.snippets[0].highlights == ()
    assert hit.snippets[0].text.startswith("Dresden.")


def test_snippets_can_be_turned_off(engine):
    assert all(h.snippets == () for h in engine.search("Sachsen", snippets=False).hits)


def test_snippet_html_escapes(engine):
    (hit,) = engine.search("Angehörigen").hits
    html = hit.snippets[-1].to_html()
    assert "<mark>Angehörigen</mark> &lt;sofort&gt;" in html and "&amp;" in html


def _decompounds() -> bool:
    a = german_analyzer()
    part = [t.text for t in a("Sicherung", mode="query")]
    return bool(part) and part[0] in [t.text for t in a("Fachkräftesicherung", mode="index")]


@pytest.mark.skipif(not _decompounds(), reason="the analyzer does not decompound yet (issue 7)")
def test_compound_part_marks_the_whole_word(engine):
    (hit,) = engine.search("Sicherung").hits
    assert [m for s in hit.snippets for m in marked(s)] == ["Fachkräftesicherung"]
    (hit,) = engine.search("Integration", issuer="SMS", person="Köpping", date_to="2023").hits
    words = [m for s in hit.snippets for m in marked(s)]
    assert "Integration" in words and "Sozialministerium" not in words


# -- concurrency -------------------------------------------------------------------------


def test_concurrent_searches_while_a_writer_commits(tmp_path):
    ix = build(tmp_path)
    engine = SearchEngine(ix)
    errors: list[BaseException] = []
    stop = threading.Event()
    seen_totals: list[int] = []

    def reader():
        try:
            while not stop.is_set():
                r = engine.search("Sachsen", limit=1000, facets=True)
                assert r.total == len(r.hits)
                assert sum(r.facets["issuer"].values()) == r.total
                assert all(h.id and h.snippets for h in r.hits)
                seen_totals.append(r.total)
                assert engine.search("", issuer="ZEFAS").total >= 1
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        for i in range(6):
            with ix.writer() as w:
                r = R3.replace(id=f"extra-{i}", source=f"extra-{i}.txt")
                w.add_document(**schema.to_document(r))
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not errors, errors[0]
    assert engine.search("Sachsen").total == 3 + 6  # the last commit is visible
    assert engine.stats().documents == 11
    assert min(seen_totals) >= 3
    engine.close()
    with pytest.raises(UsageError):
        engine.search("Sachsen")


def test_deleted_and_updated_releases_disappear(tmp_path):
    ix = build(tmp_path)
    engine = SearchEngine(ix)
    assert set(ids(engine.search("Pflege"))) == {"sms-2", "sms-3"}
    with ix.writer() as w:
        w.delete_by_term("id", "sms-2")
        w.update_document(**schema.to_document(R3.replace(title="Polizei meldet Pflegefälle", body="Kurz.")))
    r = engine.search("Pflege", facets=True)
    assert set(ids(r)) == {"sms-3", "zefas-1"} and r.total == 2
    assert r.facets["issuer"] == {SMS["issuer"]: 1, ZEFAS["issuer"]: 1}
    assert ids(engine.search('"Polizei in Sachsen"')) == []
    assert engine.search("", issuer="SMS").total == 2
    assert engine.search("", person="Vogel").total == 1
    assert engine.stats().documents == 4
    assert engine.stats().issuers[SMS["issuer"]] == 2
    engine.close()
    # a merge into one segment after more deletions: still consistent
    engine = SearchEngine(ix)
    assert engine.search("Pflege").total == 2
    w = ix.writer()
    w.delete_by_term("id", "sms-3")
    w.commit(optimize=True)
    r = engine.search("Pflege", facets=True)
    assert ids(r) == ["zefas-1"] and r.total == 1
    assert engine.search("", limit=100).total == 3
    assert sorted(ids(engine.search("", limit=100))) == ["smk-1", "sms-1", "zefas-1"]
    engine.close()


# -- the per-generation caches and their fast paths ----------------------------


def _many(n=600):
    """Releases enough for several posting blocks (Whoosh writes 128 postings a block)."""
    out = []
    for i in range(n):
        words = ["Zeugen", "gesucht", "nach", "dem", "Brand"] if i % 3 else ["Brand", "nach", "dem", "Unfall"]
        if i % 7 == 0:
            words = ["Unfall", "Unfall", "Unfall"] + words
        body = f"Meldung {i}. " + " ".join(words) + f" in Berlin. Die Polizei sucht Zeugen zum Brand Nummer {i}."
        out.append(release(f"m-{i:03d}", dt.date(2020, 1, 1) + dt.timedelta(days=i), f"Meldung {i}", body, **SMS))
    return out


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """Three segments (no merging), so docnums carry segment bases."""
    ix = whoosh_index.create_in(str(tmp_path_factory.mktemp("many")), schema.build_schema())
    docs = _many()
    for part in (docs[:300], docs[300:450], docs[450:]):
        w = ix.writer()
        for r in part:
            w.add_document(**schema.to_document(r))
        w.commit(merge=False)
    return ix


@pytest.mark.parametrize("phrase", ['"nach dem Brand"', '"Brand nach"', '"Unfall Unfall"', '"Unfall Unfall Brand"',
                                    '"Unfall Brand"', '"Meldung"', '"Zeugen gesucht nach dem Brand"', '"Brand Zeugen"'])
def test_phrase_sets_agree_with_whoosh(many, phrase):
    from whoosh import query as wq

    from searcher.query import Builder, parse_query

    engine = SearchEngine(many)
    try:
        r = engine.search(phrase, limit=1000, snippets=False)
        with many.searcher() as s:
            q = Builder(s.schema).build(parse_query(phrase))
            expected = {s.stored_fields(d)["id"] for d in s.docs_for_query(q)}
        assert set(ids(r)) == expected and r.total == len(expected)
        assert isinstance(q, (wq.Or, wq.Phrase, wq.Term))
    finally:
        engine.close()


def test_results_do_not_depend_on_the_cache_budget(many, monkeypatch):
    import searcher.search as search_mod

    queries = ['"nach dem Brand"', "Brand Unfall", "Zeugen", "Unfall -Zeugen", "Bran*", '"Unfall Unfall" Berlin']

    def answers():
        engine = SearchEngine(many)
        try:
            return [
                (r.total, [(h.id, h.score, h.snippets) for h in r.hits])
                for q in queries
                for r in (engine.search(q, limit=20), engine.search(q, limit=5, offset=290))
            ]
        finally:
            engine.close()

    roomy = answers()
    monkeypatch.setattr(search_mod, "TERM_CACHE_POSTINGS", 40)  # evicts all the time
    assert answers() == roomy


def test_block_directory_reads_the_same_offsets_as_a_walk(many):
    from searcher.search import _Cache, _GenerationCache, _values

    # (new indexes keep positions only: the directory is the same for any value kind)
    with many.searcher() as s:
        for leaf, _ in s.reader().leaf_readers():
            n = leaf.doc_count_all()
            for local in ([0], [n - 1], list(range(0, n, 17)), [3, 4, 5, n - 2]):
                walk = _values(leaf, "body", "zeug", local, "positions")
                cache = _GenerationCache(_Cache(10_000_000), 0)
                jump = _values(leaf, "body", "zeug", local, "positions", cache, ("b", 0, "body", "zeug"))
                again = _values(leaf, "body", "zeug", local, "positions", cache, ("b", 0, "body", "zeug"))
                assert walk == jump == again and walk


def test_snippets_of_a_late_page_mark_the_words(many):
    engine = SearchEngine(many)
    try:
        r = engine.search("Zeugen Brand", limit=10, offset=580)
        assert r.hits
        for h in r.hits:
            words = {w.lower() for s in h.snippets for w in marked(s)}
            assert {"zeugen", "brand"} <= words
    finally:
        engine.close()


def test_the_fixture_has_several_posting_blocks_per_segment(many):
    from searcher.search import _block_directory

    with many.searcher() as s:
        leaf = s.reader().leaf_readers()[0][0]
        assert len(_block_directory(leaf.postings("body", "zeug"))[0]) >= 2


def test_score_values_are_the_floats_of_the_summed_dicts(many):
    """score_values (read at the stage's docs) adds in the order scores() sums dicts."""
    from searcher.query import Builder, parse_query
    from searcher.search import _DocSets

    engine = SearchEngine(many)
    try:
        s = engine._searcher()
        docs = _DocSets(s, engine._generation(s))
        for text in ['"nach dem Brand"', "Brand", "Zeugen Unfall Berlin", "Bran* Polizei", "Unfall OR Meldung"]:
            q = Builder(s.schema).build(parse_query(text))
            order = sorted(docs.live())
            summed = docs.scores(q)
            assert docs.score_values(q, order) == [summed.get(d, 0.0) for d in order]
    finally:
        engine.close()


def test_score_values_of_a_few_docs_read_off_the_packed_postings_are_the_same(many):
    """A few docs' scores are read by bisection from a term's packed arrays when
    its dict is not cached: the same floats as the dicts give."""
    from searcher.query import Builder, parse_query
    from searcher.search import _DocSets

    texts = ['"nach dem Brand"', "Brand", "Zeugen Unfall Berlin", "Bran* Polizei", "Unfall OR Meldung"]
    engine = SearchEngine(many)
    try:
        s = engine._searcher()
        docs = _DocSets(s, engine._generation(s))
        live = sorted(docs.live())
        few = [live[0], live[7], live[299], live[300], live[451], live[-1], 10**6]
        for text in texts:
            q = Builder(s.schema).build(parse_query(text))
            got = docs.score_values(q, few)  # first: no dict cached yet
            summed = docs.scores(q)
            assert got == [summed.get(d, 0.0) for d in few] and any(got)
    finally:
        engine.close()


@pytest.mark.parametrize("prefix", [50, 300])
def test_pages_read_off_the_rank_prefix_are_those_of_scoring_every_match(many, monkeypatch, prefix):
    """A search over many releases takes its page from the clauses' cached rank
    prefixes (one clause: read off; several: summed by the threshold
    algorithm): the same hits, order and scores as scoring every match, with
    filters, ties on equal scores (the fixture's releases differ only in
    numbers and dates) and pages past the prefix's end."""
    import searcher.search.ranking as ranking_mod

    queries = [("Zeugen", {}), ("Brand", {}), ('"nach dem Brand"', {}), ("Unfall", {}), ("Meldung", {}),
               ("Brand", {"date_from": "2020-03-01", "date_to": "2020-09-30"}), ("Zeugen", {"issuer": "SMS"}),
               ("Brand", {"sort": "newest"}), ("Unfall Brand", {}), ("Bran*", {}), ("Zeugen Brand", {}),
               ("Brand Polizei Meldung", {}), ("Zeugen Unfall", {"date_from": "2020-02-01", "date_to": "2021-03-31"}),
               ('Polizei "nach dem Brand"', {})]
    pages = [{"limit": 10}, {"limit": 10, "offset": 25}, {"limit": 20, "offset": 35}, {"limit": 5, "offset": 290}]

    def answers():
        engine = SearchEngine(many)
        try:
            return [
                (r.total, r.related, [(h.id, h.score, h.related, h.snippets) for h in r.hits])
                for q, kw in queries
                for page in pages
                for r in (engine.search(q, **kw, **page),)
            ]
        finally:
            engine.close()

    monkeypatch.setattr(ranking_mod, "RANK_FROM", 10**9)  # every match scored
    expected = answers()
    monkeypatch.setattr(ranking_mod, "RANK_FROM", 1)
    monkeypatch.setattr(ranking_mod, "RANK_PREFIX", prefix)  # pages past it fall back
    assert answers() == expected
    assert any(r[2] for r in expected)


def test_a_new_commit_is_searched_with_fresh_phrase_and_filter_sets(tmp_path):
    """Phrase matches, filter sets, the person names a filter matches and
    rank prefixes are kept per index generation: a release committed later is
    found by all of them."""
    ix = build(tmp_path)
    engine = SearchEngine(ix)
    try:
        before = engine.search('"weniger Einbrüche"', issuer="SMS", limit=100)
        assert engine.search("", person="Greta Neumann").total == 0
        late = release("late-2", dt.date(2024, 5, 2), "Neue Leitung", "Greta Neumann sagte: „Wir fangen an.“",
                       quotes=[("Greta Neumann", "Wir fangen an.")], **ZEFAS)
        with ix.writer() as w:
            w.add_document(**schema.to_document(R3.replace(id="late-1", source="late-1.txt", **SMS)))
            w.add_document(**schema.to_document(late))
        after = engine.search('"weniger Einbrüche"', issuer="SMS", limit=100)
        assert after.total == before.total + 1 and "late-1" in ids(after)
        assert ids(engine.search("", person="Greta Neumann")) == ["late-2"]
    finally:
        engine.close()
