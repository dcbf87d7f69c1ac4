"""The three-letter nouns that are productive compound modifiers in the lexicon, for
``searcher/analysis/wordlists.py`` (``_SHORT_MODIFIERS``).

    python bench/decompound_short_modifiers.py [--min-count 5] [--min-share 0.25]

For every three-letter lemma of german-nouns that declines (Bus, Tat, Rad), counts the
lemmas of seven letters or more that start with it: all of them, and those whose rest
(after a linking -s, -es, -e, -en or none) is a lemma of four letters or more (Bus-fahrer,
Amt-s-gericht). A lemma whose starts are mostly such compounds is a modifier in a word the
lexicon knows whole; one whose starts are mostly other words is not (beg: Begleiter,
Begriff; mac: Machete; tau: Tausend; uni: Uniform). Reads the lexicon only, no corpus.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from searcher.analysis import _lexicon, _lfold  # noqa: E402
from searcher.analysis.folding import _STOPWORDS_FOLDED  # noqa: E402


def productive(lex, min_count: int, min_share: float) -> list[str]:
    keys = {_lfold(lemma) for _, lemma in lex.lemma.items()}
    starts, compounds = Counter(), Counter()
    for k in keys:
        if len(k) < 7 or not lex._rec[k[:3]][4]:
            continue
        p, rest = k[:3], k[3:]
        starts[p] += 1
        if any(rest.startswith(link) and lex._word(rest[len(link):], 4) for link in ("", "s", "es", "e", "en")):
            compounds[p] += 1
    return sorted(p for p, c in compounds.items()
                  if c >= min_count and c / starts[p] >= min_share and p not in _STOPWORDS_FOLDED)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--min-share", type=float, default=0.25)
    args = ap.parse_args(argv)
    words = productive(_lexicon(), args.min_count, args.min_share)
    print(f"{len(words)} three-letter modifiers:")
    print(" ".join(words))
    return 0


if __name__ == "__main__":
    sys.exit(main())
