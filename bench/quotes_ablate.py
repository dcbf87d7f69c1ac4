"""Ablation of single quote-attribution rules: what does each cost on wikinews-quotes?

    python bench/quotes_ablate.py            # every rule below, all/tune/held lines each
    python bench/quotes_ablate.py --list     # the rules only
    python bench/quotes_ablate.py --chooser learned  # each rule's cost under the learned speaker chooser

Each rule is switched off in a temporary copy of the package (the checkout is never
edited) and bench/quotes_eval.py is run on the copy. A rule that costs nothing on
``tune`` fixed no tune example (any more); one that costs one example is worth
keeping only when it is a general pattern of German reporting.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
Q = "searcher/parse/quotes/"
#: name -> (file, text, replacement): the rule switched off.
RULES = {
    "fronted 'Von „…“ sprechen X'": (Q + "titles.py", "    return (len(lead) == 1 and lead[0].lower() in _SPOKE_PREP",
                                     "    return False and (len(lead) == 1 and lead[0].lower() in _SPOKE_PREP"),
    "apposition without its closing comma": (Q + "cues.py", r'''r"(?:\s*,|(?=\s+(?:das|den|die|der|dem|ein|eine|einen)\s))"''',
                                             r'''r"(?:\s*,)"'''),
    "nahm … Stellung": (Q + "cues.py", "split += [s for s in _STANCE_RE.finditer(sent) if s.end() <= rel_o]", "pass"),
    "X zu Y is the first of two names": (Q + "coreference.py", "for i, t in enumerate(toks[1:-1], 1):",
                                          "for i, t in enumerate([]):"),
    "a light verb speaks only inside its clause": (Q + "cues.py", "    if not saying and not m.end() <= rel_o < v.start():",
                                                    "    if False:"),
    "beurteilt, bewertet as cue verbs": (Q + "vocabulary.py", "fragt|gefragt|beurteilt|bewertet|", "fragt|gefragt|"),
}


CHOOSER = "rules"


def run(copy: Path) -> str:
    out = subprocess.run([sys.executable, str(copy / "bench" / "quotes_eval.py"), "--chooser", CHOOSER], cwd=copy,
                         capture_output=True, text=True, env=dict(os.environ))
    if out.returncode:
        sys.exit(f"quotes_ablate: quotes_eval failed: {out.stderr.strip()[-300:]}")
    keep = [ln for ln in out.stdout.splitlines() if ln.split()[:1] and ln.split()[0] in ("all", "tune", "held")]
    return "\n".join("   " + ln for ln in keep)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--chooser", default="rules", choices=("rules", "learned"),
                    help="the speaker chooser the copies are scored with (quotes_eval.py --chooser)")
    args = ap.parse_args()
    global CHOOSER
    CHOOSER = args.chooser
    if args.list:
        print("\n".join(RULES))
        return
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp)
        shutil.copytree(REPO / "searcher", copy / "searcher", ignore=shutil.ignore_patterns("__pycache__"))
        (copy / "bench").mkdir()
        shutil.copy(REPO / "bench" / "quotes_eval.py", copy / "bench")
        print("as is")
        print(run(copy))
        for name, (rel, old, new) in RULES.items():
            path = copy / rel
            src = path.read_text(encoding="utf-8")
            if src.count(old) != 1:
                print(f"{name}: rule text not found once in {rel}; update RULES")
                continue
            path.write_text(src.replace(old, new), encoding="utf-8")
            print(f"without: {name}")
            print(run(copy))
            path.write_text(src, encoding="utf-8")


if __name__ == "__main__":
    main()
