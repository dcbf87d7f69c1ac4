"""What kind of thing a speaker phrase names, and whether it can speak at all.

German capitalises every noun, so "a capitalised phrase before a speech verb"
is as often ``Die Forderung`` or ``der Schweiz`` as it is a person. A speaker
candidate is kept only when it is typed:

- ``person``: a personal name (``Barbara Slowik``) - decided by the caller,
  which knows the names the release writes in full;
- ``role``: a noun for a person or group of people (``der Sprecher``,
  ``Polizeipräsidentin``, ``die Demonstranten``);
- ``organisation``: a body that issues statements (``die Polizei``,
  ``das Innenministerium``, ``die SPD``);
- ``media``: a paper, agency or broadcaster (``die Nachrichtenagentur``);
- ``document``: a text that is quoted (``der Bericht``, ``die Erklärung``);
- ``pronoun``: ``er``/``sie``, resolved later.

Anything else (``Kritik``, ``den Vorfall``, ``Die Speicherung``) is no
speaker, and the caller tries its next candidate.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from ._first_names import FIRST_NAMES
from ._places import PLACES

#: Nouns for people by what they do or are (matched at the end of a compound:
#: ``Polizeisprecherin``, ``Landesvorsitzende``).
_PEOPLE = (
    r"sprecher|minister|präsident|vorsitzend|leiter|chef|direktor|meister|sekretär|abgeordnet|kanzler|"
    r"general|kommissar|beauftragt|funktionär|manager|vorstand|expert|anwalt|anwält|richter|trainer|autor|"
    r"senator|referent|koordinator|führer|gründer|professor|landrat|landrät|rat|rätin|dezernent|intendant|"
    r"bischof|bischöf|pfarrer|papst|arzt|ärzt|vertreter|mitglied|polizist|kommandeur|oberst|major|hauptmann|"
    r"beigeordnet|rektor|dekan|kurator|analyst|ökonom|forscher|wissenschaftler|historiker|politiker|"
    r"kandidat|regisseur|sänger|spieler|kapitän|botschafter|gouverneur|premier|präses|obmann|redakteur|"
    r"journalist|moderator|stellvertreter|inhaber|eigentümer|mitarbeiter|angestellt|bewohner|zeuge|zeugin|"
    r"opfer|aktivist|vorsteher|kommandant|ermittler|staatsanwalt|staatsanwält|berater|coach|chirurg|"
    r"diplomat|bürger|einwohner|schauspieler|künstler|musiker|fahrer|pilot|sportler|athlet|kolleg|partner|"
    r"delegiert|unterstützer|produzent|kidnapper|entführer|geiselnehmer|menschenmenge|menge|williger|willige|"
    r"aner|ianer|kanadier|italiener|spanier|engländer|niederländer|palästinenser|israeli|"
    r"angreifer|randalierer|störer|pöbler|prediger|tatverdächtig|beschuldigt|geschädigt|demonstrierend|anwohnend|"
    r"mitarbeitend|studierend|teilnehmend|lehrend|pflegend|kommentator|beobachter|passagier|fahrgast|gast|gäste|zuschauer|besucher|"
    r"unternehmer|lehrer|schüler|student|verleger|herausgeber|beamt|kritiker|befürworter|gegner|"
    r"demonstrant|anhänger|teilnehmer|veranstalter|organisator|initiator|verfasser|täter|verdächtig|"
    r"angeklagt|kläger|klägerin|verteidiger|gutachter|sachverständig|datenschützer|umweltschützer|"
    r"meteorolog|theolog|soziolog|psycholog|virolog|biolog|polizeipräsident|königin|könig|fürst|kaiser|"
    r"prinz|prinzessin|herzog|monarch|diktator|regent|oberhaupt|außenbeauftragt|bürgermeister|"
    r"landeschef|staatschef|regierungschef|parteichef|fraktionschef|feuerwehrmann|feuerwehrleute|"
    r"nachbar|passant|augenzeug|mutter|vater|sohn|tochter|bruder|schwester|witwe|ehefrau|ehemann|"
    r"frau|mann|männer|frauen|leute|mensch|kind|fan|wähler|befragt|gewerkschafter|bauer|arbeiter|helfer|retter|sanitäter|"
    r"soldat|offizier|admiral|kardinal|rabbiner|imam|priester|mönch|nonne|pastor|pfarrerin|schriftsteller|"
    r"dichter|philosoph|erfinder|entwickler|ingenieur|techniker|programmierer|hacker|blogger|nutzer|"
    r"user|kunde|kundin|patient|mediziner|jurist|ökonomin|volkswirt|banker|händler|makler|investor|"
    r"aktionär|gesellschafter|eigner|betreiber|hersteller|lieferant|anbieter|sprecherin|franzose|deutsche|"
    r"brite|amerikaner|russe|italiener|spanier|schweizer|österreicher|pole|türke|chinese|japaner|"
    r"verantwortlich|zuständig|betroffen|beteiligt|ehrenamtlich|freiwillig|bundestrainer|trainerin"
)
#: Bodies that issue statements.
_ORGS = (
    r"polizei|regierung|ministerium|institution|amt|ämter|behörde|verwaltung|senat|kommission|gericht|kammer|"
    r"staatsanwaltschaft|feuerwehr|partei|fraktion|verband|verbände|verein|gewerkschaft|institut|"
    r"universität|hochschule|schule|klinik|klinikum|krankenhaus|stiftung|bündnis|bund|union|konzern|"
    r"unternehmen|firma|gesellschaft|gmbh|bank|rat|ausschuss|gremium|parlament|landtag|bundestag|"
    r"bundesrat|kongress|militär|armee|bundeswehr|streitkräfte|botschaft|konsulat|vatikan|kirche|"
    r"bistum|gemeinde|stadt|bezirksamt|rathaus|landkreis|kreis|organisation|initiative|bewegung|komitee|"
    r"team|verteidigung|anklage|staat|staaten|land|länder|bundesländer|seite|führung|leitung|spitze|"
    r"vorstand|direktion|präsidium|koalition|opposition|lager|kreise|netzwerk|dienst|nachrichtendienst|"
    r"geheimdienst|wetterdienst|verfassungsschutz|ministerrat|zentralbank|notenbank|börse|behörden|"
    r"justiz|kreml|pentagon|gruppe|gruppierung|miliz|rebellen|konferenz|"
    r"gipfel|jury|komitee|veranstaltung|verlag|redaktion|label|club|klub|verein|mannschaft|"
    r"bürgerinitiative|aktionsbündnis|betriebsrat|personalrat|aufsichtsrat|verbraucherzentrale|"
    r"mission|delegation|rathaus|ministerien"
)
_MEDIA = (
    r"zeitung|zeitschrift|magazin|blatt|agentur|nachrichtenagentur|presseagentur|sender|rundfunk|fernsehen|"
    r"radio|online|portal|homepage|website|webseite|nachrichten|news|post|presse|medien|medienbericht|"
    r"boulevardblatt|wochenzeitung|tageszeitung|fachblatt|fachmagazin|nachrichtenmagazin"
)
_DOCUMENTS = (
    r"anordnung|verfügung|zettel|schild|notiz|passus|absatz|paragraf|paragraph|klausel|"
    r"bericht|berichte|behauptung|feststellung|äußerung|erklärung|mitteilung|pressemitteilung|presseerklärung|meldung|stellungnahme|"
    r"studie|umfrage|analyse|gutachten|brief|schreiben|statement|communiqué|kommuniqué|resolution|"
    r"beschluss|urteil|urteilsbegründung|entscheidung|begründung|anklageschrift|klageschrift|antrag|"
    r"gesetz|gesetzentwurf|entwurf|vertrag|abkommen|papier|positionspapier|dokument|protokoll|"
    r"interview|rede|ansprache|predigt|botschaft|aufruf|appell|petition|manifest|programm|"
    r"wahlprogramm|text|artikel|kommentar|leitartikel|nachruf|bekennerschreiben|tweet|post|blog|"
    r"blogeintrag|eintrag|aussage|aussagen|angaben|worte|worten|zitat|mail|e-mail|sms|flugblatt|"
    r"flugblätter|plakat|transparent|aufschrift|parole|motto|leitlinie|richtlinie|verordnung|satzung|"
    r"bilanz|jahresbericht|lagebild|prognose|vorhersage|warnung|hinweis|auskunft|auskünfte|ankündigung|fazit|"
    r"ergebnis|ergebnisse"
)
#: Whole words (too short or too common to match as the end of a compound).
_WHOLE = {
    "organisation": frozenset("""nato uno grüne grünen linke linken piraten taliban hamas hisbollah al-qaida
        bundesregierung""".split()),
    "media": frozenset("""times telegraph guardian independent spiegel stern focus bild welt zeit faz taz
        reuters tagesspiegel tagesschau heute netzeitung computerwoche""".split()),
}
_END = r"(?:in|innen|en|ern|er|e|s|n|es|em|nen)?$"
_PEOPLE_RE = re.compile(r"(?:" + _PEOPLE + r")" + _END)
_ORG_RE = re.compile(r"(?:" + _ORGS + r")" + _END)
_MEDIA_RE = re.compile(r"(?:" + _MEDIA + r")" + _END)
_DOC_RE = re.compile(r"(?:" + _DOCUMENTS + r")" + _END)

_ARTICLES = frozenset("der die das des dem den ein eine einer eines einem einen".split())
_PRONOUNS = frozenset("er sie ihm ihr ihn".split())
#: Words that are never the head of a speaker phrase, however they are cased.
_NOT_HEAD = frozenset(
    """man es das dies wer was einer eine jeder jede alle viele beide einige andere""".split()
)


#: Nouns that stand before the name of a place, building, vehicle, event or
#: other thing (``Ortsteil Karlshorst``, ``Rathauses Köpenick``,
#: ``Staates Israel``): a "name" starting with one names no person.
_THING_HEADS = frozenset(
    """ortsteil stadtteil bezirk kiez kreis landkreis gemeinde stadt dorf ort land bundesland staat
    region provinz insel halbinsel fluss see meer berg tal wald park platz straße allee weg damm ufer
    brücke bahnhof flughafen hafen hotel restaurant kirche dom schloss burg rathaus museum theater
    schule gymnasium universität klinik krankenhaus stadion halle arena zentrum center haus gebäude
    firma unternehmen konzern marke modell typ fahrzeug auto wagen pkw lkw transporter motorrad bus
    zug linie tram flug schiff boot fall falls verfahren prozess projekt programm festival turnier
    pokal liga verein club team gruppe band album film serie buch sendung zeitung magazin
    operation aktion kampagne gesetz vertrag abkommen plan konferenz gipfel messe ausstellung
    ausgewählte ausgewählter ausgewählten weitere weiterer weiteren""".split()
)
#: Makes of cars and motorcycles (police releases name vehicles as "der Opel Corsa").
_VEHICLE_MAKES = frozenset(
    """audi bmw mercedes mercedes-benz benz opel vw volkswagen porsche ford fiat renault peugeot citroën
    citroen toyota nissan honda mazda mitsubishi suzuki subaru hyundai kia skoda seat cupra dacia volvo
    saab tesla jaguar land rover range lexus chevrolet chrysler jeep dodge cadillac alfa lancia smart
    mini daihatsu lada tata mg ducati kawasaki yamaha harley vespa piaggio iveco man scania""".split()
)
_THING_END = ("straße", "platz", "allee", "damm", "ufer", "brücke", "bahnhof", "park", "kiez", "viertel",
              "bezirk", "teil", "teils", "hauses", "haus", "amt", "amtes", "ministerium", "ministeriums",
              "staates", "landes", "kreises", "gericht", "gerichts", "gerichtes")


def names_thing(first_word: str) -> bool:
    """True when a name starting with ``first_word`` names a thing or place."""
    low = first_word.lower()
    base = low[:-1] if low.endswith("s") and low[:-1] in _THING_HEADS else low
    if low.endswith("es") and low[:-2] in _THING_HEADS:
        base = low[:-2]
    return base in _THING_HEADS or low in _VEHICLE_MAKES or (len(low) > 6 and low.endswith(_THING_END))


def phrase_head(phrase: str) -> str:
    """The head noun of a noun phrase: the last capitalised word before its
    genitive or prepositional tail (``Der Leiter des Amtes`` -> ``Leiter``,
    ``die Deutsche Presseagentur`` -> ``Presseagentur``)."""
    head = ""
    for raw in phrase.split()[:8]:
        w = raw.strip(",.;:()„“”»«\"'")
        low = w.lower()
        if not w:
            continue
        if head and (low in _ARTICLES or low in ("von", "vom", "aus", "bei", "im", "in", "für", "zu", "zur", "zum")):
            break
        if low in _ARTICLES or w[:1].isdigit():
            continue  # "Einer der 13 beteiligten Feuerwehrmänner"
        if w[:1].isupper() or re.search(r"\w-[A-ZÄÖÜ]", w):
            head = w
            if raw.endswith((",", ";", ":")):
                break
        elif head:
            break
    return head


def trim_phrase(phrase: str) -> str:
    """The noun phrase up to its head and a genitive tail, without the verb or
    adverb that follows it (``Meteorologen rechnen`` -> ``Meteorologen``,
    ``Ein Sprecher des Amtes sagte`` -> ``Ein Sprecher des Amtes``)."""
    words = phrase.split()
    head = phrase_head(phrase)
    if not head:
        return phrase
    out: list[str] = []
    seen_head = False
    for w in words:
        bare = w.strip(",.;:")
        if seen_head:
            low = bare.lower()
            if low in ("der", "des") or (out[-1].lower() in ("der", "des") or out[-1][:1].islower()) and (
                    bare[:1].isupper() or re.fullmatch(r"[a-zäöüß\-]+(?:e|en|er|es|em)", bare)):
                out.append(bare)
                if bare[:1].isupper():
                    break
                continue
            break
        out.append(bare)
        if bare == head:
            seen_head = True
    while out and out[-1].lower() in ("der", "des") or out and out[-1][:1].islower() and seen_head and out[-1] != head:
        out.pop()
    return " ".join(out) or phrase


def noun_kind(word: str) -> Optional[str]:
    """``role``, ``organisation``, ``media`` or ``document`` for a (head)
    noun, or None. Compounds count by their last part (``Innenministerium``).
    All-caps short words (``SPD``, ``NASA``, ``CERN``) are taken as bodies."""
    if not word:
        return None
    if re.fullmatch(r"[A-ZÄÖÜ][A-ZÄÖÜ0-9&\-]{1,7}", word) or re.fullmatch(r"[\wäöüÄÖÜß]+-[A-ZÄÖÜ]{2,7}", word):
        return "organisation"  # "SPD", "Landes-SPD"
    low = word.lower().strip("-")
    for kind, words in _WHOLE.items():
        if low in words:
            return kind
    if _PEOPLE_RE.search(low):
        return "role"
    if _MEDIA_RE.search(low):
        return "media"
    if _DOC_RE.search(low):
        return "document"
    if _ORG_RE.search(low):
        return "organisation"
    if person_noun(low):
        return "role"
    return None


def lexicon_role(phrase: str) -> bool:
    """The phrase is a role only by :func:`person_noun` (its head is no word
    of the role vocabulary): ``der Anrufer``, ``die Fahnder``."""
    head = phrase_head(phrase).lower()
    return bool(head) and not _PEOPLE_RE.search(head) and noun_kind(head) == "role"


@lru_cache(maxsize=65536)
def person_noun(word: str) -> bool:
    """True when the german-nouns lexicon types ``word`` as a noun for a
    person beyond the role vocabulary: an agent noun whose lexicon lemma has a
    feminine ``-in`` partner (``Anwohner``/``Anwohnerin``, ``Kunde``/``Kundin``,
    either form), or a nominalised adjective or participle, whose ``-e`` form
    the lexicon reads as a form of the masculine ``-er`` lemma
    (``Betroffene``, ``Angestellter``). Things have no such partner
    (``Fahrzeug``, ``Gebäude``, ``Computer``)."""
    from ...analysis.lexicon import _lexicon, _lfold
    lex = _lexicon()
    if lex is None:
        return False
    return any(_person_lemma(lex, _lfold(lemma)) for lemma in lex.forms.get(_lfold(word.lower())) or ())


def _person_lemma(lex, f: str) -> bool:
    """The lexicon lemma ``f`` (folded) is a noun for a person (see :func:`person_noun`)."""
    def pair(masc: str, fem: str) -> bool:  # spelt alike but -in: no Hund/Hündin, Wolf/Wölfin
        m, w = lex._rec[masc], lex._rec[fem]
        base = (m[2] or "").removesuffix("e") if masc.endswith("e") else m[2] or ""
        return "m" in (m[1] or "") and "f" in (w[1] or "") and (w[2] or "") == base + "in"
    if f.endswith("er") and f[:-2] in PLACES or f.endswith("erin") and f[:-4] in PLACES:
        return False  # Berliner, Leipziger: mostly the adjective of a place
    if f.endswith("in") and (pair(f[:-2], f) or pair(f[:-2] + "e", f)):
        return True  # Anwohner-in, Kolleg(e)-in
    if pair(f, f + "in") or f.endswith("e") and pair(f, f[:-1] + "in"):
        return True  # Anwohner, Kunde
    return f.endswith("er") and "m" in (lex._rec[f][1] or "") and f in (lex.forms.get(f[:-1]) or ())  # Betroffene(r)


def phrase_kind(phrase: str) -> Optional[str]:
    """The kind of a speaker phrase that is not a personal name, or None when
    it names nothing that can speak (``Kritik``, ``den Vorfall``)."""
    words = phrase.split()
    if not words:
        return None
    first = words[0].lower().strip(",.;:")
    if first in _PRONOUNS and len(words) == 1:
        return "pronoun"
    if first in _NOT_HEAD and len(words) == 1:
        return None
    if re.match(r"aus\s+(?:dem\s+|der\s+)?[A-ZÄÖÜ]", phrase):
        return "organisation"  # "aus Paris", built only from "aus X hieß es"
    if _QUOTED_NAME_RE.fullmatch(phrase.strip()):
        return "media"  # "die „Computerwoche“", built only after a speech verb
    head = phrase_head(phrase)
    kind = noun_kind(head)
    if kind is None and head.lower() in _PART_NOUNS:
        # "im letzten Satz der Anordnung": a part of a text is of its genitive's kind
        m = re.search(r"\b" + re.escape(head) + r"\s+(?:der|des|eines|einer)\s+(?P<rest>.+)$", phrase)
        if m:
            kind = noun_kind(phrase_head(m.group("rest")))
    if kind is None and head.lower() in _SHARE_NOUNS:
        # "37 Prozent der Befragten", "die Mehrheit der Mitglieder": a share of a
        # group is of the group's kind; a bare "37 Prozent" is a share of people asked
        m = re.search(r"\b" + re.escape(head) + r"\s+(?:der|des)\s+(?P<rest>.+)$", phrase)
        if m:
            kind = noun_kind(phrase_head(m.group("rest")))
        elif re.fullmatch(r"\d[\d,.]*\s+Prozent", phrase.strip()):
            kind = "role"
    return kind


#: Shares of a group: ``37 Prozent der Befragten``, ``die Mehrheit der Mitglieder``.
_SHARE_NOUNS = frozenset("prozent mehrheit hälfte drittel viertel großteil minderheit".split())


#: Parts of a text: ``Satz der Anordnung``, ``Teil des Berichts``.
_PART_NOUNS = frozenset("satz sätze teil absatz abschnitt kapitel ende schluss anfang wortlaut passage".split())


#: A name in quotation marks, after an optional article.
_QUOTED_NAME_RE = re.compile(r"(?:(?:der|die|das|dem|den)\s+)?[„»\"“]\w[^„“”»«\"\n]{1,39}[“”«\"]")

#: Prepositions (also the rarer ones a sentence can start with: ``Aufgrund``,
#: ``Angesichts``); a capitalised one at the start of a phrase is no name.
_PREPOSITION_WORDS = frozenset(
    """ab abseits abzüglich an angesichts anhand anlässlich anstatt anstelle auf aufgrund aus ausgangs außer
    außerhalb ausschließlich bei beiderseits bezüglich binnen bis dank diesseits durch einschließlich entgegen
    entlang entsprechend exklusive für gegen gegenüber gemäß hinsichtlich hinter in infolge inklusive
    inmitten innerhalb jenseits kraft laut mangels mit mithilfe mittels nach nahe neben oberhalb ohne samt
    seit seitens statt trotz über um unbeschadet ungeachtet unter unterhalb unweit vermittels vermöge von
    vor während wegen zeit zu zufolge zugunsten zulasten zuliebe zuzüglich zwecks zwischen""".split())


@lru_cache(maxsize=65536)
def common_word(word: str) -> bool:
    """True when a lone capitalised ``word`` is a word of the language rather
    than a name: a function word or preposition (``Aufgrund``), or a common noun
    of the german-nouns lexicon (``Endzeit``, ``Alter``, ``Ausnahmen``) that is
    of no speaking kind (``Polizei``, ``Meteorologen`` keep theirs). The caller
    asks only for a word the release writes in no full name and after no role
    or title, so a surname that is also a noun (``Fischer``, ``Kohl``) still
    counts there."""
    low = word.lower().strip(",.;:")
    if not low.isalpha():
        return False
    from ...analysis.folding import _STOPWORDS
    if low in _STOPWORDS or low in _PREPOSITION_WORDS:
        return True
    if noun_kind(word) is not None:
        return False
    return lexicon_noun(low)


def common_run(words: list[str]) -> bool:
    """True when a run of two or more capitalised words is made of words of
    the language only (``Wiener Linien``, ``Erste Tests``, ``Milliarden
    Euro``): every word a function word or common noun of the lexicon, and the
    first no first name (``Klaus Wolf``, ``Anna Fischer`` are names)."""
    if len(words) < 2 or words[0].lower() in FIRST_NAMES:
        return False
    return all(common_word(w) or lexicon_noun(w) for w in words)


def named_after_place(words: list[str]) -> bool:
    """True for a two-word name whose second word is a place and whose first
    is a word of the language, no first name: a team, company or body
    (``Eintracht Frankfurt``, ``Bayern München``), not a person (``Peter
    Kassel``, ``Øystein Berg`` stay persons)."""
    return len(words) == 2 and words[1].lower() in PLACES and words[0].lower() not in FIRST_NAMES \
        and (lexicon_noun(words[0]) or common_word(words[0]))


@lru_cache(maxsize=65536)
def lexicon_noun(word: str) -> bool:
    """True when ``word`` is a form of a common noun in the german-nouns
    lexicon (which lists no first names, surnames or places)."""
    from ...analysis.lexicon import _lexicon, _lfold
    lex = _lexicon()
    return bool(lex is not None and lex.forms.get(_lfold(word.lower())))


__all__ = ["common_run", "common_word", "lexicon_noun", "named_after_place", "names_thing", "lexicon_role", "noun_kind", "person_noun", "phrase_head", "phrase_kind", "trim_phrase"]
