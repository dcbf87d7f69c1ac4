"""The query text as tokens: fields, phrases, parentheses, operators, negations and words."""
from __future__ import annotations

import re

from ..errors import QueryError

# A token of the query text. Order matters: phrases, parens, words.
_TOKEN = re.compile(
    r"""
    \s*(?:
      (?P<field>[^\W\d_]+):(?!in(?:nen)?\b)  # field: (not Mitarbeiter:innen)
    | (?P<quote>["„“”])
    | (?P<lparen>\()
    | (?P<rparen>\))
    | (?P<word>[^\s()"„“”]+)
    )""",
    re.VERBOSE,
)
_OPERATORS = {"AND", "OR", "NOT"}
_FUZZY = re.compile(r"(.+?)~([0-9]*)")
_CLOSE_QUOTE = re.compile(r'["“”]')
_BLANK_REST = re.compile(r"\s*\Z")
_GROUP_STARTS = ("(", '"', "„", "“", "”")  # -(group) and -"phrase" are negations


def _lex(text: str) -> list[tuple[str, str]]:
    """Split the query into (kind, value) tokens; kinds: field, phrase, (, ), op, word, neg."""
    tokens: list[tuple[str, str]] = []
    pos = 0
    n = len(text)
    while pos < n:
        if _BLANK_REST.match(text, pos):
            break
        m = _TOKEN.match(text, pos)
        if not m:  # pragma: no cover - the word alternative matches anything else
            raise QueryError(f"Cannot read the query at {text[pos:]!r}.", text)
        pos = m.end()
        if m["field"]:
            tokens.append(("field", m["field"]))
        elif m["quote"]:
            close = _CLOSE_QUOTE.search(text, pos)
            if not close:
                raise QueryError(
                    f'Unbalanced quotation mark in {text.strip()!r}: end the phrase with a second " '
                    f'(e.g. "soziale Arbeit") or remove the quotation mark.',
                    text,
                )
            tokens.append(("phrase", text[pos : close.start()]))
            pos = close.end()
        elif m["lparen"]:
            tokens.append(("(", "("))
        elif m["rparen"]:
            tokens.append((")", ")"))
        else:
            w = m["word"]
            if w in _OPERATORS:
                tokens.append(("op", w))
            elif w.startswith("-") and (len(w) > 1 or text[m.end() : m.end() + 1] in _GROUP_STARTS):
                tokens.append(("neg", "-"))
                rest = w[1:]
                # -"phrase" / -(group) / -title:x: re-lex the remainder
                pos = m.end() - len(rest)
            elif w.strip("-–—") == "":
                continue  # a lone dash between words ("Arbeit - Soziales") means nothing
            elif w.strip("*") == "":
                continue  # "*" alone means any release: the same as no word at all
            else:
                tokens.append(("word", w))
    return tokens
