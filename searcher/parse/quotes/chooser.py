"""A learned speaker chooser: every typed candidate the extractor's cues name
for a quote, as a feature vector, scored by a small linear model.

The rule chooser (:meth:`.extraction.QuoteExtractor.extract`) takes the first
cue that names a speaker, in a fixed order fitted by hand. Here every cue is
asked (the cue right after the quote, the colon introduction, each source
cue of the sentence in turn, the clause subject, the speaker carried over
from the quote or sentences before, the persons the sentence names), each
candidate is resolved like the rule's pick (``er`` to a person, a surname to
the full name), and candidates naming the same speaker merge. Each candidate
is then described by features - which cues named it, whether it is the rule's
pick, its kind (person, role, organisation, media, document), whether it is a
full name and how often the release names it, where it stands (same sentence
before or after the quote, sentences before, paragraph) - and the candidate
with the highest score under :class:`SpeakerModel` is the speaker.

The model is a conditional logit (a softmax over the candidates of one quote)
trained by ``bench/quotes_train.py`` on the ``tune`` part of the
wikinews-quotes corpus only; its weights are ``speaker_model.json`` beside
this module. The chooser only re-ranks: whether a quote is kept is still the
rules' decision, so the quotes found stay the same.
"""
from __future__ import annotations

import json
import math
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ...errors import SearcherError
from .clauses import _mask_quotes, _masked_sentence, _sentence_end, _sentence_start
from .coreference import split_leading_noun
from .cues import _cue_candidates, _leading_subject
from .phrases import Speaker
from .vocabulary import _PRONOUNS

#: The model file shipped with the package.
MODEL_PATH = Path(__file__).with_name("speaker_model.json")
#: The format tag a model file must carry.
MODEL_FORMAT = "searcher-speaker-ranker/1"
#: At most this many candidates are scored per quote (a bound on the work a
#: sentence full of names can cause).
MAX_CANDIDATES = 16
#: At most this many source cues of one sentence become candidates.
MAX_CUES = 4
_KINDS = ("person", "role", "organisation", "media", "document", "pronoun", "")
#: The speaker chooser used when a QuoteExtractor is given none: ``"rules"``
#: or ``"learned"`` (bench/quotes_eval.py --chooser scores either).
DEFAULT_CHOOSER = "rules"
CHOOSERS = ("rules", "learned")
_warned: list = []


class SpeakerModelError(SearcherError):
    """The speaker model file is missing or not a model this version reads."""

    def __init__(self, path: Path, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"speaker model {path}: {problem}; reinstall searcher or rebuild it with "
                         f"python bench/quotes_train.py (the rule chooser works without it: chooser='rules')")


@dataclass
class Candidate:
    """One speaker a cue names for a quote, resolved as it would be shown."""

    raw: Speaker
    shown: Speaker
    kind: str
    sources: set = field(default_factory=set)
    features: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.shown.name or self.shown.phrase


class SpeakerModel:
    """Weights of a linear scorer over candidate features."""

    def __init__(self, weights: dict, meta: Optional[dict] = None):
        self.weights = {str(k): float(v) for k, v in weights.items()}
        self.meta = meta or {}

    def score(self, features: dict) -> float:
        w = self.weights
        return sum(w.get(k, 0.0) * v for k, v in features.items())

    def choose(self, cands: list[Candidate]) -> int:
        """The index of the best candidate (the rule's pick on a tie)."""
        best, best_s = 0, -math.inf
        for i, c in enumerate(cands):
            s = self.score(c.features) + (1e-9 if "rule" in c.sources else 0.0)
            if s > best_s:
                best, best_s = i, s
        return best

    def to_json(self) -> str:
        return json.dumps({"format": MODEL_FORMAT, "meta": self.meta,
                           "weights": {k: round(v, 6) for k, v in sorted(self.weights.items()) if v}},
                          ensure_ascii=False, indent=1, sort_keys=False) + "\n"


_MODEL_CACHE: dict = {}


def load_model(path: Optional[Path] = None) -> SpeakerModel:
    """The model in ``path`` (default: the one shipped), read once per path.
    Raises :class:`SpeakerModelError` naming the file when it is missing or
    not a model file."""
    path = Path(path) if path is not None else MODEL_PATH
    key = str(path)
    if key in _MODEL_CACHE:
        return _MODEL_CACHE[key]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SpeakerModelError(path, "file not found") from None
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise SpeakerModelError(path, f"not readable as JSON ({type(e).__name__})") from None
    if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT or not isinstance(data.get("weights"), dict):
        raise SpeakerModelError(path, f"not a {MODEL_FORMAT} file")
    try:
        model = SpeakerModel(data["weights"], data.get("meta") if isinstance(data.get("meta"), dict) else {})
    except (TypeError, ValueError):
        raise SpeakerModelError(path, "a weight is not a number") from None
    _MODEL_CACHE[key] = model
    return model


def pick_model(chooser: Optional[str]) -> Optional[SpeakerModel]:
    """The model for ``chooser`` (None for the rules). An explicit
    ``"learned"`` raises :class:`SpeakerModelError` when the file is missing
    or broken; :data:`DEFAULT_CHOOSER` set to it falls back to the rules with
    one warning, so a batch of releases still parses."""
    if chooser is not None and chooser not in CHOOSERS:
        raise ValueError(f"chooser {chooser!r}: use one of {', '.join(CHOOSERS)}")
    if (chooser or DEFAULT_CHOOSER) == "rules":
        return None
    try:
        return load_model()
    except SpeakerModelError as e:
        if chooser is not None:
            raise
        if not _warned:
            warnings.warn(f"{e} - using the rule chooser", RuntimeWarning, stacklevel=3)
            _warned.append(True)
        return None


def rechoose(ex, text: str, o: int, c: int, inner: str, rule: Speaker, prev: Optional[Speaker],
             prev_end: int) -> Speaker:
    """The speaker of the quote ``text[o:c]`` (``inner`` its words) by
    ``ex``'s model, or the rule's pick ``rule`` without one; with a collect
    list, ``(start, end, candidates)`` of ``inner`` go to it."""
    if ex._model is None and ex._collect is None:
        return rule
    cands = collect(ex, text, o, c, inner, rule, prev, prev_end)
    if ex._collect is not None:
        start = text.find(inner, o)
        ex._collect.append((start, start + len(inner), cands))
    if ex._model is None or not cands:
        return rule
    return cands[ex._model.choose(cands)].raw


# -- candidates --

def _quiet(ex, fn, *args):
    """Call an extractor cue without its side effects on the rule state."""
    saved = (ex._rejected, ex.last_person, ex._roles)
    ex._roles = dict(ex._roles)
    try:
        return fn(*args)
    finally:
        ex._rejected, ex.last_person, ex._roles = saved


def _show(ex, sp: Speaker, text: str, o: int) -> Optional[Speaker]:
    """``sp`` as the rule path would show it (pronoun and surname resolved)."""
    if sp.name is None and sp.phrase.lower() in _PRONOUNS:
        sp = ex._previous_person(text, o, sp.phrase) or sp
    got = ex._resolve(sp)
    if got is not None and got.name:
        got = split_leading_noun(got)
    return got


_PERSON_RUN_RE = re.compile(r"[A-ZÄÖÜ][\wäöüß\-]+(?:\s+(?:von|van|de|zu)?\s*[A-ZÄÖÜ][\wäöüß\-]+){0,3}")


def _sentence_persons(ex, sent: str, rel_o: int, rel_c: int) -> tuple[Optional[Speaker], Optional[Speaker]]:
    """The person named nearest before and nearest after the quote in its
    (masked) sentence, by the full names the release writes."""
    before = after = None
    for m in _PERSON_RUN_RE.finditer(sent):
        words = m.group().split()
        full = ex._names.fullest(words[-1])
        if full.lower() not in ex._names.full_names() or not ex.is_person(full):
            continue
        # the surname alone: resolution gives the full name and the role
        if m.end() <= rel_o:
            before = Speaker(words[-1], words[-1], None)
        elif m.start() >= rel_c and after is None:
            after = Speaker(words[-1], words[-1], None)
    return before, after


def collect(ex, text: str, o: int, c: int, inner: str, rule: Speaker,
            prev: Optional[Speaker], prev_end: int) -> list[Candidate]:
    """Every typed candidate for the quote ``text[o:c]`` (``c`` after its
    closing mark), the rule's pick ``rule`` (before resolution) first."""
    s_start = _sentence_start(text, o)
    s_end = _sentence_end(text, c)
    sent = _masked_sentence(text, s_start, s_end, o, c)
    rel_o, rel_c = o - s_start, min(len(sent), c - s_start)
    raw: list[tuple[str, Optional[Speaker]]] = [("rule", rule)]
    starts = not text[s_start:o].strip()
    raw.append(("after", _quiet(ex, ex._cue_after, text, c, starts)))
    raw.append(("attr", _quiet(ex, lambda: ex._typed(ex._attribute(text, o, c, inner)))))
    n = 0
    for sp in _cue_candidates(sent, rel_o, ex._known):
        if n >= MAX_CUES:
            break
        got = _quiet(ex, ex._typed, sp)
        if got is not None:
            raw.append((f"cue{n}", got))
            n += 1
    raw.append(("context", _quiet(ex, lambda: ex._typed(ex._context_speaker(text, o, c, inner)))))
    raw.append(("clause", _quiet(ex, ex._clause_subject, sent, rel_o, inner)))
    raw.append(("lead", _quiet(ex, lambda: ex._typed(_leading_subject(_mask_quotes(text[s_start:o]))))))
    if prev is not None and prev_end >= 0:
        gap = text[prev_end:o]
        raw.append(("prevq_para" if "\n\n" not in gap else "prevq_far", prev))
    raw.append(("prevspk", _quiet(ex, ex._previous_speaker, text, s_start)))
    if ex._last_quote_speaker is not None:
        raw.append(("lastq", ex._last_quote_speaker))
    raw.append(("prevsubj", _quiet(ex, ex._previous_subject, text, s_start)))
    raw.append(("prevperson", _quiet(ex, ex._previous_person, text, o)))
    before, after = _sentence_persons(ex, sent, rel_o, rel_c)
    raw.append(("sent_before", before))
    raw.append(("sent_after", after))

    cands: list[Candidate] = []
    by_key: dict[str, Candidate] = {}
    for source, sp in raw:
        if sp is None:
            continue
        shown = _quiet(ex, _show, ex, sp, text, o)
        if shown is None:
            continue
        key = (shown.name or shown.phrase).lower()
        cand = by_key.get(key)
        if cand is None:
            if len(cands) >= MAX_CANDIDATES:
                continue
            cand = Candidate(sp, shown, ex.speaker_kind(shown))
            by_key[key] = cand
            cands.append(cand)
        cand.sources.add(source)
        if sp.phrase.lower() in _PRONOUNS:
            cand.sources.add("via_pronoun")
    ctx = _context(text, o, c, s_start, sent, rel_o, starts)
    for cand in cands:
        cand.features = _features(ex, cand, text, o, c, s_start, s_end, ctx)
    return cands


def _context(text: str, o: int, c: int, s_start: int, sent: str, rel_o: int, starts: bool) -> list[str]:
    """Flags of the quote's position (crossed with candidate features)."""
    flags = []
    if starts:
        flags.append("starts")
    if sent[:rel_o].rstrip().endswith(":") or (starts and text[:o].rstrip().endswith(":")):
        flags.append("colon")
    after = text[c:c + 3]
    if after[:1] == "," or after.lstrip()[:1] == ",":
        flags.append("comma_after")
    return flags


def _mention_positions(text: str, word: str, limit: int = 50) -> list[int]:
    if not word or len(word) < 2:
        return []
    pat = re.compile(r"(?<![\w\-])" + re.escape(word) + r"(?![\w\-])")
    out = []
    for m in pat.finditer(text):
        out.append(m.start())
        if len(out) >= limit:
            break
    return out


def _features(ex, cand: Candidate, text: str, o: int, c: int, s_start: int, s_end: int, ctx: list[str]) -> dict:
    f: dict = {}
    for s in cand.sources:
        f["src:" + s] = 1.0
    cues = [s for s in cand.sources if s not in ("rule", "via_pronoun")]
    f["n_sources"] = min(len(cues), 6) / 3.0
    kind = cand.kind if cand.kind in _KINDS else ""
    f["kind:" + kind] = 1.0
    shown = cand.shown
    name = shown.name or ""
    toks = name.split()
    if shown.role:
        f["has_role"] = 1.0
    if len(toks) >= 2:
        f["full_name"] = 1.0
    elif len(toks) == 1:
        f["one_word_name"] = 1.0
    if name:
        f["mentions"] = math.log1p(ex._names.mentions(name)) / 2.0
    word = toks[-1] if toks else _head_word(shown.phrase)
    pos = _mention_positions(text, word)
    before = [p for p in pos if p < o]
    after = [p for p in pos if p >= c]
    if not pos:
        f["pos:unseen"] = 1.0
    if before:
        nearest = before[-1]
        f["dist_before"] = math.log1p(o - nearest) / 8.0
        if nearest >= s_start:
            f["pos:sent_before"] = 1.0
        if "\n\n" not in text[nearest:o]:
            f["pos:para_before"] = 1.0
    else:
        f["pos:none_before"] = 1.0
    if after and after[0] < s_end:
        f["pos:sent_after"] = 1.0
    for flag in ctx:
        f["ctx:" + flag + "*rule"] = 1.0 if "rule" in cand.sources else 0.0
        f["ctx:" + flag + "*kind:" + kind] = 1.0
        for s in cues:
            f["ctx:" + flag + "*src:" + s] = 1.0
    return {k: v for k, v in f.items() if v}


def _head_word(phrase: str) -> str:
    words = [w.strip(",.;:„“”»«\"") for w in phrase.split()]
    caps = [w for w in words if w[:1].isupper()]
    return caps[-1] if caps else (words[-1] if words else "")


__all__ = ["CHOOSERS", "DEFAULT_CHOOSER", "Candidate", "MODEL_PATH", "SpeakerModel", "SpeakerModelError",
           "collect", "load_model", "pick_model", "rechoose"]
