"""German strong and irregular verbs: a typed verb form as the other forms of its verb.

Snowball cannot join ablaut forms (stehlen, stiehlt, stahl, gestohlen get four
stems), so a query for ``gestohlen`` misses a release that says ``stahl``. This
module holds the standard table of strong, mixed and irregular verbs
(infinitive, 3rd person singular present where its vowel changes, preterite,
participle) and, at query time only, gives the terms of the other forms of the
typed word's verb, also with a separable or inseparable prefix
(``eingebrochen``: einbrechen, einbricht, einbrach, einzubrechen; ``entkam``:
entkommen, entkommt, entkommen). The query builders put them beside the word's
own term, as alternatives at its position: they count as the word itself
(exact matches), as inflected noun forms do.

Query side only: an index needs no rebuild, and an index written before this
module gets the same answer as a new one. Only lowercase typed words are read
as verbs (a capitalised word is a noun: ``Biss``, ``Angriff`` stay nouns).

Derived nouns (Biss, Flucht, Diebstahl) are not forms of the verb and never
come in. Neither does a form whose term an unrelated noun of the lexicon
shares (``stahl``: Stahl, ``angriff``: Angriff, ``griff``, ``floh``, ``stand``,
``fahren``: Fähre, ``fallen``: Fall): matching it would count every release
about steel or a case as a theft or a fall. Those forms are listed in
``searcher/analysis/_verb_homographs.py``, generated from the lexicon by
``bench/verb_homographs.py``. Typed, such a form is read as a verb only when
it is a participle and no noun's lemma: ``festnahmen``, ``biss``, ``angriff``,
``fahrt`` typed in lowercase are as likely the nouns and stay as typed, while
``gebissen`` (Gebiss) finds the other forms (its own term matches that noun
already) without being offered to them (``beißt`` does not add ``gebissen``).

A word is read as a verb when it is one of the forms (a participle also with
an adjective ending: gestohlene), after the shortest prefix that gives one
(``beißt`` is beißen, not be- + isst); ``messer`` is no form of messen.

Left out: the auxiliaries and modals (sein, haben, werden, können, ...: stop
words or nearly), the main-clause split of separable verbs (``brach ... ein``
is two words; ``brach`` alone would be every verb in -brechen) and the
2nd person and subjunctive forms (rare in press releases).
"""
from __future__ import annotations

from typing import Optional

# infinitive, 3rd sg present ("-" when regular: stem + t), preterite (1st/3rd sg), participle
_TABLE = """
backen - backte gebacken
befehlen befiehlt befahl befohlen
beginnen - begann begonnen
beißen - biss gebissen
bergen birgt barg geborgen
bersten birst barst geborsten
bewegen - bewog bewogen
biegen - bog gebogen
bieten - bot geboten
binden - band gebunden
bitten - bat gebeten
blasen bläst blies geblasen
bleiben - blieb geblieben
braten brät briet gebraten
brechen bricht brach gebrochen
brennen - brannte gebrannt
bringen - brachte gebracht
denken - dachte gedacht
dingen - dang gedungen
dreschen drischt drosch gedroschen
dringen - drang gedrungen
empfehlen empfiehlt empfahl empfohlen
erlöschen erlischt erlosch erloschen
erschrecken erschrickt erschrak erschrocken
essen isst aß gegessen
fahren fährt fuhr gefahren
fallen fällt fiel gefallen
fangen fängt fing gefangen
fechten ficht focht gefochten
finden - fand gefunden
flechten flicht flocht geflochten
fliegen - flog geflogen
fliehen - floh geflohen
fließen - floss geflossen
fressen frisst fraß gefressen
frieren - fror gefroren
geben gibt gab gegeben
gebieten - gebot geboten
gebären gebiert gebar geboren
gedeihen - gedieh gediehen
gehen - ging gegangen
gelingen - gelang gelungen
gelten gilt galt gegolten
genesen - genas genesen
genießen - genoss genossen
geschehen geschieht geschah geschehen
gewinnen - gewann gewonnen
gießen - goss gegossen
gleichen - glich geglichen
gleiten - glitt geglitten
glimmen - glomm geglommen
graben gräbt grub gegraben
greifen - griff gegriffen
gären - gor gegoren
halten hält hielt gehalten
hauen - hieb gehauen
heben - hob gehoben
heißen - hieß geheißen
helfen hilft half geholfen
hängen - hing gehangen
kennen - kannte gekannt
klimmen - klomm geklommen
klingen - klang geklungen
kneifen - kniff gekniffen
kommen - kam gekommen
kriechen - kroch gekrochen
laden lädt lud geladen
lassen lässt ließ gelassen
laufen läuft lief gelaufen
leiden - litt gelitten
leihen - lieh geliehen
lesen liest las gelesen
liegen - lag gelegen
lügen - log gelogen
mahlen - mahlte gemahlen
meiden - mied gemieden
melken - molk gemolken
messen misst maß gemessen
misslingen - misslang misslungen
nehmen nimmt nahm genommen
nennen - nannte genannt
pfeifen - pfiff gepfiffen
preisen - pries gepriesen
quellen quillt quoll gequollen
raten rät riet geraten
reiben - rieb gerieben
reiten - ritt geritten
reißen - riss gerissen
rennen - rannte gerannt
riechen - roch gerochen
ringen - rang gerungen
rinnen - rann geronnen
rufen - rief gerufen
salzen - salzte gesalzen
saufen säuft soff gesoffen
saugen - sog gesogen
schaffen - schuf geschaffen
schallen - scholl geschollen
scheiden - schied geschieden
scheinen - schien geschienen
scheißen - schiss geschissen
schelten schilt schalt gescholten
scheren - schor geschoren
schieben - schob geschoben
schießen - schoss geschossen
schinden - schindete geschunden
schlafen schläft schlief geschlafen
schlagen schlägt schlug geschlagen
schleichen - schlich geschlichen
schleifen - schliff geschliffen
schleißen - schliss geschlissen
schließen - schloss geschlossen
schlingen - schlang geschlungen
schmeißen - schmiss geschmissen
schmelzen schmilzt schmolz geschmolzen
schneiden - schnitt geschnitten
schrecken schrickt schrak geschrocken
schreiben - schrieb geschrieben
schreien - schrie geschrien
schreiten - schritt geschritten
schweigen - schwieg geschwiegen
schwellen schwillt schwoll geschwollen
schwimmen - schwamm geschwommen
schwinden - schwand geschwunden
schwingen - schwang geschwungen
schwören - schwor geschworen
sehen sieht sah gesehen
senden - sandte gesandt
sieden - sott gesotten
singen - sang gesungen
sinken - sank gesunken
sinnen - sann gesonnen
sitzen - saß gesessen
spalten - spaltete gespalten
speien - spie gespien
spinnen - spann gesponnen
spleißen - spliss gesplissen
sprechen spricht sprach gesprochen
sprießen - spross gesprossen
springen - sprang gesprungen
stechen sticht stach gestochen
stehen - stand gestanden
stehlen stiehlt stahl gestohlen
steigen - stieg gestiegen
sterben stirbt starb gestorben
stieben - stob gestoben
stinken - stank gestunken
stoßen stößt stieß gestoßen
streichen - strich gestrichen
streiten - stritt gestritten
tragen trägt trug getragen
treffen trifft traf getroffen
treiben - trieb getrieben
treten tritt trat getreten
trinken - trank getrunken
trügen - trog getrogen
tun tut tat getan
verderben verdirbt verdarb verdorben
verdrießen - verdross verdrossen
vergessen vergisst vergaß vergessen
verlieren - verlor verloren
wachsen wächst wuchs gewachsen
waschen wäscht wusch gewaschen
weben - wob gewoben
weichen - wich gewichen
weisen - wies gewiesen
wenden - wandte gewandt
werben wirbt warb geworben
werfen wirft warf geworfen
wiegen - wog gewogen
winden - wand gewunden
wissen weiß wusste gewusst
wringen - wrang gewrungen
ziehen - zog gezogen
zwingen - zwang gezwungen
"""

# Separable prefixes: participle with ge- inside (eingebrochen), zu inside (einzubrechen).
SEPARABLE = (
    "ab", "an", "auf", "aus", "bei", "dar", "davon", "dazu", "dazwischen", "ein", "empor", "entgegen",
    "entlang", "fest", "fort", "frei", "heim", "her", "herab", "heran", "herauf", "heraus", "herbei",
    "herein", "herüber", "herum", "herunter", "hervor", "hin", "hinab", "hinauf", "hinaus", "hinein",
    "hinüber", "hinunter", "hoch", "kaputt", "los", "mit", "nach", "nieder", "statt", "vor", "voran",
    "voraus", "vorbei", "vorüber", "weg", "weiter", "wieder", "zu", "zurecht", "zurück", "zusammen",
    "durch", "über", "um", "unter", "wider", "hinter",
)
# Inseparable prefixes: participle without ge- (entkommen, überfallen). durch-, über-,
# um-, unter-, wider-, hinter- are either (umfahren: umgefahren and umfahren).
INSEPARABLE = ("be", "emp", "ent", "er", "miss", "ver", "zer", "durch", "über", "um", "unter", "wider",
               "hinter", "voll")
# a separable prefix before an inseparable one (anerkennen, mitbekommen, auferstehen)
_STACKED = ("be", "er", "ver", "ent")

_VERBS: Optional[list[tuple[str, str, str, str]]] = None
_PREFIXES: Optional[list[tuple[str, str, str, str]]] = None
_INDEX: dict[str, dict[str, list[tuple[int, bool]]]] = {}  # kind -> folded form -> (verb, participle?)
_ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")
_FOLDED: dict[str, str] = {}  # base form -> folded, shared by the kinds' indexes
_CACHE: dict[tuple, tuple[str, ...]] = {}
_CACHE_MAX = 100_000  # typed words; past that, start afresh


def _verbs() -> list[tuple[str, str, str, str]]:
    """The table as (infinitive, 3rd sg present, preterite, participle)."""
    global _VERBS
    if _VERBS is None:
        rows = []
        for line in _TABLE.strip().splitlines():
            inf, pres, pret, part = line.split()
            if pres == "-":
                stem = inf[:-2] if inf.endswith("en") else inf[:-1]
                pres = stem + ("et" if stem.endswith(("d", "t")) else "t")
            rows.append((inf, pres, pret, part))
        _VERBS = rows
    return _VERBS


def _base_forms(verb: tuple[str, str, str, str], kind: str) -> tuple[str, ...]:
    """The forms of a table verb as they follow a prefix of ``kind``: "" (no prefix),
    "sep" (with the zu-infinitive) or "insep" (the participle without ge-)."""
    inf, pres, pret, part = verb
    pret_pl = pret + ("n" if pret.endswith("e") else "en")
    if kind == "insep" and part.startswith("ge") and not inf.startswith("ge"):
        part = part[2:]
    forms = (inf, pres, pret, pret_pl, part)
    if kind == "sep":
        forms += ("zu" + inf,)
    return forms


def _prefixes() -> list[tuple[str, str, str, str]]:
    """(prefix, kind, zu-form prefix, folded prefix) for every prefix a verb form may
    start with, shortest first (computed once)."""
    global _PREFIXES
    if _PREFIXES is None:
        from .folding import fold

        out = [("", "", "")]
        out += [(p, "sep", p) for p in SEPARABLE]
        out += [(p, "insep", "") for p in INSEPARABLE]
        out += [(s + i, "insep", s + "zu" + i) for s in SEPARABLE for i in _STACKED]
        _PREFIXES = sorted(((p, k, z, fold(p)) for p, k, z in out), key=lambda x: len(x[3]))  # see forms_of
    return _PREFIXES


def lexeme_forms(prefix: str, kind: str, zu: str, verb: tuple[str, str, str, str]) -> tuple[str, ...]:
    """Every form of one verb with one prefix.

    >>> lexeme_forms("ein", "sep", "ein", ("brechen", "bricht", "brach", "gebrochen"))
    ('einbrechen', 'einbricht', 'einbrach', 'einbrachen', 'eingebrochen', 'einzubrechen')
    """
    forms = tuple(prefix + f for f in _base_forms(verb, kind) if not f.startswith("zu"))
    if kind == "sep":
        forms += (prefix + "zu" + verb[0],)
    elif prefix != zu and zu:
        forms += (zu + verb[0],)
    return forms


def all_lexemes():
    """Every (prefix, kind, zu, verb) this module can read a word as (for the generator
    of the homograph list and its test)."""
    for prefix, kind, zu, _ in _prefixes():
        for verb in _verbs():
            yield prefix, kind, zu, verb


def _index(kind: str) -> dict[str, list[tuple[int, bool]]]:
    """Folded base form (after a prefix of ``kind``) -> (table verb, whether the form is
    its participle) for each verb that has it; a participle also with the endings it
    takes as an adjective (gestohlene, gestohlenen)."""
    got = _INDEX.get(kind)
    if got is None:
        from .folding import fold

        got = {}
        for i, verb in enumerate(_verbs()):
            keys = [_FOLDED.get(f) or _FOLDED.setdefault(f, fold(f)) for f in _base_forms(verb, kind)]
            # a participle ends in -n or -t: an ending adds no umlaut spelling to fold
            parts = [keys[4]] + [keys[4] + e for e in _ADJECTIVE_ENDINGS]
            for key in keys + parts:
                lst = got.setdefault(key, [])
                entry = (i, key in parts)
                if entry not in lst:
                    lst.append(entry)
        _INDEX[kind] = got
    return got


def forms_of(word: str, cfg) -> tuple[str, ...]:
    """The terms of every form of the verbs a lowercase ``word`` is a form of (its own
    term first), the forms the lexicon shares with a noun left out; () when the word
    is no such form. ``cfg``: the analyzer's configuration (terms._config).

    >>> from searcher.analysis import _config
    >>> forms_of("eingebrochen", _config(decompound=False, lemmas=False, guard=False))
    ('eingebroch', 'einbricht', 'einbrach', 'einzubrech')
    """
    key = (word, cfg.key)
    got = _CACHE.get(key)
    if got is not None:
        return got
    from ._verb_homographs import NOUN_FORMS, NOUN_LEMMAS
    from .folding import fold
    from .terms import _main_term

    def term(w: str) -> str:
        return _main_term(w, cfg)

    f = fold(word)
    own = term(word)
    out: list[str] = []
    # a form another noun shares is read as a verb only when it is a participle:
    # festnahmen, biss, fahrt typed in lowercase are as likely the nouns
    homograph = f in NOUN_FORMS
    if len(f) >= 3 and f.isalpha() and f not in NOUN_LEMMAS:
        found_at = None
        for prefix, kind, zu, fp in _prefixes():
            if found_at is not None and len(fp) > found_at:
                break  # the shortest prefix reads the word (beißt: beißen, not be+isst)
            if not f.startswith(fp) or len(f) - len(fp) < 3:
                continue
            verbs = _index(kind).get(f[len(fp):])
            if not verbs:
                continue
            found_at = len(fp)
            for i, participle in verbs:
                if homograph and not participle:
                    continue
                forms = lexeme_forms(prefix, kind, zu, _verbs()[i])
                out.extend(t for t in (term(x) for x in forms if fold(x) not in NOUN_FORMS) if t not in out)
    got = (own, *(t for t in out if t != own)) if out else ()
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    _CACHE[key] = got
    return got
