"""Aggregate error categories of quote attribution per wikinews split (counts only).

    python bench/quotes_errors.py                 # tune, dev and held side by side
    python bench/quotes_errors.py --show tune     # also the tune cases of each category

Only counts are printed for ``dev`` and ``held`` (no text of those splits is
shown; ``--show`` accepts ``tune`` only), so they can guide which mechanism to
improve without fitting rules to their examples. Each gold direct quote with a
named speaker (scored as in ``bench/quotes_eval.py``) falls into one category:

- ``miss:no-span``: no quotation-mark pair of the parser covers it;
- ``miss:label:<shape>``: a span covers it, dropped as a label or title;
- ``miss:no-speaker:<shape>``: a span covers it, but no speaker was found
  (``shape``: ``colon`` introduced by a colon, ``short`` one or two words, ``long``);
- ``ok``: found with the right speaker;
- ``wrong:pronoun``: the speaker shown is a pronoun left unresolved;
- ``wrong:org-media``: an organisation, medium or document where the gold is another speaker;
- ``wrong:role``: a role without a name (``der Sprecher``) where the gold names someone else;
- ``wrong:<path>:<where>``: a person or other speaker, wrong; ``path`` is how the
  rules got it (``attr``: a cue next to the quote or a colon introduction,
  ``context``: a cue elsewhere in its sentence or its clause subject,
  ``carried``: the speaker of the sentences or quote before), ``where`` is
  where the gold speaker is written (``own``: the quote's own sentence,
  ``before``: an earlier sentence, ``after``, ``none``).
"""
from __future__ import annotations

import argparse
import collections
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import quotes_eval as qe  # noqa: E402
from searcher.parse.quotes import extraction as _extraction  # noqa: E402
from searcher.parse.quotes import own_clause as _own_clause  # noqa: E402
from searcher.parse.quotes import QuoteExtractor, quote_spans  # noqa: E402
from searcher.parse.quotes.clauses import _sentence_end, _sentence_start  # noqa: E402
from searcher.parse.quotes.vocabulary import _PRONOUNS  # noqa: E402


class _Tracing(QuoteExtractor):
    """The extractor, remembering which step named each quote's speaker."""

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.path: dict[int, str] = {}
        self._current = -1
        self._cue_pending = False
        _TRACER[:] = [self]

    def _attribute(self, text, o, c, inner):
        self._current = o
        sp = super()._attribute(text, o, c, inner)
        # "prev-quote" (the quote before in the paragraph) until a later step
        # names it: a cue elsewhere in the sentence (``cue``), the clause context
        self.path[o] = "attr" if sp is not None else "prev-quote"
        self._cue_pending = sp is None
        return sp

    def _context_speaker(self, text, o, c, inner):
        self._cue_pending = False
        self.path[o] = "context"
        return super()._context_speaker(text, o, c, inner)

    def _carried_speaker(self, text, o, s_start, reported):
        self.path[o] = "carried"
        return super()._carried_speaker(text, o, s_start, reported)

    def _next_candidate(self, text, o, prev, prev_end):
        self.path[o] = "next"
        return super()._next_candidate(text, o, prev, prev_end)


_LABELLED: set = set()
_is_label = _extraction.is_label


def _tracing_is_label(text, o, c, inner_start, inner_end):
    got = _is_label(text, o, c, inner_start, inner_end)
    if got:
        _LABELLED.add((id(text), o))
    return got


_extraction.is_label = _tracing_is_label
_sentence_cue = _extraction._sentence_cue
_TRACER: list = []


def _tracing_sentence_cue(*a, **kw):
    got = _sentence_cue(*a, **kw)
    ex = _TRACER[-1] if _TRACER else None
    if ex is not None and getattr(ex, "_cue_pending", False):
        ex._cue_pending = False
        if got is not None:
            ex.path[ex._current] = "cue"
    return got


_extraction._sentence_cue = _tracing_sentence_cue
_own_clause._sentence_cue = _tracing_sentence_cue


def _miss_kind(text: str, marks: list, spans: list) -> str:
    """``no-span``, or ``label``/``no-speaker`` with the quote's shape:
    ``colon`` (a colon introduces it), ``short`` (one or two words) or ``long``."""
    hit = [(o, c) for o, c, _ in marks if any(qe._overlaps((o, c), s) for s in spans)]
    if not hit:
        return "miss:no-span"
    o, c = hit[0]
    why = "label" if (id(text), o) in _LABELLED else "no-speaker"
    shape = ("colon" if text[:o].rstrip().endswith(":")
             else "short" if len(text[o + 1:c].split()) <= 2 else "long")
    return f"miss:{why}:{shape}"


def _where(text: str, g: dict) -> str:
    s0 = g["quote_spans"][0]
    s_start, s_end = _sentence_start(text, s0[0]), _sentence_end(text, s0[1])
    spans = [tuple(s) for s in g.get("speaker_spans") or []]
    if not spans:
        return "none"
    if any(s_start <= a < s_end for a, _ in spans):
        return "own"
    return "before" if any(a < s_start for a, _ in spans) else "after"


def cue_kind(cue: str) -> str:
    """The gold cue's kind: ``none``, ``zitiert`` (a medium quoting someone),
    ``source`` (``laut``, ``nach``, ``zufolge``, ``heißt es``) or ``verb``."""
    low = (cue or "").lower()
    if not low.strip():
        return "none"
    if "zitier" in low:
        return "zitiert"
    if any(w in low.split() for w in ("laut", "nach", "zufolge", "heißt", "hieß", "seitens")):
        return "source"
    return "verb"


def categories(art: dict) -> list[tuple[str, dict, object]]:
    """(category, gold quote, extracted quote or None) for each named gold direct quote."""
    text = art["text"]
    ex = _Tracing([art.get("title", ""), text])
    quotes = [q for q in ex.extract(text, "body") if q.kind == "direct"]
    marks = quote_spans(text)
    out = []
    for q in quotes:
        o = max((o for o in ex.path if o < q.start), default=None)
        object.__setattr__(q, "_path", ex.path.get(o, "carried") if o is not None else "carried")
    for g in art["quotes"]:
        if g["type"] != "Direct" or not qe.named(g["speaker"]):
            continue
        spans = [tuple(s) for s in g["quote_spans"]]
        hits = [q for q in quotes if any(qe._overlaps((q.start, q.end), s) for s in spans)]
        if not hits:
            out.append((_miss_kind(text, marks, spans), g, None))
            continue
        q = hits[0]
        if any(qe.same_speaker(h.speaker or "", g["speaker"]) or qe.same_speaker(h.role or "", g["speaker"])
               for h in hits):
            out.append(("ok", g, q))
        elif q.speaker_kind == "pronoun" or (q.speaker or "").lower() in _PRONOUNS:
            out.append(("wrong:pronoun", g, q))
        elif q.speaker_kind in ("organisation", "media", "document"):
            out.append(("wrong:org-media", g, q))
        elif q.speaker_kind == "role":
            out.append(("wrong:role", g, q))
        else:
            o = max((o for o in ex.path if o < q.start), default=None)
            path = ex.path.get(o, "carried") if o is not None else "carried"
            out.append((f"wrong:{path}:{_where(text, g)}", g, q))
    return out


def _path_of(q, cat: str) -> str:
    """The step that named ``q``'s speaker (see the module doc), from the trace kept on ``q``."""
    return getattr(q, "_path", "carried")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = Path(os.environ.get("SEARCHER_CORPUS", REPO.parent / "shared" / "corpus")) / "wikinews-quotes"
    ap.add_argument("--corpus", default=str(default))
    ap.add_argument("--show", choices=("tune",), help="print the tune cases of each category")
    ap.add_argument("--by-cue", action="store_true", help="also count misses and wrong speakers by the gold cue's kind")
    ap.add_argument("--paths", action="store_true",
                    help="also count found quotes (right/all) by the step that named the speaker")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    train, dev = qe.load(corpus, "train"), qe.load(corpus, "dev")
    parts = {"tune": [a for a in train if not qe.held_out(a["id"])],
             "dev": dev, "held": [a for a in train if qe.held_out(a["id"])]}
    counts = {name: collections.Counter() for name in parts}
    for name, arts in parts.items():
        for art in arts:
            for cat, g, q in categories(art):
                counts[name][cat] += 1
                if args.paths and q is not None:
                    counts[name][f"path:{_path_of(q, cat)}:all"] += 1
                    counts[name][f"path:{_path_of(q, cat)}:right"] += cat == "ok"
                if cat != "ok" and args.by_cue:
                    counts[name][f"{cat.split(':')[0]}/cue:{cue_kind(g.get('cue') or '')}"] += 1
                if args.show == name and cat != "ok":
                    s0 = g["quote_spans"][0]
                    print(cat, art["id"], "gold", repr(g["speaker"]), "got", repr(q.speaker if q else None),
                          repr(art["text"][max(0, s0[0] - 120):s0[1] + 80]))
    cats = sorted(set().union(*counts.values()), key=lambda k: (k != "ok", k.split("/")[0], k))
    print(f"{'category':<28}" + "".join(f"{n:>7}" for n in parts) + f"{'dev+held':>10}")
    for cat in cats:
        print(f"{cat:<28}" + "".join(f"{counts[n][cat]:>7}" for n in parts)
              + f"{counts['dev'][cat] + counts['held'][cat]:>10}")


if __name__ == "__main__":
    main()
