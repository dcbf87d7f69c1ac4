"""The compound-head back-off: a rare compound typed as the first query word
also finds releases with only its head, last and related, each with every
other word of the query (``Geldtransporter Überfall``: ``Transporter`` and
``Überfall``; ``Strassenrennen`` alone: ``Kraftfahrzeugrennen``)."""
from __future__ import annotations

from typing import Callable, Optional


def backoff_stage(docs, reader, builder, pos: list, first_node, base, in_base: Callable, matched) -> Optional[tuple]:
    """The back-off stage ``(clauses, docs matched so far)`` after ``matched``
    (the docs of the stages before), or None when the first word is no
    compound (query.Builder.head_backoff) or no release has its head with the
    other words. Its releases are scored by the head, the modifier and the
    other words; the head is marked in snippets."""
    from ..query import Builder

    head = builder.head_backoff(first_node, reader)
    if head is None:
        return None
    head_q, mod_q = head
    # the first word's own clause, built apart (the builder's leaves stay as they are)
    first = Builder(builder.schema, builder.vocab).build(first_node)
    others = [q for q in pos if q != first]
    got = in_base(docs.of(head_q, base))
    for q in others:
        if not got:
            break
        got = got & docs.of(q, got)
    got = got - matched
    if not got:
        return None
    builder.leaves.extend(head_q.subqueries)  # mark the head in snippets
    return [head_q, mod_q] + others, matched | got
