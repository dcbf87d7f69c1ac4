"""Who a role noun stands for: ``der Bundespräsident`` after ``Bundespräsident
Horst Köhler`` is Horst Köhler.

The release introduces people with their role right before the name
(``Innensenatorin Iris Spranger``, ``Berlins Polizeipräsidentin Barbara
Slowik``); later sentences often use the role alone. :class:`RoleIndex`
remembers each role word with the person it introduced and answers a later
role phrase with that person, when exactly one person holds a matching role.
A role matches when it ends with the phrase's head (``Innenministerin`` for
``die Ministerin``); the female and male forms differ in their ending, so
``die Ministerin`` never resolves to an ``Innenminister``.
"""
from __future__ import annotations

from typing import Optional

#: At most this many role introductions are kept per release.
MAX_ROLES = 200


def gender_of(word: str) -> Optional[str]:
    """``"f"`` or ``"m"`` for a form of address or role word written before a
    name (``Frau``, ``Innensenatorin``; ``Herr``, ``Innensenator``), else None."""
    w = word.strip(",.;:").lower()
    if not w:
        return None
    if w == "frau":
        return "f"
    if w in ("herr", "herrn"):
        return "m"
    from . import ROLE_RE  # the role vocabulary lives with the phrase reader

    if not ROLE_RE.search(w):
        return None
    return "f" if w.endswith(("in", "innen")) else "m"


class RoleIndex:
    """Role words written right before a full name, in text order."""

    def __init__(self) -> None:
        self._entries: list[tuple[str, str]] = []  # (role lower case, name)
        self._roles: dict[str, str] = {}  # name -> role as written

    def add(self, role: str, name: str) -> None:
        if len(self._entries) >= MAX_ROLES or not role or not name:
            return
        self._entries.append((role.lower(), name))
        self._roles.setdefault(name, role)

    def role_of(self, name: str) -> Optional[str]:
        return self._roles.get(name)

    def resolve(self, head: str) -> Optional[tuple[str, str]]:
        """(name, role) of the one person whose role ends with ``head``, or None
        when no one or more than one person does."""
        h = head.lower()
        if len(h) < 4:
            return None
        names = {name for role, name in self._entries if role.endswith(h)}
        if len(names) != 1:
            return None
        name = names.pop()
        return name, self._roles[name]


__all__ = ["RoleIndex", "gender_of"]
