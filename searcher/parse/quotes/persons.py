"""Which speakers are persons: the test that keeps places, vehicles, buildings,
organisations and stray capitalised words out of ``persons_quoted``, and the
kind each speaker is given. A mixin of :class:`.extraction.QuoteExtractor`; it
reads the release's names through ``self._names`` and ``self._known`` (the
registry :class:`.coreference.Coreference` builds on first use)."""
from __future__ import annotations

from typing import Optional

from .coreference import thing_kind
from .phrases import Speaker, _after_role
from .word_class import may_be_name
from .speakers import common_run, common_word, lexicon_noun, named_after_place, names_thing, noun_kind, phrase_kind
from .vocabulary import _FRONT_ADVERB, _FUNCTION_WORDS, _NOT_NAME_END_RE, _NOT_PERSON, _PLACE_END_RE


class SpeakerTypes:
    """``speaker_kind``, ``is_person`` and the name check they share."""

    def speaker_kind(self, sp: Speaker) -> str:
        """``person``, ``role``, ``organisation``, ``media``, ``document``,
        ``pronoun`` or ``""`` (see :class:`searcher.models.Quote`)."""
        if sp.name:
            thing = thing_kind(sp.name)
            if thing is not None:
                return thing
            if self.is_person(sp.name, sp.role):
                return "person"
            return noun_kind(sp.name.split()[-1]) or ""
        return phrase_kind(sp.phrase) or ""

    def _name_ok(self, name: str, role: Optional[str] = None) -> bool:
        """A name that names no thing (``Ortsteil Karlshorst``, ``Opel Corsa``)
        and, when it is one word the release writes in no full name and after
        no role or title, no adverb, conjunction or adjective (``Stadtweit``,
        ``Bevor``, ``Zwischenzeitlich`` are no names)."""
        toks = name.split()
        if names_thing(toks[0]) or any(_PLACE_END_RE.search(t.lower()) for t in toks[1:]):
            return False
        if len(toks) > 1 and len(toks[0]) >= 9 and toks[0].endswith("es"):
            return False  # a genitive noun before a name: "Flughafengeländes Tempelhof"
        if any(t in ("der", "den", "dem", "des") and (i == 0 or toks[i - 1].lower() not in ("von", "van", "vom"))
               for i, t in enumerate(toks)):
            return False  # "Rahmen der Unfallaufnahme", "Uhr den Notruf"
        if len(toks) == 2 and any(t.endswith("s") and t[:-1].lower() in self._known for t in toks):
            return False  # a genitive of a person and a noun: "Gaddafis Tod", "Rücktritt Nixons"
        if len(toks) == 2 and any(t.endswith("s") and len(t) > 3 and lexicon_noun(toks[1 - i]) and self._names.written(t[:-1])
                                  for i, t in enumerate(toks)):
            return False  # the genitive of a word the release writes, and a noun: "Trotz Gaddafis Tod"
        if named_after_place(toks):
            return False  # "Eintracht Frankfurt", "Bayern München": a team or body of a place
        if common_run(toks):
            return False  # "Wiener Linien", "Erste Tests": words of the language, no name
        if len(toks) > 1 or toks[0].lower() in self._known or _after_role(role):
            return True
        low = toks[0].lower()
        return not (low in _FRONT_ADVERB or low in _NOT_PERSON or low in _FUNCTION_WORDS
                    or _NOT_NAME_END_RE.search(low) or common_word(toks[0]) or not may_be_name(toks[0]))

    def is_person(self, speaker: Optional[str], role: Optional[str] = None) -> bool:
        if not speaker or not self._names.is_name(speaker) or not self._name_ok(speaker, role):
            return False
        toks = speaker.split()
        if any(t.lower() in _FRONT_ADVERB or t.lower() in _NOT_PERSON or _PLACE_END_RE.search(t.lower()) for t in toks):
            return False
        first = toks[0].lower()
        if len(toks) > 1 and len(first) >= 8 and first.endswith(("en", "ens")):
            return False  # a verb as a noun: "Zündens von Pyrotechnik", "Einschreiten von …"
        if len(toks) == 1:
            # a bare surname counts when the release names the person in full,
            # or when a role or title stands right before it ("Innensenator Geisel")
            if first in self._known:
                return True
            return _after_role(role)
        return speaker.lower() in self._names.full_names() or toks[0].lower() in self._known
