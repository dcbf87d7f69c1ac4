"""Names of things in quotation marks (titles, programmes, labels): no quotes
unless a speech cue stands right by them."""
from __future__ import annotations

import re

from .clauses import _mask_quotes, _sentence_end, _sentence_start
from .marks import _MARK_RE
from .speakers import noun_kind
from .statements import _VIEW_RE, opinion_holder
from .vocabulary import (
    SPEECH_VERB_RE, _ACRONYM_RE, _AFTER_RE, _ARTICLE_RE, _COMPLEMENT_VERB_RE, _SPLIT_SPEECH_RE, _CTX_LAUT_RE, _CTX_SO_RE, _CTX_ZUFOLGE_RE, _FUER_RE, _LABEL_CUE_RE, _OF_WORDS,
    _STANCE_RE, _SAY_RE, _SLOGAN_RE, _SPOKE_OF_RE, _SPOKE_PREP, _SUBJ_RE, _TITLE_NOUNS, _TITLE_SMALL,
)


def _looks_like_title(text: str, start: int, end: int, inner: str) -> bool:
    """Quotation marks around a name of a thing (``der Film „Die Früchte des
    Zorns“``, ``die Aktion „Sauberer Park“``), not around words someone said."""
    words = inner.split()
    if not words or len(words) > 12:
        return False
    if _after_motto(text, start) and words[0][:1].isupper():
        return True  # "unter dem Motto „Mit Sicherheit – gut vernetzt!“"
    before = text[max(0, start - 40):start - 1].split()
    if before and before[-1].strip(",").lower() in _TITLE_NOUNS and not words[0][:1].islower():
        return True  # "der Verein „#2021 – Leben in Deutschland“"
    if len(before) >= 2 and before[-1] in ("zur", "zum", "über") and before[-2].strip(",").lower() in _TITLE_NOUNS \
            and words[0][:1].isupper() and inner[-1:] not in ".!?…":
        return True  # "das Gesetz zur „Stärkung der inneren Sicherheit“": the law's name
    if inner[-1:] in ".!?…" and len(words) >= 4:
        return False
    caps = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    small = sum(1 for w in words if w.lower() in _TITLE_SMALL)
    if caps + small == len(words) and caps >= 2:
        return True
    if caps + small == len(words) and caps == 1:
        # one capitalised word: a name when a noun stands before it
        # ("die Fluggesellschaft „Condor“"), words said after an article,
        # adjective or "als" ("einen „Vertrauensbruch“")
        prev = before[-1] if before else ""
        if not prev or prev[-1:] in ".:!?" or prev[:1].isupper() or any(ch.isdigit() for ch in words[0]):
            return True
    if (before and before[-1].lower() in _OF_WORDS and len(words) <= 4 and inner[-1:] not in ".!?…"
            and not (before[-1].lower() == "von" and any(SPEECH_VERB_RE.fullmatch(w.lower()) for w in before[-5:-1]))
            and not re.fullmatch(r"[a-zäöüß]+(?:en|em|er|es)", words[0])):
        return True  # "eines Mitarbeiters des „Tagesspiegel“", "laut „Reuters“"
    after = text[end + 1:end + 4]
    if after.startswith(("-", " (")) and words[0][:1].isupper():
        return True
    if re.match(r"-\w", after):
        return True  # a compound with the quoted words: "die „rechts vor links“-Regel"
    return False


def _speech_cue_adjacent(text: str, o: int, c: int) -> bool:
    """Words someone said, whatever they look like: a speech verb right after
    the quote (``„Das Alter drückt“, sagte X``, ``„…“, so X``) or just before
    it (``sprach von einer „…“``, ``riet zu „…“``)."""
    after = text[c + 1:c + 40]
    m = _AFTER_RE.match(after)
    if m and (m.group("so") or m.group("verb")) and after.lstrip()[:1] in ",-–—" :
        return True
    # the words before, in the quote's own sentence ("sagte X. Das Gesetz zur „…“": no cue)
    before = text[max(0, o - 60, _sentence_start(text, o)):o].split()[-7:]
    if before and _ARTICLE_RE.match(before[-1]):
        before = before[:-1]
    after_words = [w for w in _mask_quotes(text[c + 1:c + 80]).split() if w.strip("„“”»«\"")][:4]
    if before and before[-1] == "als" and "sich" not in before[-4:] \
            and any(_LABEL_CUE_RE.fullmatch(w.strip(".,;")) for w in after_words if w != "oder"):
        # "werden von Kritikern als „…“ bezeichnet": the labelling verb closes
        # the clause (not a self-label: "sollen sich als „…“ bezeichnen")
        return True
    # "sprachen in diesem Zusammenhang von „…“": a preposition right before
    if (len(before) >= 2 and before[-1].lower() in _SPOKE_PREP
            and any(_SPOKE_OF_RE.fullmatch(w.lower()) for w in before[:-1])):
        return True
    # "Von „…“ oder „…“ sprechen Medienberichte": the phrase fronted, the verb after it
    lead = [w for w in _mask_quotes(text[_sentence_start(text, o):o]).split()
            if w not in ("oder", "und", "sowie") and w.strip("„“”»«\"").strip()]
    return (len(lead) == 1 and lead[0].lower() in _SPOKE_PREP
            and bool(after_words) and _SPOKE_OF_RE.fullmatch(_after_quote_chain(after_words).lower()) is not None)


def _after_quote_chain(words: list[str]) -> str:
    """The first word after a chain of quotations (``„…“ oder „…“ sprechen``)."""
    for w in words:
        if w not in ("oder", "und", "bzw.", "sowie") and w.strip("„“”»«\"").strip():
            return w.strip(".,;")
    return ""


def _after_bare_article(text: str, o: int) -> bool:
    """An article right before the marks with no naming noun before it
    (``für die „Totengräber der Demokratie“``, not ``der Film „…“``)."""
    before = text[max(0, o - 40):o].split()
    return (len(before) >= 2 and before[-1] in ("der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer")
            and before[-2].strip(",").lower() not in _TITLE_NOUNS and not before[-2][:1].isupper())


def _after_motto(text: str, start: int) -> bool:
    before = text[max(0, start - 20):start - 1].split()
    return bool(before) and before[-1].strip(":").lower() in ("motto", "thema", "aufschrift", "slogan")


def _sentence_like(inner: str) -> bool:
    words = inner.split()
    return len(words) >= 5 and (inner[:1].isupper() or inner[:1] in "….")


#: The medium or body a statement was made to: ``gegenüber der „…“``.
_ADDRESSEE_RE = re.compile(r"\bgegenüber\s+(?:der|dem|den|des)\s+$")


def is_label(text: str, o: int, c: int, inner_start: int, inner_end: int) -> bool:
    """The marks hold a name of a thing or a label, not words someone said:
    a title (unless a speech cue stands by it, it is a slogan of three
    words or more, or reported speech goes on around it: "die Fraktion
    nehme das „zur Kenntnis“"), or a one- or two-word label ("„Twitter“",
    "„Austausch“") without a speech cue."""
    inner = text[inner_start:inner_end]
    if _ADDRESSEE_RE.search(text, max(0, o - 20), o) and inner[:1].isupper() and len(inner.split()) <= 6:
        return True  # "sagte gegenüber der „Allgemeinen Zeitung“": whom it was said to
    before = text[max(0, o - 40):o].split()
    if before and before[-1][:1].isupper() and noun_kind(before[-1]) in ("media", "organisation") \
            and inner[:1].isupper() and len(inner.split()) <= 6 and not _speech_cue_adjacent(text, o, c) \
            and opinion_holder(_mask_quotes(text[_sentence_start(text, o):o]), o - _sentence_start(text, o)) is None:
        return True  # "des Nachrichtenmagazins „Der Spiegel“", "Die Firma „…“": the body's name
    if _looks_like_title(text, inner_start, inner_end, inner) and not _speech_cue_adjacent(text, o, c) \
            and not (len(inner.split()) >= 3 and _SLOGAN_RE.search(text[max(0, o - 40):o])) \
            and not _said_in_sentence(text, o, c, inner):
        return True
    if _in_quote_list(text, o, c) and len(inner.split()) <= 5 and inner[:1].isupper() \
            and inner[-1:] not in ".!?…" and not _speech_cue_adjacent(text, o, c) \
            and not _spoken_sentence(text, o, c):
        return True  # "Gezeigt wurden „Der Pate“, „Casablanca“ und „Vom Winde verweht“": a list of titles
    return len(inner.split()) <= 2 and not _said(text, o, c, len(inner.split()) == 1)


_SLOGAN_WORD_RE = re.compile(r"\b(?:Parolen?|Sprüchen?|Sprechchören?|Slogans?|Rufen)\b")


def _spoken_sentence(text: str, o: int, c: int) -> bool:
    """The quote's sentence has a verb of saying or names slogans (``skandierten
    Parolen wie „…“ oder „…“``): quoted items in it may be words said."""
    s_start = _sentence_start(text, o)
    sent = _mask_quotes(text[s_start:_sentence_end(text, c)])
    return bool(SPEECH_VERB_RE.search(sent) or _SAY_RE.search(sent) or _SLOGAN_WORD_RE.search(sent))


def _said_in_sentence(text: str, o: int, c: int, inner: str) -> bool:
    """Words that look like a title but are said, by the sentence around
    them: reported speech ("die Fraktion nehme das „zur Kenntnis“"), or three
    words or more after a preposition in a sentence with a source cue ("war
    wegen „Probleme mit der Elektrizität“ ausgefallen, so ein Sprecher")."""
    s_start = _sentence_start(text, o)
    sent = _mask_quotes(text[s_start:_sentence_end(text, c)])
    if opinion_holder(sent, o - s_start) is not None:
        return True  # "… war für die Verbände „Wortbruch“"
    if (inner[:1].islower() or _after_bare_article(text, o) and not _ACRONYM_RE.search(inner)) \
            and "." not in inner and _SUBJ_RE.search(sent):
        return True
    before = text[max(0, o - 20):o].split()
    return (len(inner.split()) >= 3 and bool(before) and before[-1].lower() in _CUE_PREPOSITIONS
            and bool(_CTX_SO_RE.search(sent) or _CTX_LAUT_RE.search(sent) or _CTX_ZUFOLGE_RE.search(sent)))


#: Prepositions before words said in reported speech ("wegen „…“", "durch „…“").
_CUE_PREPOSITIONS = frozenset("wegen durch aufgrund trotz wie mit ohne".split())

def _said(text: str, o: int, c: int, one_word: bool = False) -> bool:
    """A speech cue for the quote at ``o``..``c``: a speech verb next to it,
    a colon before it, or a speech verb or reported-speech verb form in its
    sentence. A single word needs the cue right by it, or an ``als`` or
    article before it with a speech verb near (``als „übertrieben“
    bezeichnet``, ``einen „Verräter“ nannte``)."""
    if _speech_cue_adjacent(text, o, c):
        return True
    if text[max(0, o - 3):o].rstrip().endswith(":"):
        return True
    s_start = _sentence_start(text, o)
    sent = _mask_quotes(text[s_start:_sentence_end(text, c)])
    near = _mask_quotes(text[max(s_start, o - 120):min(len(text), c + 60)])
    if _in_speech_complement(sent[:o - s_start]) and not (one_word and _named_after_article(text, o)):
        # "X meinte, dass Y „dazugehörte“", "X teilte mit, Y „steht bereit“";
        # not a name in it: "stellte fest, dass … in der „Alex-Wache“ …"
        return True
    if _FUER_RE.search(sent):
        return True  # "Für den Minister ist die Lage „alarmierend“": the opinion holder's words
    if one_word and not _SUBJ_RE.search(sent):
        before = text[max(s_start, o - 60):o].split()
        # "nannte seinen Platzverweis „…“" (the words said after the object; "nennt „Twitter“" names one)
        named = any(_LABEL_CUE_RE.fullmatch(w.lower()) and not _MARK_RE.search(" ".join(before[i + 1:]))
                    for i, w in enumerate(before) if i >= len(before) - 6 and i < len(before) - 1)
        prev = before[-1] if before else ""
        return (named or prev == "als" or bool(_ARTICLE_RE.match(prev)) or prev in ("einen", "von", "vom")) \
            and bool(_LABEL_CUE_RE.search(near))
    if _SUBJ_RE.search(sent) or _CTX_LAUT_RE.search(sent) or _CTX_ZUFOLGE_RE.search(sent):
        return True
    # "… als „übertrieben“ bezeichnet", "nannte ihn einen „Verräter“"
    return bool(_LABEL_CUE_RE.search(near))


def _named_after_article(text: str, o: int) -> bool:
    """A capitalised word in marks right after an article: a name of a thing."""
    before = text[max(0, o - 20):o].split()
    return bool(before) and _ARTICLE_RE.match(before[-1]) is not None and text[o + 1:o + 2].isupper()


def _in_speech_complement(before: str) -> bool:
    """The text ``before`` a quote (in its sentence, quotes masked) ends in
    the complement clause of a speech verb: the verb, then a comma and the
    clause (``meinte X noch, dass Y``, ``teilte mit, Y``), with no sentence
    break, colon or second clause boundary in between."""
    for m in _COMPLEMENT_VERB_RE.finditer(before):
        rest = before[m.end():]
        comma = rest.find(",")
        if 0 <= comma <= 80 and not _CLAUSE_BREAK_RE.search(rest) and rest[comma + 1:].strip():
            return True
    # a split verb of saying: "führt der Bericht aus, …", "wies er darauf hin, dass …";
    # a view or conclusion: "sind 37 Prozent der Auffassung, dass …", "kam zu dem Schluss, …"
    for rx in (_SPLIT_SPEECH_RE, _VIEW_RE, _STANCE_RE):
        m = None
        for m in rx.finditer(before):
            pass
        if m is not None and not _CLAUSE_BREAK_RE.search(before[m.end():]) and bool(before[m.end():].strip()):
            return True
    return False


_CLAUSE_BREAK_RE = re.compile(r"[;:]|,[^,]*,|\b(?:und|oder|aber|sondern)\s+[a-zäöüß]+(?:te|t)\b")
_LIST_BEFORE_RE = re.compile(r"(?:[“”\"«»]\s*(?:,|und|oder|sowie)|\bwie)\s*$")
_LIST_AFTER_RE = re.compile(r"^\s*(?:,|und|oder|sowie)\s*[„»\"“]")


def _in_quote_list(text: str, o: int, c: int) -> bool:
    """The quote is an item of a list of quoted names (``Themen wie „…“,
    „…“``, ``„…“ und „…“``): titles, not words said."""
    return bool(_LIST_BEFORE_RE.search(text[max(0, o - 12):o]) or _LIST_AFTER_RE.match(text[c + 1:c + 12]))
