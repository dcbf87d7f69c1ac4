"""A fixed, mixed query list drawn deterministically from the corpus vocabulary.

No query is hand-written: words, pairs and phrases are sampled with a fixed seed from
document frequencies of the corpus itself, so no system is favoured.

Kinds (default 120 queries; ``--quick`` uses fewer):

- ``word-common``: a frequent content word (document frequency rank 30-600)
- ``word-rare``: a rare word (document frequency 3-20 in the sample)
- ``two``: two content words that occur together in one release
- ``phrase``: a real bigram of two content words that is frequent in the corpus, as a phrase
- ``issuer``: a common word, filtered by issuer (searcher gets the name or the abbreviation)
- ``date``: two words from one release, filtered by a one-year range around its date
- ``person``: a word from a release that quotes someone, filtered by that person

Words are letters only, at least 4 long, not a German stop word, in their most frequent
surface form (capitalised nouns stay capitalised) — what a user would type.
"""
from __future__ import annotations

import collections
import datetime as dt
import random
import re
from pathlib import Path

SEED = 4242
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{4,}")
_OPERATORS = {"AND", "OR", "NOT", "NEAR", "TO"}


def _stopwords() -> set[str]:
    try:
        from whoosh.lang import stopwords_for_language

        return set(stopwords_for_language("de"))
    except Exception:  # pragma: no cover
        return set()


def build_queries(jsonl: Path, n: int = 120, sample: int = 20_000, seed: int = SEED) -> list[dict]:
    from systems import iter_jsonl  # type: ignore[import-not-found]

    rng = random.Random(seed)
    stop = _stopwords()
    docs: list[dict] = []
    df: collections.Counter[str] = collections.Counter()
    surface: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    bigrams: collections.Counter[tuple[str, str]] = collections.Counter()
    for i, rec in enumerate(iter_jsonl(jsonl)):
        if i >= sample:
            break
        text = f"{rec.get('title', '')}\n{rec.get('body', '')}"
        seen = set()
        prev = None
        for m in re.finditer(r"\S+", text):
            tok = m.group(0)
            wm = _WORD.fullmatch(tok.strip(".,;:!?()„“»«\"'"))
            w = wm.group(0) if wm else None
            ok = bool(w) and w.lower() not in stop and w.upper() not in _OPERATORS
            if ok:
                low = w.lower()
                surface[low][w] += 1
                seen.add(low)
                if prev and tok == w:  # no punctuation between the two words
                    bigrams[(prev, w)] += 1
                prev = w if tok == w else None
            else:
                prev = None
        df.update(seen)
        docs.append({"rec": rec, "words": sorted(seen)})

    def form(low: str) -> str:
        return surface[low].most_common(1)[0][0]

    by_df = [w for w, _ in df.most_common()]
    common = by_df[30:600]
    rare = sorted(w for w, c in df.items() if 3 <= c <= 20)
    common_set = set(by_df[30:3000])
    phrases = [bg for bg, c in bigrams.most_common(400) if c >= 5]
    quoted = [d for d in docs if d["rec"].get("persons_quoted")]
    issuers = sorted({(d["rec"]["issuer"], (d["rec"].get("issuer_aliases") or [""])[0]) for d in docs
                      if d["rec"].get("issuer")})

    share = {"word-common": 0.15, "word-rare": 0.15, "two": 0.2, "phrase": 0.15,
             "issuer": 0.12, "date": 0.12, "person": 0.11}
    counts = {k: max(1, round(v * n)) for k, v in share.items()}
    out: list[dict] = []

    def doc_words(d: dict, k: int, avoid: str = "") -> list[str]:
        skip = set(avoid.lower().split())
        cands = [w for w in d["words"] if w in common_set and w not in skip]
        if len(cands) < k:
            cands = [w for w in d["words"] if w not in skip] or d["words"]
        return [form(w) for w in rng.sample(cands, min(k, len(cands)))]

    for w in rng.sample(common, min(counts["word-common"], len(common))):
        out.append({"kind": "word-common", "words": [form(w)]})
    for w in rng.sample(rare, min(counts["word-rare"], len(rare))):
        out.append({"kind": "word-rare", "words": [form(w)]})
    for _ in range(counts["two"]):
        out.append({"kind": "two", "words": doc_words(rng.choice(docs), 2)})
    for a, b in rng.sample(phrases, min(counts["phrase"], len(phrases))):
        out.append({"kind": "phrase", "words": [a, b], "phrase": True})
    for i in range(counts["issuer"]):
        name, abbr = rng.choice(issuers)
        out.append({"kind": "issuer", "words": [form(rng.choice(common))], "issuer": [name, abbr],
                    "use_alias": bool(i % 2)})
    for _ in range(counts["date"]):
        d = rng.choice(docs)
        day = dt.date.fromisoformat(d["rec"]["date"]) if d["rec"].get("date") else dt.date(2020, 6, 1)
        lo = day - dt.timedelta(days=rng.randint(0, 364))
        out.append({"kind": "date", "words": doc_words(d, 2), "date_from": lo.isoformat(),
                    "date_to": (lo + dt.timedelta(days=364)).isoformat()})
    for _ in range(counts["person"] if quoted else 0):
        d = rng.choice(quoted)
        person = rng.choice(d["rec"]["persons_quoted"])
        out.append({"kind": "person", "words": doc_words(d, 1, avoid=person), "person": person})
    for i, q in enumerate(out):
        q["n"] = i
    return out


def query_label(q: dict) -> str:
    text = " ".join(q["words"])
    text = f'"{text}"' if q.get("phrase") else text
    extra = []
    if q.get("issuer"):
        extra.append(f"issuer={q['issuer'][1] if q.get('use_alias') else q['issuer'][0]}")
    if q.get("date_from"):
        extra.append(f"{q['date_from']}..{q['date_to']}")
    if q.get("person"):
        extra.append(f"person={q['person']}")
    return text + (f" [{', '.join(extra)}]" if extra else "")


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    for q in build_queries(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 120):
        print(q["kind"], "|", query_label(q))
