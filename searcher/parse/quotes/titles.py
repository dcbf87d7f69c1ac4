"""Names of things in quotation marks (titles, programmes, labels): no quotes
unless a speech cue stands right by them."""
from __future__ import annotations

import re

from .vocabulary import (
    SPEECH_VERB_RE, _AFTER_RE, _ARTICLE_RE, _OF_WORDS, _SPOKE_OF_RE, _SPOKE_PREP, _TITLE_NOUNS, _TITLE_SMALL,
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
    before = text[max(0, o - 60):o].split()[-7:]
    if before and _ARTICLE_RE.match(before[-1]):
        before = before[:-1]
    # "sprachen in diesem Zusammenhang von „…“": a preposition right before
    return (len(before) >= 2 and before[-1].lower() in _SPOKE_PREP
            and any(_SPOKE_OF_RE.fullmatch(w.lower()) for w in before[:-1]))


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
