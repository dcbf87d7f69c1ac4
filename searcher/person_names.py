"""When does a person filter value match a quoted person's name?

Names grow and shrink between releases: ``Slowik``, ``Barbara Slowik`` and,
after a marriage, ``Barbara Slowik Meisel`` are one person. A filter value
matches a name when its words stand together in the name (``Slowik`` and
``Slowik Meisel`` find ``Barbara Slowik Meisel``), or when the name's words
stand together in the value (``Barbara Slowik Meisel`` finds ``Barbara
Slowik`` and ``Slowik``) - except a bare first name, which alone identifies no
one (``Barbara`` does not find ``Barbara Slowik``, nor ``Barbara Slowik`` a
quote of just ``Barbara``).
Both sides are folded keys with single spaces (``searcher.schema.person_key``).
"""
from __future__ import annotations


def _run_in(part: list[str], whole: list[str]) -> bool:
    """``part`` occurs in ``whole`` as consecutive words."""
    k = len(part)
    return 0 < k <= len(whole) and any(whole[i:i + k] == part for i in range(len(whole) - k + 1))


def name_matches(value: str, name: str) -> bool:
    """True when the filter ``value`` names the person ``name`` (both folded keys)."""
    v, n = value.split(), name.split()
    if not v or not n:
        return False
    if _run_in(v, n):
        return not (len(n) > 1 and v == n[:1])
    return _run_in(n, v) and not (len(v) > 1 and n == v[:1])


__all__ = ["name_matches"]
