"""The lexicon's records: german-nouns rows folded into one record a key (the layout of
:mod:`.lexmap`), and a read-only view of one of their fields."""
from __future__ import annotations

from typing import Iterable

from . import lexmap
from .folding import _lfold


def _build_records(rows: Iterable[tuple[str, str, Iterable[str], bool]]) -> dict[str, tuple]:
    """folded key -> (lemmas of the form, genders of the lemma, lowercase lemma, verb stem,
    short_ok) from german-nouns rows (lemma, genus, inflected forms, has a plural): every
    fact the lexicon keeps, one record a key (the layout of :mod:`.lexmap`)."""
    genus: dict[str, str] = {}
    lemma_of: dict[str, str] = {}  # folded lemma -> lowercase lemma
    verb_stems: dict[str, str] = {}
    short_ok: set[str] = set()  # three-letter lemmas that decline (Tat, Bus, Rad)
    forms: dict[str, list[str]] = {}
    for lemma, gen, inflected, has_plural in rows:
        low = lemma.lower()
        lf = _lfold(low)
        if len(lf) < 3:
            continue
        genus[lf] = genus.get(lf, "") + gen
        lemma_of.setdefault(lf, low)
        if len(lf) == 3 and has_plural:
            short_ok.add(lf)
        if gen == "n" and lf.endswith("en") and len(lf) >= 6:
            verb_stems.setdefault(lf[:-2], low[:-2])  # das Fahren -> fahr(rad)
        for form in {lf, *(_lfold(x) for x in set(inflected))}:
            if len(form) >= 3 and form.isalpha():
                lst = forms.setdefault(form, [])
                if low not in lst:
                    lst.append(low)
    records = {}
    for key in {*forms, *genus, *verb_stems, *short_ok}:
        v = forms.get(key)
        if v is not None and len(v) > 1:
            # A form that is itself a lemma reads as that lemma first (haus: Haus, not Hau).
            v = sorted(v, key=lambda lemma, k=key: _lfold(lemma) != k)
        records[key] = (tuple(v) if v is not None else None, genus.get(key), lemma_of.get(key),
                        verb_stems.get(key), key in short_ok)
    return records


class _View:
    """One field of the lexicon's records as a read-only mapping (``lex.forms.get(f)``,
    ``f in lex.verb_stems``): for code outside the lexicon and for tests."""

    def __init__(self, records: "lexmap.Records", field: int):
        self._records, self._field = records, field

    def get(self, key, default=None):
        value = self._records[key][self._field]
        return default if value is None or value is False else value

    def __contains__(self, key) -> bool:
        value = self._records[key][self._field]
        return value is not None and value is not False

    def __getitem__(self, key):
        value = self._records[key][self._field]
        if value is None or value is False:
            raise KeyError(key)
        return value

    def items(self):
        """Every (key, value) of this field (for tools: reads the whole table)."""
        for key in self._records.table.keys():
            value = self._records.table.get(key)[self._field]
            if value is not None and value is not False:
                yield key, value
