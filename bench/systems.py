"""The systems the benchmark compares, behind one small interface, and the worker entry point.

Every measurement that builds or queries an index runs in a fresh subprocess
(``python bench/systems.py ACTION SYSTEM ...``) so that peak RSS and import costs belong
to one system only. A worker prints one JSON object on its last stdout line.

Systems:

- ``searcher``: this project, through its public library API only (``from searcher import
  Index``) and its CLI (``searcher search ... --json``) for the cold-process time.
- ``whoosh``: plain Whoosh, ``LanguageAnalyzer("de")`` (RegexTokenizer, lowercase, German stop
  words, whoosh's snowball German ``StemFilter``), default writer, highlights by re-analysis.
- ``fts5``: SQLite FTS5, ``unicode61 remove_diacritics 2``, bm25 ranking, ``snippet()``;
  an external-content table plus plain columns for the filters.
- ``tantivy``: tantivy-py with a German analyzer (simple tokenizer, lowercase, German stop
  words, German snowball stemmer), ``SnippetGenerator`` for highlights.

All systems get the same records (records/*.jsonl), the same 10 new releases per incremental run
(searcher reads the ``.txt`` files through its own parser; the baselines get the same releases
as records) and the same queries. The baselines filter persons on the generator's
``persons_quoted`` field; searcher finds persons quoted with its own parser.
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import sys
import time
from pathlib import Path
from typing import Any, Iterable, Iterator

SYSTEMS = ("searcher", "whoosh", "fts5", "tantivy")
BASELINE = "whoosh"
LIMIT = 10


def iter_jsonl(path: Path) -> Iterator[dict]:
    """Records of one JSONL file or of every *.jsonl in a folder (name order)."""
    path = Path(path)
    for f in sorted(path.glob("*.jsonl")) if path.is_dir() else [path]:
        with open(f, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)


def _ymd(iso: str | None) -> int:
    return int(iso.replace("-", "")) if iso else 0


def _words_query(q: dict) -> str:
    words = q["words"]
    return '"' + " ".join(words) + '"' if q.get("phrase") else " ".join(words)


class System:
    name = "?"

    def unavailable(self) -> str | None:
        """None when usable, else the reason."""
        return None

    def build(self, jsonl: Path, index: Path) -> int:
        raise NotImplementedError

    def add(self, index: Path, folder: Path, records: Path) -> int:
        raise NotImplementedError

    def open(self, index: Path) -> None:
        raise NotImplementedError

    def search(self, q: dict) -> tuple[int, list[str], int]:
        """(total, top ids, number of snippets with at least one highlight)."""
        raise NotImplementedError

    def close(self) -> None:
        pass


# --------------------------------------------------------------------------- searcher
class Searcher(System):
    name = "searcher"

    def unavailable(self) -> str | None:
        try:
            from searcher import Index  # noqa: F401
        except Exception as exc:  # ImportError while the API is being written
            return f"{type(exc).__name__}: {exc}"
        for meth in ("add", "search", "close"):
            if not hasattr(Index, meth):
                return f"searcher.Index has no {meth}()"
        return None

    def build(self, jsonl: Path, index: Path) -> int:
        from searcher import Index

        create = getattr(Index, "create", None)
        ix = create(str(index)) if create else Index(str(index))
        try:
            rep = ix.add([str(jsonl)])
        finally:
            ix.close()
        if rep.failed:
            self.failures = {"failed": rep.failed, "first_failure": str(rep.failures[0]) if rep.failures else ""}
        return rep.added + rep.updated

    def add(self, index: Path, folder: Path, records: Path) -> int:
        from searcher import Index

        with Index(str(index)) as ix:
            rep = ix.add([str(folder)])
        return rep.added + rep.updated

    def open(self, index: Path) -> None:
        from searcher import Index

        self.ix = Index(str(index))

    def kwargs(self, q: dict) -> dict:
        kw: dict[str, Any] = {"limit": LIMIT}
        if q.get("issuer"):
            # alternate the full name and the abbreviation: both are documented filter inputs
            kw["issuer"] = q["issuer"][1] if q.get("use_alias") else q["issuer"][0]
        if q.get("date_from"):
            kw["date_from"] = q["date_from"]
            kw["date_to"] = q["date_to"]
        if q.get("person"):
            kw["person"] = q["person"]
        return kw

    def search(self, q: dict) -> tuple[int, list[str], int]:
        res = self.ix.search(_words_query(q), **self.kwargs(q))
        snippets = sum(1 for h in res.hits for s in h.snippets if s.highlights)
        return res.total, [h.id for h in res.hits], snippets

    def close(self) -> None:
        self.ix.close()

    @staticmethod
    def cold_argv(index: Path, q: dict) -> list[str]:
        exe = shutil.which("searcher", path=str(Path(sys.executable).parent)) or shutil.which("searcher")
        argv = [exe] if exe else [sys.executable, "-m", "searcher"]
        argv += ["search", _words_query(q), "--index", str(index), "--json"]
        kw = Searcher().kwargs(q)
        if "issuer" in kw:
            argv += ["--issuer", kw["issuer"]]
        if "date_from" in kw:
            argv += ["--from", kw["date_from"], "--to", kw["date_to"]]
        if "person" in kw:
            argv += ["--person", kw["person"]]
        return argv


# --------------------------------------------------------------------------- searcher on PostgreSQL
class SearcherPg(Searcher):
    """The project on its PostgreSQL backend: each index path is a database of
    the server named by ``SEARCHER_BENCH_PG`` (a URL of its ``postgres``
    database; bench/pg_scale.py starts a throwaway server and sets it)."""

    name = "searcher-pg"

    def unavailable(self) -> str | None:
        if not os.environ.get("SEARCHER_BENCH_PG"):
            return "SEARCHER_BENCH_PG (a postgresql:// URL of the server) is not set: run bench/pg_scale.py"
        try:
            import psycopg  # noqa: F401
        except ImportError as exc:
            return f"{type(exc).__name__}: {exc}"
        return super().unavailable()

    @staticmethod
    def url(index: Path) -> str:
        import hashlib
        from urllib.parse import urlsplit, urlunsplit

        server = urlsplit(os.environ["SEARCHER_BENCH_PG"])
        db = "bench_" + hashlib.sha1(str(Path(index).resolve()).encode()).hexdigest()[:12]
        return urlunsplit(server._replace(path="/" + db))

    def build(self, jsonl: Path, index: Path) -> int:
        import psycopg
        from psycopg import sql

        url = self.url(index)
        with psycopg.connect(os.environ["SEARCHER_BENCH_PG"], autocommit=True) as conn:
            name = url.rsplit("/", 1)[1]
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        Path(index).mkdir(parents=True, exist_ok=True)  # a marker of the run; the data is in the database
        return super().build(jsonl, url)

    def size(self, index: Path) -> int:
        import psycopg

        with psycopg.connect(self.url(index)) as conn:
            return conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]

    def add(self, index: Path, folder: Path, records: Path) -> int:
        return super().add(self.url(index), folder, records)

    def open(self, index: Path) -> None:
        super().open(self.url(index))

    @staticmethod
    def cold_argv(index: Path, q: dict) -> list[str]:
        return Searcher.cold_argv(SearcherPg.url(index), q)


# --------------------------------------------------------------------------- plain whoosh
class PlainWhoosh(System):
    name = "whoosh"

    @staticmethod
    def schema():
        from whoosh.analysis import LanguageAnalyzer
        from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema

        de = LanguageAnalyzer("de")
        return Schema(
            id=ID(stored=True, unique=True),
            issuer=ID(stored=True),
            date=NUMERIC(int, bits=32, stored=True),
            persons=KEYWORD(commas=True, lowercase=True),
            title=TEXT(analyzer=de, stored=True),
            body=TEXT(analyzer=de, stored=True),
        )

    @staticmethod
    def _doc(rec: dict) -> dict:
        return dict(
            id=rec["id"], issuer=rec.get("issuer") or "", date=_ymd(rec.get("date")),
            persons=",".join(rec.get("persons_quoted") or []), title=rec.get("title") or "",
            body=rec.get("body") or "",
        )

    def build(self, jsonl: Path, index: Path) -> int:
        from whoosh import index as windex

        index.mkdir(parents=True, exist_ok=True)
        ix = windex.create_in(str(index), self.schema())
        w = ix.writer()
        n = 0
        for rec in iter_jsonl(jsonl):
            w.add_document(**self._doc(rec))
            n += 1
        w.commit()
        ix.close()
        return n

    def add(self, index: Path, folder: Path, records: Path) -> int:
        from whoosh import index as windex

        ix = windex.open_dir(str(index))
        w = ix.writer()
        n = 0
        for rec in iter_jsonl(records):
            w.update_document(**self._doc(rec))
            n += 1
        w.commit()
        ix.close()
        return n

    def open(self, index: Path) -> None:
        from whoosh import index as windex
        from whoosh.highlight import ContextFragmenter
        from whoosh.qparser import MultifieldParser

        self.ix = windex.open_dir(str(index))
        self.searcher = self.ix.searcher()
        self.parser = MultifieldParser(["title", "body"], self.ix.schema)
        self.fragmenter = ContextFragmenter(maxchars=200, surround=60)

    def filter(self, q: dict):
        from whoosh.query import And, NumericRange, Term

        parts = []
        if q.get("issuer"):
            parts.append(Term("issuer", q["issuer"][0]))
        if q.get("date_from"):
            parts.append(NumericRange("date", _ymd(q["date_from"]), _ymd(q["date_to"])))
        if q.get("person"):
            parts.append(Term("persons", q["person"].lower()))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(parts)

    def search(self, q: dict) -> tuple[int, list[str], int]:
        query = self.parser.parse(_words_query(q))
        res = self.searcher.search(query, limit=LIMIT, filter=self.filter(q))
        res.fragmenter = self.fragmenter
        ids, snippets = [], 0
        for hit in res:
            ids.append(hit["id"])
            if hit.highlights("body", top=3):  # re-analyses the stored body
                snippets += 1
        return len(res), ids, snippets

    def close(self) -> None:
        self.searcher.close()
        self.ix.close()


# --------------------------------------------------------------------------- SQLite FTS5
class Fts5(System):
    name = "fts5"

    def unavailable(self) -> str | None:
        import sqlite3

        try:
            c = sqlite3.connect(":memory:")
            c.execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize='unicode61 remove_diacritics 2')")
        except sqlite3.Error as exc:
            return f"sqlite {sqlite3.sqlite_version} without FTS5: {exc}"
        return None

    DDL = """
    CREATE TABLE docs(rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, issuer TEXT, date INTEGER,
                      title TEXT, body TEXT);
    CREATE TABLE persons(doc INTEGER, name TEXT);
    CREATE VIRTUAL TABLE fts USING fts5(title, body, content='docs', content_rowid='rowid',
                                        tokenize='unicode61 remove_diacritics 2');
    """
    INDEXES = """
    CREATE INDEX docs_issuer ON docs(issuer);
    CREATE INDEX docs_date ON docs(date);
    CREATE INDEX persons_name ON persons(name, doc);
    """

    def _insert(self, con, recs: Iterable[dict]) -> int:
        n = 0
        cur = con.cursor()
        for rec in recs:
            cur.execute(
                "INSERT INTO docs(id, issuer, date, title, body) VALUES (?,?,?,?,?)",
                (rec["id"], rec.get("issuer"), _ymd(rec.get("date")), rec.get("title") or "", rec.get("body") or ""),
            )
            rowid = cur.lastrowid
            cur.execute("INSERT INTO fts(rowid, title, body) VALUES (?,?,?)",
                        (rowid, rec.get("title") or "", rec.get("body") or ""))
            for p in rec.get("persons_quoted") or []:
                cur.execute("INSERT INTO persons(doc, name) VALUES (?,?)", (rowid, p.lower()))
            n += 1
        return n

    def build(self, jsonl: Path, index: Path) -> int:
        import sqlite3

        index.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(index / "fts.db")
        con.executescript(self.DDL)
        with con:
            n = self._insert(con, iter_jsonl(jsonl))
            con.executescript(self.INDEXES)
        con.close()
        return n

    def add(self, index: Path, folder: Path, records: Path) -> int:
        import sqlite3

        con = sqlite3.connect(index / "fts.db")
        with con:
            n = self._insert(con, iter_jsonl(records))
        con.close()
        return n

    def open(self, index: Path) -> None:
        import sqlite3

        self.con = sqlite3.connect(index / "fts.db", check_same_thread=False)

    @staticmethod
    def match(q: dict) -> str:
        if q.get("phrase"):
            return '"' + " ".join(q["words"]) + '"'
        return " ".join(f'"{w}"' for w in q["words"])

    def search(self, q: dict) -> tuple[int, list[str], int]:
        # "+d.col" keeps SQLite from driving the plan through the column index and probing the
        # FTS table row by row: the full-text match goes first, the filter is checked on its rows.
        where, args = ["fts MATCH ?"], [self.match(q)]
        if q.get("issuer"):
            where.append("+d.issuer = ?")
            args.append(q["issuer"][0])
        if q.get("date_from"):
            where.append("+d.date BETWEEN ? AND ?")
            args += [_ymd(q["date_from"]), _ymd(q["date_to"])]
        if q.get("person"):
            where.append("d.rowid IN (SELECT doc FROM persons WHERE name = ?)")
            args.append(q["person"].lower())
        cond = " AND ".join(where)
        if len(where) == 1:
            rows = self.con.execute(
                f"SELECT (SELECT id FROM docs WHERE rowid = fts.rowid), snippet(fts, 1, '[', ']', '…', 32) "
                f"FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT {LIMIT}", args).fetchall()
            total = self.con.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", args).fetchone()[0]
        else:
            rows = self.con.execute(
                f"SELECT d.id, snippet(fts, 1, '[', ']', '…', 32) FROM fts JOIN docs d ON d.rowid = fts.rowid "
                f"WHERE {cond} ORDER BY rank LIMIT {LIMIT}", args).fetchall()
            total = self.con.execute(
                f"SELECT count(*) FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE {cond}", args).fetchone()[0]
        return total, [r[0] for r in rows], sum(1 for r in rows if "[" in (r[1] or ""))

    def close(self) -> None:
        self.con.close()


# --------------------------------------------------------------------------- tantivy
class Tantivy(System):
    name = "tantivy"

    def unavailable(self) -> str | None:
        try:
            import tantivy  # noqa: F401
        except Exception as exc:
            return f"{type(exc).__name__}: {exc} (pip install -r bench/requirements.txt)"
        return None

    @staticmethod
    def _schema():
        import tantivy as t

        sb = t.SchemaBuilder()
        sb.add_text_field("id", stored=True, tokenizer_name="raw")
        sb.add_text_field("issuer", stored=True, tokenizer_name="raw")
        sb.add_integer_field("date", stored=True, indexed=True, fast=True)
        sb.add_text_field("persons", tokenizer_name="raw")
        sb.add_text_field("title", stored=True, tokenizer_name="de")
        sb.add_text_field("body", stored=True, tokenizer_name="de")
        return sb.build()

    @staticmethod
    def _register(ix) -> None:
        import tantivy as t

        an = (t.TextAnalyzerBuilder(t.Tokenizer.simple()).filter(t.Filter.remove_long(40))
              .filter(t.Filter.lowercase()).filter(t.Filter.stopword("german"))
              .filter(t.Filter.stemmer("german")).build())
        ix.register_tokenizer("de", an)

    @staticmethod
    def _doc(rec: dict):
        import tantivy as t

        d = t.Document(id=rec["id"], issuer=rec.get("issuer") or "", date=_ymd(rec.get("date")),
                       title=rec.get("title") or "", body=rec.get("body") or "")
        for p in rec.get("persons_quoted") or []:
            d.add_text("persons", p.lower())
        return d

    def _write(self, ix, recs: Iterable[dict], threads: int = 0) -> int:
        w = ix.writer(heap_size=256_000_000, num_threads=threads)
        n = 0
        for rec in recs:
            w.add_document(self._doc(rec))
            n += 1
        w.commit()
        w.wait_merging_threads()
        return n

    def build(self, jsonl: Path, index: Path) -> int:
        import tantivy as t

        index.mkdir(parents=True, exist_ok=True)
        ix = t.Index(self._schema(), path=str(index))
        self._register(ix)
        return self._write(ix, iter_jsonl(jsonl))

    def add(self, index: Path, folder: Path, records: Path) -> int:
        import tantivy as t

        ix = t.Index.open(str(index))
        self._register(ix)
        return self._write(ix, iter_jsonl(records), threads=1)

    def open(self, index: Path) -> None:
        import tantivy as t

        self.t = t
        self.ix = t.Index.open(str(index))
        self._register(self.ix)
        self.ix.reload()
        self.searcher = self.ix.searcher()

    def search(self, q: dict) -> tuple[int, list[str], int]:
        t = self.t
        text = self.ix.parse_query(_words_query(q), ["title", "body"], conjunction_by_default=True)
        parts = [(t.Occur.Must, text)]
        schema = self.ix.schema
        if q.get("issuer"):
            parts.append((t.Occur.Must, t.Query.term_query(schema, "issuer", q["issuer"][0])))
        if q.get("date_from"):
            parts.append((t.Occur.Must, t.Query.range_query(
                schema, "date", t.FieldType.Integer, _ymd(q["date_from"]), _ymd(q["date_to"]))))
        if q.get("person"):
            parts.append((t.Occur.Must, t.Query.term_query(schema, "persons", q["person"].lower())))
        query = parts[0][1] if len(parts) == 1 else t.Query.boolean_query(parts)
        res = self.searcher.search(query, LIMIT, count=True)
        gen = t.SnippetGenerator.create(self.searcher, text, schema, "body")
        gen.set_max_num_chars(200)
        ids, snippets = [], 0
        for _score, addr in res.hits:
            doc = self.searcher.doc(addr)
            ids.append(doc["id"][0])
            if gen.snippet_from_doc(doc).highlighted():
                snippets += 1
        return res.count, ids, snippets


REGISTRY = {"searcher": Searcher, "whoosh": PlainWhoosh, "fts5": Fts5, "tantivy": Tantivy, "searcher-pg": SearcherPg}


def get(name: str) -> System:
    return REGISTRY[name]()


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


# --------------------------------------------------------------------------- worker
def _maxrss_bytes() -> int:
    """Peak RSS of this process (VmHWM: ru_maxrss of RUSAGE_SELF would include the parent's
    high-water mark, which Linux carries across fork+exec) or of its largest child process."""
    own = 0
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                own = int(line.split()[1])
    except OSError:
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) * 1024  # KiB


def _parse_records(jsonl: Path) -> dict:
    """Time the project's parser: parse_records over the whole JSONL file, and parse_text over
    (up to 5,000) releases rendered as plain-text press-release files."""
    import inspect

    from searcher import parse as sp

    out: dict = {}
    sig = inspect.signature(sp.parse_records)
    files = sorted(jsonl.glob("*.jsonl")) if jsonl.is_dir() else [jsonl]
    items, dt = [], 0.0
    for f in files:
        data = f.read_bytes()
        t0 = time.perf_counter()
        if "fmt" in sig.parameters:  # parse_records(data: bytes, source, fmt)
            items.extend(sp.parse_records(data, str(f), "jsonl"))
        else:
            items.extend(sp.parse_records([json.loads(l) for l in data.decode().splitlines() if l.strip()]))
        dt += time.perf_counter() - t0
    ok = sum(1 for r in items if type(r).__name__ == "Release")
    out.update(n=ok, failed=len(items) - ok, seconds=dt)
    if hasattr(sp, "parse_text"):
        from corpus import release_to_txt  # type: ignore[import-not-found]

        texts = []
        for rec in iter_jsonl(jsonl):
            texts.append((release_to_txt(rec), rec["id"]))
            if len(texts) >= 5000:
                break
        t0 = time.perf_counter()
        for text, rid in texts:
            sp.parse_text(text, f"{rid}.txt")
        out.update(text_n=len(texts), text_seconds=time.perf_counter() - t0)
    return out


def worker(argv: list[str]) -> int:
    action, name = argv[0], argv[1]
    if action == "parse":
        try:
            print(json.dumps(_parse_records(Path(argv[2]))))
        except Exception as exc:  # the parser is not there yet, or has another signature
            print(json.dumps({"unavailable": f"{type(exc).__name__}: {exc}"}))
        return 0
    sysobj = get(name)
    why = sysobj.unavailable()
    if why:
        print(json.dumps({"unavailable": why}))
        return 0
    if action == "build":
        jsonl, index = Path(argv[2]), Path(argv[3])
        t0 = time.perf_counter()
        n = sysobj.build(jsonl, index)
        dt = time.perf_counter() - t0
        size = sysobj.size(index) if hasattr(sysobj, "size") else dir_size(index)
        print(json.dumps({"n": n, "seconds": dt, "maxrss": _maxrss_bytes(), "size": size,
                          **getattr(sysobj, "failures", {})}))
    elif action == "add":
        index, folder, recs = Path(argv[2]), Path(argv[3]), Path(argv[4])
        t0 = time.perf_counter()
        n = sysobj.add(index, folder, recs)
        dt = time.perf_counter() - t0
        print(json.dumps({"n": n, "seconds": dt, "maxrss": _maxrss_bytes()}))
    elif action == "query":
        index, queries_path, passes = Path(argv[2]), Path(argv[3]), int(argv[4])
        queries = json.loads(Path(queries_path).read_text())
        t0 = time.perf_counter()
        sysobj.open(index)  # some systems open lazily: time the open and the first answer together
        results, errors = [], {}
        open_s = None
        for i, q in enumerate(queries):  # warm-up pass, also the answers for agreement
            try:
                total, ids, snips = sysobj.search(q)
                results.append({"total": total, "ids": ids, "snippets": snips})
            except Exception as exc:
                errors[i] = f"{type(exc).__name__}: {exc}"
                results.append(None)
            if open_s is None:
                open_s = time.perf_counter() - t0
        times: list[list[float]] = [[] for _ in queries]
        for _ in range(passes):
            for i, q in enumerate(queries):
                if results[i] is None:
                    continue
                t = time.perf_counter()
                sysobj.search(q)
                times[i].append(time.perf_counter() - t)
        sysobj.close()
        print(json.dumps({"open_seconds": open_s, "results": results, "times": times, "errors": errors,
                          "maxrss": _maxrss_bytes()}))
    elif action == "cold":  # one query in a fresh process, like `searcher search`
        index, q = Path(argv[2]), json.loads(argv[3])
        sysobj.open(index)
        total, ids, _ = sysobj.search(q)
        sysobj.close()
        print(json.dumps({"total": total, "ids": ids}))
    else:
        raise SystemExit(f"unknown action {action}")
    return 0


if __name__ == "__main__":
    sys.exit(worker(sys.argv[1:]))
