"""Mechanism coverage of quote attribution on sentences written for it (no corpus text).

    python bench/quotes_probe.py            # passed / all per mechanism
    python bench/quotes_probe.py -v         # also every sentence that fails, with the speaker given

Each probe is a short release: a first quote by another person (whom a quote
without its own cue would wrongly inherit), then one sentence of the shape under
test, with the speaker it must get (a substring of the speaker shown). The groups
follow issue 13's mechanisms: verbs of saying in both word orders (every verb in
four shapes), source cues without a verb, role nouns and pronouns resolved to the
person named before, and names of things that are no quotes (no speaker expected).
The sentences were written from German grammar, not taken from the wikinews splits,
so the figures say which shapes the rules cover, not how often each occurs.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from searcher.parse.quotes import QuoteExtractor  # noqa: E402

LEAD = "„Wir sind bereit“, sagte Peter Krause. "
QUOTE = "Die Lage ist ernst und bedrohlich für alle"

#: Verbs of saying as ``past[:particle]``: common ones, split (particle) verbs, rarer ones.
VERBS = """sagte erklärte betonte meinte warnte kritisierte forderte bekräftigte versicherte bestätigte
berichtete mahnte klagte beklagte bemängelte lobte dementierte bestritt räumte:ein wies:hin kündigte:an
fügte:hinzu gab:zu teilte:mit führte:aus stellte:klar unterstrich erläuterte ergänzte antwortete entgegnete
widersprach verkündete behauptete befürchtete vermutete argumentierte beteuerte appellierte schrieb twitterte
monierte wetterte schimpfte spottete jubelte konstatierte strich:heraus sicherte:zu warf:vor hielt:entgegen
merkte:an stellte:fest wandte:ein gab:bekannt legte:nach schob:nach fasste:zusammen hob:hervor deutete:an
verurteilte meldete bat veröffentlichte verlautbarte schlug:vor pochte:darauf machte:deutlich versprach
bekannte erwiderte ermahnte beschwichtigte bekundete gelobte prophezeite verriet enthüllte offenbarte
vertraute:an prangerte:an""".split()

SOURCES = [
    (f"„{QUOTE}“, heißt es in einer Mitteilung des Bauamts.", "Bauamt"),
    (f"In einer Mitteilung des Bauamts heißt es: „{QUOTE}.“", "Bauamt"),
    (f"„{QUOTE}“, hieß es aus dem Rathaus.", "Rathaus"),
    (f"Laut dem Innenministerium ist die Lage „angespannt, aber unter Kontrolle“.", "Innenministerium"),
    (f"Dem Innenministerium zufolge ist die Lage „angespannt, aber unter Kontrolle“.", "Innenministerium"),
    (f"Nach Angaben der Polizei war der Täter „bewaffnet und sehr gefährlich“.", "Polizei"),
    (f"Nach Worten von Innenministerin Anna Kowalczyk ist die Lage „angespannt, aber unter Kontrolle“.", "Kowalczyk"),
    (f"Die Lage sei „angespannt, aber unter Kontrolle“, so das Innenministerium.", "Innenministerium"),
    (f"„{QUOTE}“, laut Innenministerin Anna Kowalczyk.", "Kowalczyk"),
    (f"„{QUOTE}“, laut der Polizei.", "Polizei"),
    (f"Die Lage sei „angespannt, aber unter Kontrolle“ (Innenministerium).", "Innenministerium"),
    (f"Seitens der Gewerkschaft hieß es, man sei „tief enttäuscht von diesem Angebot“.", "Gewerkschaft"),
    (f"„{QUOTE}“, so hieß es von Seiten der Regierung.", "Regierung"),
    (f"Aus Sicht der Gewerkschaft sind die Pläne „ein Angriff auf die Rechte der Beschäftigten“.", "Gewerkschaft"),
    (f"In den Augen der Gewerkschaft sind die Pläne „ein Angriff auf die Rechte der Beschäftigten“.", "Gewerkschaft"),
    (f"Nach Ansicht der Gewerkschaft sind die Pläne „ein Angriff auf die Rechte der Beschäftigten“.", "Gewerkschaft"),
    (f"Für Anna Kowalczyk sind die Pläne „ein Angriff auf die Rechte der Beschäftigten“.", "Kowalczyk"),
    (f"Anna Kowalczyk zufolge sind die Pläne „ein Angriff auf die Rechte der Beschäftigten“.", "Kowalczyk"),
    (f"Die Opposition ist der Meinung, die Pläne seien „ein Angriff auf die Rechte der Beschäftigten“.", "Opposition"),
    (f"Die Opposition sei dagegen der Meinung, die Pläne seien „ein Angriff auf die Rechte der Beschäftigten“.",
     "Opposition"),
    (f"Wie Anna Kowalczyk der Zeitung sagte, sei die Lage „angespannt, aber unter Kontrolle“.", "Kowalczyk"),
    (f"Ganz anders sieht das Anna Kowalczyk, für die die Pläne „ein Angriff auf die Rechte der Beschäftigten“ sind.",
     "Kowalczyk"),
]

#: Colon introductions: subject first, an object or adverb first, verbless, after a subordinate clause.
COLONS = [(f"{intro}: „{QUOTE}.“", who) for intro, who in [
    ("Scharfe Kritik übte die Gewerkschaft", "Gewerkschaft"), ("Dem widersprach Anna Kowalczyk", "Kowalczyk"),
    ("Anna Kowalczyk trat vor die Presse und sagte", "Kowalczyk"), ("Zu Wort meldete sich auch Anna Kowalczyk", "Kowalczyk"),
    ("Unterstützung erhielt der Plan von Anna Kowalczyk", "Kowalczyk"), ("Anna Kowalczyk wurde deutlich", "Kowalczyk"),
    ("Für Anna Kowalczyk ist klar", "Kowalczyk"), ("Das sieht Anna Kowalczyk anders", "Kowalczyk"),
    ("Die Gewerkschaft reagierte empört", "Gewerkschaft"), ("Anna Kowalczyk, die seit 2010 im Amt ist, sagte", "Kowalczyk"),
    ("Anna Kowalczyk zeigte sich zufrieden", "Kowalczyk"), ("Ähnlich äußerte sich Anna Kowalczyk", "Kowalczyk"),
    ("Mit deutlichen Worten reagierte Anna Kowalczyk auf den Vorschlag", "Kowalczyk"),
    ("Von einem Skandal sprach Anna Kowalczyk", "Kowalczyk"), ("Anders die Gewerkschaft", "Gewerkschaft"),
    ("Die Antwort von Anna Kowalczyk", "Kowalczyk"), ("Anna Kowalczyk dazu", "Kowalczyk"),
    ("Die Kanzlerin Anna Kowalczyk zog eine positive Bilanz", "Kowalczyk"),
    ("Auf die Frage, ob sie zurücktrete, antwortete Anna Kowalczyk", "Kowalczyk"),
    ("Nachdem die Pläne bekannt wurden, reagierte die Gewerkschaft empört", "Gewerkschaft"),
    ("In einem Interview mit der Zeitung sagte Anna Kowalczyk", "Kowalczyk"),
]]

#: (introduction, sentence with the quote, expected): the quote names its speaker by a role or pronoun.
COREFERENCE = [
    ("Innenministerin Anna Kowalczyk besuchte die Feuerwehr.", f"„{QUOTE}“, sagte die Ministerin.", "Kowalczyk"),
    ("Innenministerin Anna Kowalczyk besuchte die Feuerwehr.", f"Die Ministerin sagte: „{QUOTE}.“", "Kowalczyk"),
    ("Innenministerin Anna Kowalczyk besuchte die Feuerwehr.", f"„{QUOTE}“, sagte sie.", "Kowalczyk"),
    ("Olaf Brettschneider kam mit Innenministerin Anna Kowalczyk.", f"„{QUOTE}“, sagte er.", "Brettschneider"),
    ("Olaf Brettschneider kam mit Innenministerin Anna Kowalczyk.", f"„{QUOTE}“, sagte sie.", "Kowalczyk"),
    ("Staatsanwalt Tom Weißhaupt ermittelt.", f"„{QUOTE}“, sagte der Staatsanwalt.", "Weißhaupt"),
    ("Anna Berg widersprach.", "Laut Berg sei das „völliger Unsinn und gefährlich“.", "Anna Berg"),
    ("Anna Kowalczyk widersprach.", "Laut Frau Kowalczyk sei das „völliger Unsinn und gefährlich“.", "Anna Kowalczyk"),
    ("Die Partei hat gewählt. Olaf Brettschneider ist Vorsitzender.", f"„{QUOTE}“, sagte der 54-Jährige.",
     "Brettschneider"),
]

#: Names of things in marks: no quote, so no speaker.
TITLES = [
    "Er las aus seinem Buch „Die Zeit der Wölfe und der Schafe“ vor.",
    "Die Sendung „Hart aber fair mit vielen Gästen“ lief im Ersten.",
    "Gezeigt wurden „Der Pate“, „Casablanca“ und „Vom Winde verweht“.",
    "Der Film „Das Boot“ von Wolfgang Petersen wurde gezeigt.",
    "Die Aktion „Saubere Stadt für alle Bürger“ startet im Mai.",
    "Die sogenannte „Reichsbürger“-Szene wächst.",
    "Die Ausstellung „Berlin in den Zwanzigern“ (Stadtmuseum) öffnet am Freitag.",
    "Der Verein „Freunde der Natur und Umwelt e.V.“ lud ein.",
    "In der Zeitung „Frankfurter Allgemeine Zeitung“ erschien ein Text.",
    "Das Gesetz zur „Stärkung der inneren Sicherheit und Ordnung“ trat in Kraft.",
]


def _verb_probes() -> list[tuple[str, str]]:
    out = []
    for v in VERBS:
        verb, _, part = v.partition(":")
        part = f" {part}" if part else ""
        out += [
            (f"Die Sprecherin der Stadt {verb}{part}, die Lage sei „sehr ernst und bedrohlich für alle“.", "Sprecherin"),
            (f"„{QUOTE}“, {verb} die Sprecherin der Stadt{part}.", "Sprecherin"),
            (f"Am Dienstag {verb} Bürgermeisterin Anna Kowalczyk{part}: „{QUOTE}.“", "Kowalczyk"),
            (f"Anna Kowalczyk {verb}{part}: „{QUOTE}.“", "Kowalczyk"),
        ]
    return out


def _speakers(text: str, after: int) -> list[str]:
    return [q.speaker or "" for q in QuoteExtractor([text]).extract(text) if q.kind == "direct" and q.start >= after]


def groups() -> dict[str, list[tuple[str, str, int]]]:
    """Mechanism -> [(text, expected speaker or "" for no quote, offset of the probe)]."""
    return {
        "verbs of saying, 4 shapes": [(LEAD + s, e, len(LEAD)) for s, e in _verb_probes()],
        "source cues without a verb": [(LEAD + s, e, len(LEAD)) for s, e in SOURCES],
        "colon introductions": [(LEAD + s, e, len(LEAD)) for s, e in COLONS],
        "role nouns and pronouns": [(f"{i} {s}", e, len(i) + 1) for i, s, e in COREFERENCE],
        "names of things (no quote)": [(LEAD + s, "", len(LEAD)) for s in TITLES],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="print every failing probe")
    args = ap.parse_args()
    total = passed = 0
    for name, probes in groups().items():
        ok = 0
        for text, expected, after in probes:
            got = _speakers(text, after)
            good = (not got) if not expected else bool(got) and all(expected in s for s in got)
            ok += good
            if not good and args.verbose:
                print(f"  FAIL {name}: {text[after:]!r} -> {got}")
        print(f"{name:<30} {ok:>4} / {len(probes)}")
        total += len(probes)
        passed += ok
    print(f"{'all':<30} {passed:>4} / {total}")


if __name__ == "__main__":
    main()
