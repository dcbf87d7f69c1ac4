"""The query language and the date bounds of --from / --to."""
from __future__ import annotations

import datetime as dt

import pytest

from searcher.errors import QueryError, UsageError
from searcher.query import (
    And,
    Not,
    Or,
    Phrase,
    Word,
    literal_query,
    parse_date_bound,
    parse_literal,
    parse_query,
)


# -- dates ------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, start, end",
    [
        ("2023-01-27", dt.date(2023, 1, 27), dt.date(2023, 1, 27)),
        ("27.01.2023", dt.date(2023, 1, 27), dt.date(2023, 1, 27)),
        ("27.1.2023", dt.date(2023, 1, 27), dt.date(2023, 1, 27)),
        ("2023-01", dt.date(2023, 1, 1), dt.date(2023, 1, 31)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("01.2023", dt.date(2023, 1, 1), dt.date(2023, 1, 31)),
        ("2.2023", dt.date(2023, 2, 1), dt.date(2023, 2, 28)),
        ("2023", dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        (" 2023-12-31 ", dt.date(2023, 12, 31), dt.date(2023, 12, 31)),
    ],
)
def test_date_bound_forms(value, start, end):
    assert parse_date_bound(value, end=False) == start
    assert parse_date_bound(value, end=True) == end


def test_date_bound_passes_dates_through():
    d = dt.date(2023, 5, 1)
    assert parse_date_bound(d, end=True) is d


@pytest.mark.parametrize("value", ["2023-02-30", "2023-13", "31.02.2023", "abc", "", "13.2023", "2023-1-32"])
def test_impossible_date_is_a_usage_error_naming_value_and_forms(value):
    with pytest.raises(UsageError) as exc:
        parse_date_bound(value, end=False)
    assert str(exc.value) == (
        f'Invalid date "{value}": use YYYY-MM-DD, DD.MM.YYYY, YYYY-MM, MM.YYYY or YYYY '
        "(e.g. 2023-01-27, 27.01.2023, 2023-01, 2023)."
    )


# -- parsing ----------------------------------------------------------------


def test_plain_words_are_an_implicit_conjunction():
    assert parse_query("Integration Sachsen") == And((Word("Integration"), Word("Sachsen")))
    assert parse_query("  ") is None


def test_operators():
    assert parse_query("a AND b") == And((Word("a"), Word("b")), explicit=True)
    assert parse_query("a OR b c") == And((Or((Word("a"), Word("b"))), Word("c")))
    assert parse_query("a -b NOT c") == And((Word("a"), Not(Word("b")), Not(Word("c"))))
    assert parse_query('"soziale Arbeit" x') == And((Phrase("soziale Arbeit"), Word("x")))
    assert parse_query("„soziale Arbeit“") == Phrase("soziale Arbeit")
    assert parse_query("integr*") == Word("integr", kind="prefix")
    assert parse_query("Polizai~") == Word("Polizai", kind="fuzzy")
    assert parse_query("Polizai~2") == Word("Polizai", kind="fuzzy", maxdist=2)
    assert parse_query("(a OR b) c") == And((Or((Word("a"), Word("b"))), Word("c")))


def test_field_scoping():
    assert parse_query("title:Kita") == Word("Kita", "title")
    assert parse_query('quote:"wir schaffen"') == Phrase("wir schaffen", "quote")
    assert parse_query("Person:Vogel") == Word("Vogel", "person")
    assert parse_query("issuer:(SMS OR SMK)") == Or((Word("SMS", "issuer"), Word("SMK", "issuer")))
    assert parse_query("-title:Kita") == Not(Word("Kita", "title"))


def test_words_that_look_like_syntax_stay_words():
    assert parse_query("Mitarbeiter:innen") == Word("Mitarbeiter:innen")
    assert parse_query("10:30") == Word("10:30")
    assert parse_query("Arbeit - Soziales") == And((Word("Arbeit"), Word("Soziales")))
    assert parse_query("Covid-19") == Word("Covid-19")
    assert parse_query("and or not") == And((Word("and"), Word("or"), Word("not")))


@pytest.mark.parametrize(
    "text, message",
    [
        ("foo:bar", 'Unknown field "foo"; possible fields: title, issuer, person, quote'),
        (
            '"soziale Arbeit',
            "Unbalanced quotation mark in '\"soziale Arbeit': end the phrase with a second \" "
            '(e.g. "soziale Arbeit") or remove the quotation mark.',
        ),
        (
            "Integration AND",
            'AND needs a word on both sides: write "Integration AND Sachsen" '
            '(or "and" in lower case to search for the word).',
        ),
        (
            "AND Integration",
            'AND needs a word on both sides: write "Integration AND Sachsen" '
            '(or "and" in lower case to search for the word).',
        ),
        (
            "Integration OR",
            'OR needs a word on both sides: write "Integration OR Inklusion" '
            '(or "or" in lower case to search for the word).',
        ),
        (
            "OR Integration",
            'OR needs a word on both sides: write "Integration OR Inklusion" '
            '(or "or" in lower case to search for the word).',
        ),
        (
            "Integration NOT",
            'NOT needs a word after it: write "Integration NOT Sachsen" or "Integration -Sachsen" '
            '(or "not" in lower case to search for the word).',
        ),
        ("(Kita OR Schule", 'Unbalanced parenthesis: "(" is never closed. Add ")" after the group or remove "(".'),
        ("Kita)", 'Unbalanced parenthesis: ")" has no matching "(". Remove it or add "(" before the group.'),
        ("title:", '"title:" needs a word after it, e.g. title:Integration'),
        ("a*", 'Prefix "a*" is too short: write at least 2 letters before "*".'),
        ("In*te*", 'Wildcards only work at the end of a word: write "In*".'),
        ("Pol*zei", 'Wildcards only work at the end of a word: write "Pol*".'),
        ("Kita~3", 'Fuzzy distance in "Kita~3" must be 1 or 2, e.g. Kita~ or Kita~2'),
        ('""', 'Empty phrase "": put words between the quotation marks or remove them.'),
    ],
)
def test_syntax_errors_say_what_to_write_instead(text, message):
    with pytest.raises(QueryError) as exc:
        parse_query(text)
    assert str(exc.value) == message
    assert exc.value.query == text
    assert exc.value.exit_code == 2


def test_literal_fallback_reads_words_only():
    assert literal_query('"soziale Arbeit') == "soziale Arbeit"
    assert literal_query("foo:bar (Kita OR") == "foo bar Kita or"
    assert literal_query("Integration AND") == "Integration and"
    assert literal_query("-Sachsen Pol*zei~") == "Sachsen Pol zei"
    assert parse_literal('"soziale Arbeit') == And((Word("soziale"), Word("Arbeit")))
    assert parse_literal('"') is None
    for text in ['"soziale Arbeit', "foo:bar (Kita OR", "Integration AND", "a*", "NOT"]:
        parse_query(literal_query(text))  # never raises


def test_a_word_analysed_to_several_tokens_needs_every_position():
    from searcher.query import Builder
    from searcher.schema import build_schema

    b = Builder(build_schema())
    q = b.build(Word("IQ-Netzwerk", "title"))
    tokens = b.analyse("title", "IQ-Netzwerk")
    positions = {p for _, p in tokens}
    # one group per position, alternatives at a position are ORed
    assert len(getattr(q, "subqueries", [q])) == len(positions) or len(positions) == 1
    assert {t.text for t in b.leaves} == {t for t, _ in tokens}
