"""Fragments and renderers: pure functions over text and spans."""
from __future__ import annotations

import pytest

from searcher.models import Snippet
from searcher.snippets import (
    fragments,
    lead,
    merge_spans,
    render_html,
    render_plain,
    render_terminal,
    sentences,
)


def spans_of(text, *words):
    out = []
    for w in words:
        i = text.index(w)
        out.append((i, i + len(w)))
    return out


def marked(s: Snippet):
    return [s.text[a:b] for a, b in s.highlights]


def test_sentences_skip_abbreviations_ordinals_and_initials():
    text = "Am 27. Januar sprach Dr. Müller in Dresden. Er sagte z. B. Folgendes! Und dann? Im Jahr 2023. Ende"
    got = [text[s:e] for s, e in sentences(text)]
    assert got == [
        "Am 27. Januar sprach Dr. Müller in Dresden.",
        "Er sagte z. B. Folgendes!",
        "Und dann?",
        "Im Jahr 2023.",
        "Ende",
    ]


def test_sentences_split_at_paragraphs_and_quotes():
    text = "Sie sagte: „Wir helfen.“ Dann ging sie.\n\nNeuer Absatz ohne Punkt\n\nLetzter"
    got = [text[s:e] for s, e in sentences(text)]
    assert got == ["Sie sagte: „Wir helfen.“", "Dann ging sie.", "Neuer Absatz ohne Punkt", "Letzter"]


def test_merge_spans():
    assert merge_spans([(5, 9), (0, 3), (2, 4), (9, 12), (20, 20)]) == [(0, 4), (5, 12)]


def test_fragment_is_the_best_sentence_widened_to_about_200_chars():
    text = (
        "Erster Satz ohne Treffer steht hier. "
        "Die Integration gelingt. "
        "Dritter Satz folgt. "
        + "Füllsatz. " * 30
        + "Integration und Teilhabe sind wichtig für die Teilhabe."
    )
    frags = fragments(text, spans_of(text, "Integration gelingt", "Integration und", "Teilhabe"))
    assert len(frags) == 2
    assert [f.field for f in frags] == ["body", "body"]
    assert frags[0].text.startswith("Die Integration gelingt. Dritter Satz folgt.")
    assert len(frags[0].text) <= 260
    assert marked(frags[0]) == ["Integration gelingt"]
    assert marked(frags[1]) == ["Integration und", "Teilhabe"]


def test_fragments_are_in_text_order_and_at_most_three():
    sents = [f"Satz {i} nennt das Wort Pflege." if i % 2 else f"Satz {i} ist leer." for i in range(12)]
    text = " ".join(sents)
    spans = [(i, i + 6) for i in range(len(text)) if text.startswith("Pflege", i)]
    frags = fragments(text, spans)
    assert 1 <= len(frags) <= 3
    starts = [text.index(f.text) for f in frags]
    assert starts == sorted(starts)
    assert all(marked(f) and set(marked(f)) == {"Pflege"} for f in frags)


def test_long_sentence_is_cut_around_the_match_with_ellipses():
    text = "Anfang " + "sehr langer Satz " * 20 + "mit dem Wort Integration " + "und noch mehr Text " * 20 + "zum Ende."
    (frag,) = fragments(text, spans_of(text, "Integration"))
    assert frag.text.startswith("… ") and frag.text.endswith(" …")
    assert len(frag.text) <= 260
    assert marked(frag) == ["Integration"]


def test_whitespace_runs_become_one_space_and_offsets_follow():
    text = "Die Pflege\nin  Sachsen ist gut.\n\nDie Pflege\tin Sachsen hilft."
    (frag,) = fragments(text, spans_of(text, "Sachsen", "hilft"))
    assert frag.text == "Die Pflege in Sachsen ist gut. Die Pflege in Sachsen hilft."
    assert marked(frag) == ["Sachsen", "hilft"]


def test_no_spans_no_fragments():
    assert fragments("Text.", []) == []


def test_lead():
    text = "Erster Satz. Zweiter Satz. Dritter " + "x" * 300 + "."
    assert lead(text) == Snippet("Erster Satz. Zweiter Satz.", (), "body")
    assert lead("   ") is None
    long = "Wort " * 100
    assert lead(long).text.endswith("…") and len(lead(long).text) <= 260


# -- renderers ----------------------------------------------------------------


SNIP = Snippet('A <b> & "Integration" & Teilhabe', ((9, 20), (24, 32)))


def test_render_plain_is_the_text():
    assert render_plain(SNIP) == SNIP.text == SNIP.to_plain()


def test_render_html_escapes_everything():
    assert render_html(SNIP) == (
        "A &lt;b&gt; &amp; &quot;<mark>Integration</mark>&quot; &amp; <mark>Teilhabe</mark>"
    )
    assert SNIP.to_html() == render_html(SNIP)


def test_render_terminal_colour_and_no_colour(monkeypatch):
    coloured = render_terminal(SNIP, color=True)
    assert coloured == 'A <b> & "\x1b[1;33mIntegration\x1b[0m" & \x1b[1;33mTeilhabe\x1b[0m'
    assert render_terminal(SNIP, color=False) == SNIP.text
    monkeypatch.setenv("NO_COLOR", "1")
    assert render_terminal(SNIP) == SNIP.text
    assert SNIP.to_terminal() == SNIP.text
    monkeypatch.delenv("NO_COLOR")
    # pytest captures stdout: not a terminal, so plain
    assert render_terminal(SNIP) == SNIP.text


def test_render_terminal_when_stdout_is_a_tty(monkeypatch):
    class Tty:
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr("sys.stdout", Tty())
    assert "\x1b[1;33m" in render_terminal(SNIP)
    monkeypatch.setenv("NO_COLOR", "")  # empty means unset (no-color.org)
    assert "\x1b[1;33m" in render_terminal(SNIP)


def test_render_terminal_neutralises_control_characters():
    s = Snippet("bad \x1b[31m text", ((10, 14),))
    # a visible marker where the escape was, so the reader sees something was there
    assert render_terminal(s, color=False) == "bad \u241b[31m text"
    assert "\x1b[31m" not in render_terminal(s, color=True)


HOSTILE = "t\x1b]52;c;ZXZpbA==\x07 \x1b[2J w\x9b31m \x85 \x7f x\x00"


@pytest.mark.parametrize("color", [False, True])
def test_render_terminal_shows_c0_and_c1_controls_as_markers(color):
    s = Snippet(HOSTILE, ((0, 1),))
    out = render_terminal(s, color=color)
    raw = [c for c in out if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F]
    # only the colour codes searcher adds itself remain
    assert "".join(raw) == ("\x1b\x1b" if color else "")
    assert "\u241b]52;c;ZXZpbA==\u2407" in out and "\ufffd31m" in out


def test_printable_keeps_line_breaks_and_tabs_unless_told():
    from searcher.snippets import printable

    assert printable("a\tb\nc\x1bd") == "a\tb\nc\u241bd"
    assert printable("a\tb\nc", keep="") == "a\u2409b\u240ac"
    assert printable("Köpping – „Zitat“") == "Köpping – „Zitat“"


@pytest.mark.parametrize("spans", [((0, 100),), ((5, 3),), ((2, 6), (4, 8))])
def test_renderers_survive_odd_spans(spans):
    s = Snippet("abcdefgh", spans)
    assert render_html(s).replace("<mark>", "").replace("</mark>", "") == "abcdefgh"
