"""Gender forms: gender-marked words (Lehrer*innen, MitarbeiterInnen) made one form, feminine plurals made singular."""
from __future__ import annotations

import re

# Roots ending in -inn whose forms end in -innen without being feminine plurals.
_INN_WORDS = ("gewinnen", "beginnen", "spinnen", "besinnen", "nachsinnen", "entrinnen", "zerrinnen")


def _feminine_plural_to_singular(w: str) -> str:
    """'polizistinnen' -> 'polizistin'; 'gewinnen', 'dachrinnen' unchanged."""
    if len(w) >= 8 and w.endswith("innen") and not w.endswith(_INN_WORDS):
        if w.endswith("rinnen") and w[-7] not in "aeiouäöü":
            return w  # Rinne: Dachrinnen, Regenrinnen
        return w[:-3]
    return w


_GENDER_MARK = re.compile(r"(?:[*:_]|/-?)(in(?:nen)?)$")
_BINNEN_I = re.compile(r"(?<=[a-zäöüß])(In(?:nen)?)$")


def _gender_neutral(word: str) -> str:
    """'Lehrer*innen', 'Mitarbeiter:innen', 'MitarbeiterInnen' -> 'Lehrer*innen' form."""
    if "In" not in word and word.isalnum():
        return word
    m = _GENDER_MARK.search(word)
    if m:
        return word[: m.start()] + "*" + m.group(1)
    m = _BINNEN_I.search(word)
    if m and len(word) - len(m.group(1)) >= 3:
        return word[: m.start()] + "*" + m.group(1).lower()
    return word
