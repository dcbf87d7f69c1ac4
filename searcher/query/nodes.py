"""The syntax tree of a query (words, phrases, NOT, OR, AND), its fields, and
reading its top level.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

@dataclass(frozen=True)
class Word:
    """A word, prefix (``kind="prefix"``) or fuzzy word (``kind="fuzzy"``)."""

    text: str
    field: Optional[str] = None  # user field name (title, issuer, person, quote) or None
    kind: str = "word"
    maxdist: int = 1


@dataclass(frozen=True)
class Phrase:
    text: str
    field: Optional[str] = None


@dataclass(frozen=True)
class Not:
    node: "Node"


@dataclass(frozen=True)
class Or:
    nodes: tuple["Node", ...]


@dataclass(frozen=True)
class And:
    """A conjunction. ``explicit`` is True when the user wrote AND (no relaxing)."""

    nodes: tuple["Node", ...]
    explicit: bool = False


Node = Union[Word, Phrase, Not, Or, And]

# user field name -> Whoosh fields
FIELDS = {
    "title": ("title",),
    "issuer": ("issuer",),
    "person": ("person",),
    "quote": ("quotes",),
}
DEFAULT_FIELDS = ("title", "subtitle", "body", "quotes")
TEXT_FIELDS = ("title", "subtitle", "body", "quotes")
FIELD_LIST = "title, issuer, person, quote"


def top_clauses(node: Optional[Node]) -> tuple[list[Node], list[Node], bool]:
    """Split a tree into (positive clauses, negated clauses, explicit AND) at the top level."""
    if node is None:
        return [], [], False
    if isinstance(node, And):
        pos = [n for n in node.nodes if not isinstance(n, Not)]
        neg = [n for n in node.nodes if isinstance(n, Not)]
        return pos, neg, node.explicit
    if isinstance(node, Not):
        return [], [node], False
    return [node], [], False


def query_words(node: Optional[Node]) -> list[Word]:
    """Plain (not prefix/fuzzy), non-negated words of a tree, for did-you-mean."""
    out: list[Word] = []
    if node is None or isinstance(node, Not):
        return out
    if isinstance(node, Word):
        if node.kind == "word" and (node.field in (None, "title", "quote")):
            out.append(node)
    elif isinstance(node, (And, Or)):
        for n in node.nodes:
            out.extend(query_words(n))
    return out
