"""Quotations and who said them.

The package, in the order a text goes through it:

1. :mod:`.marks` pairs quotation marks in one pass (:func:`quote_spans`).
2. :class:`QuoteExtractor` (here) attributes each span by position and cue: a
   clause ending in a colon before it (``Role Name: »…«``, ``Name sagte:
   „…“``), a speech verb or source cue right after it (``»…«, erklärt Name``,
   ``„…“, so Name``, ``„…“, heißt es in X``), a cue elsewhere in its sentence
   (``laut X``, ``X zufolge``, ``von X als „…“ bezeichnet``), the speaker of
   reported speech before it, or the typed subject of its clause. Indirect
   speech of persons (``Name betonte, dass …``) gives ``kind="indirect"``.
3. :mod:`.speakers` types every candidate (person, role, organisation, media,
   document); one that cannot speak (``Kritik``, ``den Vorfall``, ``Ortsteil
   Karlshorst``) is dropped and the next candidate is tried. One- and
   two-word quotations count only with a speech cue.
4. :mod:`.entities` resolves role nouns (``der Bundespräsident``) and
   ``er``/``sie`` (by gender, when the release tells it) to the person the
   release introduced, with that person's role.

Speakers are resolved to the fullest name written anywhere in the release
(``Vogel`` -> ``Sebastian Vogel``). Names never carry academic titles or
forms of address (``Dr.``, ``Prof.``, ``Frau``): those stay in the role text, so
``Dr. Barbara Slowik`` and ``Barbara Slowik`` are one person. Speakers that
are not persons (``der Sprecher``, ``die Polizei``) are kept as written on the
quote with their ``speaker_kind``; only persons go into ``persons_quoted``
(:mod:`.names` matches name variants for the person filter).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from ...models import Quote
from .entities import RoleIndex, gender_of
from .marks import _MARK_RE, MAX_SPANS, _trim_end, quote_spans  # noqa: F401  (re-exported)
from .speakers import names_thing, noun_kind, phrase_head, phrase_kind, trim_phrase

# --- vocabulary -------------------------------------------------------------

_V = (
    r"sag|erklär|betont|meint|ergänzt|bekräftigt|kommentiert|bericht|warnt|fordert|kritisiert|versichert|"
    r"bestätigt|äußert|resümiert|bilanziert|lobt|mahnt|appelliert|schreib|schrieb|teilt|fügt|stellt|hob|heb|"
    r"unterstreicht|unterstrich|sprach|sprich|antwortet|rief|ruft|zitiert|freut|zeigt|gibt|gab|räumt|führt|"
    r"macht|verweist|verwies|kündigt|erinnert|wies|weist|bezeichnet|nannte|nennt|beton|sieht|sah|glaubt|"
    r"verspricht|versprach|beschreibt|beschrieb|argumentiert|begründet|erläutert|erzählt|fragt|klagt|beklagt|"
    r"ermahnt|bekannt|bekennt|bekannte|gesteht|gestand|verkündet|charakterisiert|wertet|urteilt|schätzt|hofft|"
    r"dankt|bedauert|begrüßt|kontert|entgegnet|widerspricht|widersprach|ergänz|schließt|schloss|präzisiert|"
    r"insistiert|droht|drohte|fährt|fuhr|setzt|legt|ließ|lässt|reagiert|verteidigt|unterstützt|beurteilt|"
    r"bewertet"
)
SPEECH_VERB_RE = re.compile(r"\b(?:" + _V + r")\w{0,5}\b")
_DASS_VERB_RE = re.compile(
    r"\b(?:sag|erklär|betont|meint|bekräftigt|versichert|bestätigt|unterstreicht|unterstrich|hob|stellt|"
    r"kritisiert|warnt|mahnt|fordert|räumt|gibt|gab|verwies|verweist|erinnert|wies|weist|argumentiert|"
    r"glaubt|hofft|zeigt|kündigt|berichtet|teilt|schrieb|schreibt)\w{0,5}\b"
)

ROLE_RE = re.compile(
    r"(?:minister|präsident|sprecher|vorsitzend|leiter|chef|direktor|meister|sekretär|abgeordnet|kanzler|"
    r"general|kommissar|beauftragt|funktionär|manager|vorstand|expert|anwalt|anwält|richter|trainer|autor|"
    r"senator|referent|koordinator|führer|gründer|professor|landrat|landrät|oberrat|oberrät|rat|rätin|dezernent|"
    r"intendant|bischof|pfarrer|arzt|ärzt|vertreter|mitglied|polizist|kommandeur|oberst|major|hauptmann|"
    r"beigeordnet|rektor|dekan|kurator|analyst|ökonom|forscher|wissenschaftler|historiker|politiker|kandidat|"
    r"regisseur|sänger|spieler|kapitän|botschafter|gouverneur|premier|präses|obmann|redakteur|journalist|"
    r"moderator|stellvertreter|inhaber|eigentümer|mitarbeiter|angestellt|bewohner|zeuge|zeugin|opfer|"
    r"aktivist|vorsteher|kommandant|ermittler|staatsanwalt|staatsanwält|berater|chef|coach|chirurg|diplomat|"
    r"bürger|einwohner|schauspieler|künstler|musiker|fahrer|pilot|sportler|athlet|kolleg|partner|"
    r"ministerpräsident|bundeskanzler|oberbürgermeister|leiterin|vize\w*|delegiert|unternehmer|lehrer|"
    r"schulleiter|schüler|student|chefredakteur|verleger|herausgeber|sprecherin|fraktionschef|parteichef|"
    r"hauptkommissar|kriminal\w+|polizeipräsident\w*|senatorin|innensenator|prokurist|theolog|soziolog|politolog|"
    r"psycholog|virolog|philosoph|jurist|mediziner)(?:in|innen|en|er|e|s|n|es|em)?$",
    re.IGNORECASE,
)
TITLE_RE = re.compile(r"^(?:Dr|Prof|Dipl|Ing|med|phil|rer|nat|jur|habil|h\.c|Frau|Herrn?|Sir|Mr|Mrs|Ms)\.?$")
_NOT_NAME = frozenset(
    """der die das den dem des ein eine einer eines einem er sie es wir ich ihr man dies diese dieser dieses
    diesem diesen auch laut nach bei im in am an auf für mit von vom zu zum zur aus als wie so doch aber und
    oder dazu darüber heute gestern morgen jetzt nun hier dort damit denn dass wenn weil obwohl trotz seit
    unter über vor hinter neben zwischen durch gegen ohne um bis alle viele einige jeder jede jedes kein
    keine mehr weitere weiteren neue neuen sein seine ihre ihren unser unsere wer was wo warum wieso
    seiner seinem seinen seines ihrer ihrem ihres unserer unserem unseren meiner meine deren dessen da
    januar februar märz april mai juni juli august september oktober november dezember montag dienstag
    mittwoch donnerstag freitag samstag sonntag sonnabend insgesamt zudem außerdem ebenso bereits
    allerdings jedoch zuvor danach anschließend schließlich dabei daher deshalb dennoch somit also
    gemeinsam deutschland europa berlin sachsen dresden leipzig chemnitz bundesregierung regierung
    polizei ministerium bundesministerium staatsministerium landesregierung zentrum verwaltung senat
    feuerwehr staatsanwaltschaft gericht gewerkschaft partei institut universität stadt land bund
    sozialministerium freistaat landtag bundestag kommission behörde amt verband presse
    union nationen staaten republik rat bank gruppe konzern agentur zeitung welt online
    inneres sport justiz bildung finanzen kultur umwelt verkehr wirtschaft arbeit soziales gesundheit
    wissenschaft forschung digitalisierung integration familie jugend
    """.split()
)
_NOUN_SUFFIX_RE = re.compile(
    r"(?:ung|ungen|heit|keit|schaft|schaften|tion|tionen|tät|ismus|ium|nisse|tum|ment|"
    r"ministerium|amt|ämter|verband|zentrum|gesetz|projekt|programm|bereich|netzwerk|politik|ziel)$"
)
_ADJ_END_RE = re.compile(r"(?:(?:isch|lich|sam|deutsch)(?:e|en|er|es|em)|ig(?:e|en|es|em))$")  # not -iger: Schweinsteiger
_ARTICLE_RE = re.compile(r"^(?:der|die|das|des|dem|den|ein|eine|einer|eines|einem)$", re.IGNORECASE)
_PRONOUNS = frozenset("er sie ihm ihr ihn".split())
_PARTICLES = frozenset("von van de der den zu da di du la le ten ter vom".split())
#: Particles that are German articles too: in a name only after von/van
#: (``von der Leyen``), else they start a new noun phrase (``Karl Probe den Einsatz``).
_ARTICLE_PARTICLES = frozenset("der den".split())

_TOKEN_RE = re.compile(r"[^\W\d_][\w'’\-]*\.?|\d+|[,;:()]")
# Names are Latin-script words of any European spelling (Zoë, Øystein, Łukasz, Şahin).
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽȘȚ"
_LOWER = "a-zß-öø-ÿā-žșțı'’"
_NAME_TOKEN_RE = re.compile(
    rf"^(?:Mc|Mac|El|Al|Di|De|Da|Du|La|Le|O['’])?[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)*$"
)
_SENT_START_RE = re.compile(r"(?:[.!?]|[.!?][“”«»\"])\s+(?=[A-ZÄÖÜ„»\"“])|\n|"
                            r"(?<=[a-zäöüß]{2}[.!?])(?=[A-ZÄÖÜ][a-zäöüß])")  # "sagte der Papst.Der Bruder"
_ABBREV_END_RE = re.compile(r"(?:\b(?:Dr|Prof|Nr|St|bzw|ca|Mio|Mrd|Abs|Art|Str|vgl|z\.B|u\.a|etc|Dipl|Ing)|\b[A-ZÄÖÜ]|\d)\.$")


@dataclass(frozen=True)
class Speaker:
    """Who said something: a person ``name`` (or None) and the phrase as written."""

    phrase: str
    name: Optional[str]
    role: Optional[str]


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


_PRONOMINAL_ADVERB_RE = re.compile(
    r"^(?:da|dar|hier|wo|wor)(?:aus|in|bei|für|gegen|mit|nach|neben|auf|über|um|unter|von|vor|zu|an|durch|"
    r"hinter|zwischen|innen|außen)$|^(?:demnach|demzufolge|dementsprechend|deswegen|deshalb|trotzdem|indessen)$")


@lru_cache(maxsize=65536)
def _is_name_token(tok: str) -> bool:
    if not _NAME_TOKEN_RE.match(tok) or TITLE_RE.match(tok):
        return False
    low = tok.lower()
    if _PRONOMINAL_ADVERB_RE.match(low):
        return False  # "Daraus wird …", "Demzufolge …"
    if low in _NOT_NAME or ROLE_RE.search(low) or _NOUN_SUFFIX_RE.search(low):
        return False
    if len(low) >= 8 and _ADJ_END_RE.search(low):
        return False  # "Afrikanischen", "Europäische": adjectives of a proper noun
    return True


def analyse_phrase(phrase: str, single_ok: bool = True) -> Optional[Speaker]:
    """Read a speaker phrase (``Integrationsministerin Petra Köpping``,
    ``Vogel``, ``der Sprecher``) into name and role.

    A name is two or more name tokens, or one token right after a role word or
    title (``Staatsministerin Köpping``); a single bare token counts only at
    the start of the phrase and when ``single_ok`` (``so Vogel weiter``).
    """
    stripped = phrase.rstrip()
    if stripped.endswith(".") and not TITLE_RE.match(stripped.rsplit(None, 1)[-1]) \
            and not _ABBREV_END_RE.search(stripped[-6:]):
        phrase = stripped[:-1]  # a sentence end: "sagt Dr. Barbara Slowik."
    toks = _tokens(phrase)
    if not toks:
        return None
    best: Optional[tuple[int, int]] = None  # token index range of the name
    i = 0
    n = len(toks)
    while i < n:
        tok = toks[i][0]
        if (_is_name_token(tok) or TITLE_RE.match(tok)) and not (toks[i][1] > 0 and phrase[toks[i][1] - 1] == "-"):
            j = i
            while j < n:
                t = toks[j][0]
                if _is_name_token(t) or TITLE_RE.match(t):
                    j += 1
                elif t.lower() in _PARTICLES and j + 1 < n and j > i and _is_name_token(toks[j + 1][0]) and (
                        t.lower() not in _ARTICLE_PARTICLES or toks[j - 1][0].lower() in ("von", "van", "vom", "de")):
                    j += 1
                else:
                    break
            k = i
            while k < j and TITLE_RE.match(toks[k][0]):
                k += 1
            if k < j:
                size = j - k
                if size > 5:
                    # "John Sifton von Human Rights Watch": the name ends at the particle
                    p = next((q for q in range(k + 1, j) if toks[q][0].lower() in _PARTICLES), j)
                    j, size = p, p - k
                prev = toks[k - 1][0] if k > 0 else ""
                weak = False
                if size >= 2:
                    good = True
                elif prev and (ROLE_RE.search(prev.lower()) or TITLE_RE.match(prev)) and prev[:1].isupper():
                    good = True
                elif k + 1 < n and toks[k + 1][0].lower() in ("sie", "er", "es", "wir", "man", "ich"):
                    good = False  # a verb first, its subject after it: "Kämen sie dem nicht nach"
                else:
                    good = weak = single_ok and k == 0
                if good and size <= 5:
                    if not weak:
                        best = (k, j)
                        break
                    # a bare word first ("Berlins Innensenator Andreas Geisel"):
                    # a fuller name later in the phrase wins
                    best = best or (k, j)
            i = max(j, i + 1)
        else:
            i += 1
    if best is None:
        return _plain_phrase(phrase)
    k, j = best
    name_toks = [t[0] for t in toks[k:j]]
    if name_toks[-1].lower() in _PARTICLES:
        name_toks = name_toks[:-1]
    name = " ".join(name_toks)
    start = toks[k][1]
    role_part = phrase[:start].rsplit(",", 1)[-1]
    role_words = [w for w in role_part.split() if not _ARTICLE_RE.match(w)]
    while role_words and not (role_words[0][:1].isupper() or TITLE_RE.match(role_words[0])):
        role_words.pop(0)
    role = " ".join(role_words).strip(" ,") or None
    if role and (SPEECH_VERB_RE.search(role) or len(role_words) > 6):
        role = None
    return Speaker(phrase.strip(), name, role)


def _plain_phrase(phrase: str) -> Optional[Speaker]:
    """A speaker that is not a name: a pronoun or ``der Sprecher``."""
    words = phrase.split()
    if not words:
        return None
    if words[0].lower() in _PRONOUNS:
        return Speaker(words[0], None, None)
    if words[0].lower() in ("einer", "eine", "eines") and len(words) > 2 and words[1] in ("der", "des"):
        # "Einer der 13 beteiligten Feuerwehrmänner"
        out = words[:2]
        for w in words[2:6]:
            out.append(w.strip(",.;:"))
            if w[:1].isupper():
                return Speaker(" ".join(out), None, None)
        return None
    if _ARTICLE_RE.match(words[0]) or words[0].lower() in ("ein", "eine", "einer", "einen"):
        out = [words[0]]
        for w in words[1:5]:
            if w[:1].isupper():
                out.append(w.strip(",.;:"))
                break
            if re.fullmatch(r"(?:\d+-)?[a-zäöüß\-]+(?:e|en|er|es|em)", w):
                out.append(w)
                continue
            break
        if len(out) >= 2 and out[-1][:1].isupper():
            return Speaker(" ".join(out), None, None)
        return None
    if words[0].lower() in ("einer", "eine", "eines") and len(words) > 2 and words[1] in ("der", "des"):
        out = words[:2]
        for w in words[2:6]:
            out.append(w.strip(",.;:"))
            if w[:1].isupper():
                return Speaker(" ".join(out), None, None)
        return None
    if words[0][:1].isupper() and ROLE_RE.search(words[0].lower().strip(",.;:")):
        # "Vertreter der deutschen Bauverbände", "Analysten"
        out = [words[0].strip(",.;:")]
        if len(words) > 2 and words[0][-1:] not in ",.;:" and words[1] in ("der", "des"):
            for w in words[1:5]:
                out.append(w.strip(",.;:"))
                if w[:1].isupper() or w[-1:] in ",.;:":
                    break
        return Speaker(" ".join(out), None, None)
    return None


_NP_TOKEN_RE = re.compile(r"^(?:[A-ZÄÖÜ][\w'’.\-]*|der|die|das|des|dem|den|ein|eine|einer|eines|einem|von|van|de|zu|und|"
                          r"[a-zäöüß\-]+(?:e|en|er|es|em)|\d+-[\wäöü]+|\d{1,4}|[()]+[\wÄÖÜäöü\-]*[()]*)$")


def _np_tail(text: str) -> str:
    """The noun phrase that ends ``text`` (the subject right before a verb)."""
    words = text.replace(",", " , ").split()
    out: list[str] = []
    for w in reversed(words):
        if w == "," or not _NP_TOKEN_RE.match(w):
            break
        out.append(w)
    while out and out[-1].lower() in ("und", "von", "zu"):
        out.pop()
    return " ".join(reversed(out[:10]))


_SKIP_AFTER_VERB = frozenset(
    """dazu daraufhin zudem auch weiter weiterhin jedoch außerdem ebenfalls abschließend heute gestern noch
    bereits damals nun jetzt dann deshalb daher allerdings sich ihn es das dies zufolge später erneut
    wörtlich""".split()
)
_PREPOSITIONS = frozenset(
    "am im in bei mit gegenüber vor nach auf an für über unter zum zur vom aus während anlässlich".split()
)


# --- step 2: attribution ----------------------------------------------------

_AFTER_RE = re.compile(
    r"^[\s,]*(?:[-–—]\s*)?(?:(?P<so>so)\s+(?:(?:" + _V + r")\w{0,5}\s+(?:ihn|sie|es|das|dies)?\s*)?|"
    r"(?P<verb>(?:" + _V + r")\w{0,5})\s+(?:(?:sich|dazu|daraufhin|abschließend|zudem|außerdem|ebenfalls|weiter|auch|noch|heute|gestern)\s+){0,2})"
    r"(?P<rest>[^\n]{0,250})",
)
_PHRASE_STOP_RE = re.compile(
    r"\s+(?:weiter|weiterhin|heute|gestern|am|im|in|bei|auf|gegenüber|zu[rm]?|dazu|abschließend|zudem|außerdem|"
    r"ebenfalls|auch|anlässlich|während|nach|vor|mit|über|laut|und\s+(?:fügte|fügt|ergänzte|betonte|sagte)|"
    r"\w+te\s+(?:er|sie))\b|(?<!\bDr)(?<!\bProf)(?<!\bSt)(?<!\b[A-Z])[.;!?:]\s|[.;!?:]$|[„»“\"(]|"
    r"(?<=[a-zäöüß]{2})[.!?](?=[A-ZÄÖÜ][a-zäöüß])"
)
_COLON_END_RE = re.compile(r":\s*$")
_AFTER_AUX_RE = re.compile(
    r"^[\s,]*(?:hatte|hat|habe|hätte)\s+(?P<rest>[^\n.;:„“»«\"]{2,100}?)\s+(?:gesagt|erklärt|betont|gemeint|"
    r"geschrieben|berichtet|gewarnt|gefordert|kritisiert|ergänzt|hinzugefügt|bekräftigt|versichert|bestätigt|"
    r"geäußert|erläutert|unterstrichen|formuliert|angekündigt)\b")
_CLAUSE_VERB_RE = re.compile(r"\b(?:" + _V + r")\w{0,5}\b")


class QuoteExtractor:
    """Find quotes in the texts of one release; resolve speakers across them."""

    def __init__(self, texts: Iterable[str], exclude_names: Iterable[str] = ()):
        self._names = _NameRegistry(texts)
        self._known = self._names.tokens()
        self._exclude = {n.lower() for n in exclude_names if n}
        self._exclude_last = {n.split()[-1].lower() for n in exclude_names if n and n.split()}
        self.last_person: Optional[Speaker] = None
        self._rejected = False
        self._roles: dict[str, str] = {}

    # -- public --
    def extract(self, text: str, field: str = "body") -> list[Quote]:
        quotes: list[Quote] = []
        spans = quote_spans(text) if _MARK_RE.search(text) else []
        # Attribution costs a few regex searches per span; a real release has
        # dozens. Cap it so a file full of quotation marks stays fast.
        spans = spans[:MAX_SPANS]
        prev_speaker: Optional[Speaker] = None
        prev_end = -1
        self._last_quote_speaker: Optional[Speaker] = None
        self._last_quote_end = -1
        for idx, (o, c, closed) in enumerate(spans):
            inner_start, inner_end = o + 1, c
            while inner_start < inner_end and text[inner_start].isspace():
                inner_start += 1
            inner_end = _trim_end(text, inner_start, inner_end)
            while inner_end > inner_start and text[inner_end - 1] in ", \t\n":
                inner_end -= 1
            if inner_end <= inner_start:
                continue
            inner = text[inner_start:inner_end]
            if _looks_like_title(text, inner_start, inner_end, inner) and not _speech_cue_adjacent(text, o, c) \
                    and not (len(inner.split()) >= 3 and _SLOGAN_RE.search(text[max(0, o - 40):o])) \
                    and not ((inner[:1].islower() or _after_bare_article(text, o) and not _ACRONYM_RE.search(inner)) and "." not in inner
                             and _SUBJ_RE.search(_mask_quotes(text[_sentence_start(text, o):_sentence_end(text, c)]))):
                # words in reported speech ("die Fraktion nehme das „zur Kenntnis“")
                # are said, whatever they look like
                continue
            if len(inner.split()) <= 2 and not self._said(text, o, c, len(inner.split()) == 1):
                continue  # a one- or two-word label ("„Twitter“", "„Austausch“") needs a speech cue
            speaker = self._typed(self._attribute(text, o, c + (1 if closed else 0), inner))
            sentence_like = _sentence_like(inner)
            if speaker is None:
                # a cue in the quote's own sentence beats carrying over the speaker before
                s_start = _sentence_start(text, o)
                sent = _mask_quotes(text[s_start:_sentence_end(text, c)])
                cue = self._typed(_sentence_cue(sent, o - s_start, self._known))
                if cue is not None and cue.phrase.lower() not in _PRONOUNS:
                    speaker = cue
            if speaker is None and sentence_like and prev_speaker is not None:
                gap = text[prev_end:o]
                if "\n\n" not in gap and len(gap) < 200 and not _CLAUSE_VERB_RE.search(gap):
                    speaker = prev_speaker
            if speaker is None:
                speaker = self._typed(self._context_speaker(text, o, c + (1 if closed else 0), inner))
            if speaker is None and self._rejected:
                speaker = self._next_candidate(text, o, prev_speaker, prev_end)
            self._rejected = False
            if speaker is None:
                continue
            if speaker.name is None and speaker.phrase.lower() in _PRONOUNS:
                speaker = self._previous_person(text, o, speaker.phrase) or speaker
            speaker = self._resolve(speaker)
            if speaker is None:
                continue
            quotes.append(Quote(inner, speaker.name or speaker.phrase, speaker.role, inner_start, inner_end, "direct",
                                field, self.speaker_kind(speaker)))
            prev_speaker, prev_end = speaker, c + 1
            self._last_quote_speaker, self._last_quote_end = speaker, c + 1
        quotes.extend(self._indirect(text, field, spans))
        quotes.sort(key=lambda q: q.start)
        return quotes

    @staticmethod
    def _said(text: str, o: int, c: int, one_word: bool = False) -> bool:
        """A speech cue for the quote at ``o``..``c``: a speech verb next to it,
        a colon before it, or a speech verb or reported-speech verb form in its
        sentence. A single word needs the cue right by it, or an ``als`` or
        article before it with a speech verb near (``als „übertrieben“
        bezeichnet``, ``einen „Verräter“ nannte``)."""
        if _speech_cue_adjacent(text, o, c):
            return True
        if text[max(0, o - 3):o].rstrip().endswith(":"):
            return True
        s_start = _sentence_start(text, o)
        sent = _mask_quotes(text[s_start:_sentence_end(text, c)])
        near = _mask_quotes(text[max(s_start, o - 120):min(len(text), c + 60)])
        if one_word and not _SUBJ_RE.search(sent):
            before = text[max(s_start, o - 60):o].split()
            # "nannte seinen Platzverweis „…“" (the words said after the object; "nennt „Twitter“" names one)
            named = any(_LABEL_CUE_RE.fullmatch(w.lower()) and not _MARK_RE.search(" ".join(before[i + 1:]))
                        for i, w in enumerate(before) if i >= len(before) - 4 and i < len(before) - 1)
            prev = before[-1] if before else ""
            return (named or prev == "als" or bool(_ARTICLE_RE.match(prev)) or prev in ("einen", "von", "vom")) \
                and bool(_LABEL_CUE_RE.search(near))
        if _SUBJ_RE.search(sent) or _CTX_LAUT_RE.search(sent) or _CTX_ZUFOLGE_RE.search(sent):
            return True
        # "… als „übertrieben“ bezeichnet", "nannte ihn einen „Verräter“"
        return bool(_LABEL_CUE_RE.search(near))

    def _typed(self, sp: Optional[Speaker]) -> Optional[Speaker]:
        """``sp`` when it can speak (a name, or a phrase of a typed kind), else None."""
        if sp is None:
            return None
        self._rejected = True
        if sp.name:
            if self._name_ok(sp.name, sp.role) and (
                    self.is_person(sp.name, sp.role) or noun_kind(sp.name.split()[-1]) or len(sp.name.split()) == 1):
                self._rejected = False
                return sp
            sp = Speaker(trim_phrase(sp.phrase), None, sp.role)
        if phrase_kind(sp.phrase):
            self._rejected = False
            return sp
        head = phrase_head(sp.phrase)
        if head and head.lower() in self._known:
            self._rejected = False
            return sp
        return None

    def _next_candidate(self, text: str, o: int, prev: Optional[Speaker], prev_end: int) -> Optional[Speaker]:
        """When every cue's candidate was no speaker: the subject the quote's
        sentence starts with, else the speaker of the quote before in the
        same paragraph."""
        start = _sentence_start(text, o)
        sp = self._typed(_leading_subject(_mask_quotes(text[start:o])))
        if sp is not None:
            return sp
        if prev is not None and prev_end >= 0 and "\n\n" not in text[prev_end:o] and o - prev_end < 600:
            return prev
        return None

    def speaker_kind(self, sp: Speaker) -> str:
        """``person``, ``role``, ``organisation``, ``media``, ``document``,
        ``pronoun`` or ``""`` (see :class:`searcher.models.Quote`)."""
        if sp.name:
            if self.is_person(sp.name, sp.role):
                return "person"
            return noun_kind(sp.name.split()[-1]) or ""
        return phrase_kind(sp.phrase) or ""

    def _name_ok(self, name: str, role: Optional[str] = None) -> bool:
        """A name that names no thing (``Ortsteil Karlshorst``, ``Opel Corsa``)
        and, when it is one word the release writes in no full name and after
        no role or title, no adverb, conjunction or adjective (``Stadtweit``,
        ``Bevor``, ``Zwischenzeitlich`` are no names)."""
        toks = name.split()
        if names_thing(toks[0]) or any(_PLACE_END_RE.search(t.lower()) for t in toks[1:]):
            return False
        if len(toks) > 1 and len(toks[0]) >= 9 and toks[0].endswith("es"):
            return False  # a genitive noun before a name: "Flughafengeländes Tempelhof"
        if any(t in ("der", "den", "dem", "des") and (i == 0 or toks[i - 1].lower() not in ("von", "van", "vom"))
               for i, t in enumerate(toks)):
            return False  # "Rahmen der Unfallaufnahme", "Uhr den Notruf"
        if len(toks) == 2 and any(t.endswith("s") and t[:-1].lower() in self._known for t in toks):
            return False  # a genitive of a person and a noun: "Gaddafis Tod", "Rücktritt Nixons"
        if len(toks) > 1 or toks[0].lower() in self._known or _after_role(role):
            return True
        low = toks[0].lower()
        return not (low in _FRONT_ADVERB or low in _NOT_PERSON or low in _FUNCTION_WORDS
                    or _NOT_NAME_END_RE.search(low))

    def is_person(self, speaker: Optional[str], role: Optional[str] = None) -> bool:
        if not speaker or not self._names.is_name(speaker) or not self._name_ok(speaker, role):
            return False
        toks = speaker.split()
        if any(t.lower() in _FRONT_ADVERB or t.lower() in _NOT_PERSON or _PLACE_END_RE.search(t.lower()) for t in toks):
            return False
        first = toks[0].lower()
        if len(toks) > 1 and len(first) >= 8 and first.endswith(("en", "ens")):
            return False  # a verb as a noun: "Zündens von Pyrotechnik", "Einschreiten von …"
        if len(toks) == 1:
            # a bare surname counts when the release names the person in full,
            # or when a role or title stands right before it ("Innensenator Geisel")
            if first in self._known:
                return True
            return _after_role(role)
        return speaker.lower() in self._names.full_names() or toks[0].lower() in self._known

    # -- attribution --
    def _attribute(self, text: str, o: int, c: int, inner: str) -> Optional[Speaker]:
        if o > 0 and text[o - 1] == "(":
            # "…, Mohammed ElBaradei („Mir fällt niemand ein.“), …": the name before the bracket
            tail = _np_tail(_mask_quotes(text[_sentence_start(text, o):o - 1]))
            whole = analyse_phrase(tail, single_ok=False) if tail else None
            if whole is not None and whole.name:
                return whole
        sp = self._cue_after(text, c, not text[_sentence_start(text, o):o].strip())
        if sp is not None:
            return sp
        start = _sentence_start(text, o)
        before = text[start:o]
        if not before.strip():
            # "… sagt Name:\n„…“": the intro ends the line before
            k = start
            while k > 0 and text[k - 1].isspace():
                k -= 1
            if k > 0 and text[k - 1] == ":" and o - k < 4:
                start = _sentence_start(text, k - 1)
                before = text[start:o]
        if _COLON_END_RE.search(before):
            clause = before.rstrip()[:-1]
            masked = _mask_quotes(clause)
            m = _COORD_TAIL_RE.search(masked)
            sp = None
            if m and not _CLAUSE_VERB_RE.search(m.group("np")):
                # "…, und der norwegische Ministerpräsident Jens Stoltenberg: „…“"
                whole = analyse_phrase(m.group("np"), single_ok=False)
                sp = self._typed(whole) if whole and whole.name else None
            if sp is None:
                sp = self._typed(_sentence_cue(masked, len(masked), self._known))
            if sp is None:
                short = clause.rsplit(",", 3)[-1] if clause.count(",") > 2 else clause
                sp = self._typed(self._phrase_before(short, _CLAUSE_VERB_RE))
            if sp is None:
                sp = self._typed(_leading_subject(masked))
            return sp
        if before.strip():
            # a speech verb earlier in the same sentence: "X sagte, … „…“"
            masked = _mask_quotes(before)
            if _SAY_RE.search(masked):
                sp = self._typed(_sentence_cue(masked, len(masked), self._known))
                if sp is not None:
                    return sp
            return self._typed(self._phrase_before(before, _SAY_RE, strict=True))
        return None

    def _cue_after(self, text: str, c: int, starts_sentence: bool = True) -> Optional[Speaker]:
        """The speaker a cue right after the quote names (``„…“, sagte X``,
        ``„…“, heißt es in X``, ``„…“, hatte X erklärt``, ``„…“. Das musste X
        einräumen``); ``c`` is just after the closing mark."""
        after = text[c:c + 260]
        nl = after.find("\n")
        if nl >= 0:
            after = after[:nl]
        m = _AFTER_RE.match(after)
        if m and (m.group("so") or m.group("verb")):
            sp = self._typed(self._phrase_after(m.group("rest")))
            if sp:
                return sp
        m = _DAS_SAID_RE.match(text[c:c + 260]) if starts_sentence else None
        if m and (_CTX_VERB_RE.search(m.group("rest")) or _ADMIT_RE.search(m.group("rest"))):
            # "„Ja, es gibt Zumutungen“. Das musste der Minister einräumen."
            words = m.group("rest").split()[1:9]
            cut = next((i for i, w in enumerate(words) if w in _ALL_PREPOSITIONS), len(words))
            words = words[:cut]
            sp = self._typed(analyse_phrase(_np_head(" ".join(words)))) if words else None
            if sp is not None:
                return sp
        m = _AFTER_HEISST_RE.match(after)
        if m:
            # "„…“, heißt es dazu in einer Mitteilung des Vereins", "„…“, hieß es aus Paris"
            pp = _SOURCE_PP_RE.match(" " + m.group("rest")) or _VON_PP_RE.match(m.group("rest"))
            if pp:
                sp = analyse_phrase(pp.group("np"))
                sp = self._typed(sp if sp is not None and sp.name else Speaker(pp.group("np"), None, None))
                if sp is not None:
                    return sp
        m = _AFTER_AUX_RE.match(after)
        if m:
            # "„…“, hatte VW-Chef Beispiel in einem Interview erklärt"
            sp = self._typed(self._phrase_after(m.group("rest")))
            if sp:
                return sp
        return None

    def _phrase_after(self, rest: str) -> Optional[Speaker]:
        words = rest.split()
        while words and words[0].lower() in _SKIP_AFTER_VERB:
            words.pop(0)
        rest = " ".join(words)
        stop = _PHRASE_STOP_RE.search(rest)
        phrase = rest[:stop.start()] if stop else rest
        phrase = phrase.strip(" ,")
        if not phrase:
            return None
        head, sep, tail = phrase.partition(",")
        sp = analyse_phrase(head)
        if sp is None or sp.name is None:
            # "der Oberkommandierende General …, General George Casey"
            whole = analyse_phrase(phrase, single_ok=False)
            if whole and whole.name:
                return whole
            return sp
        if sep and not sp.role:
            first_tail = tail.split()[:1]
            if first_tail and (ROLE_RE.search(first_tail[0].lower().strip(",")) or _ARTICLE_RE.match(first_tail[0])):
                end = re.search(r"[.;!?]\s|[.;!?]$|\n", rest[len(head) + 1:])
                role = rest[len(head) + 1:len(head) + 1 + (end.start() if end else len(rest))].strip(" ,")
                return Speaker(head.strip(), sp.name, role or None)
        return sp

    def _phrase_before(self, clause: str, verb_re: re.Pattern, strict: bool = False) -> Optional[Speaker]:
        clause = clause.strip()
        if not clause:
            return None
        verbs = list(verb_re.finditer(clause))
        if verbs:
            v = verbs[-1]
            after_v = clause[v.end():]
            words = after_v.split()
            while words and words[0].lower() in _SKIP_AFTER_VERB:
                words.pop(0)
            after = None
            if words and words[0].lower() not in _PREPOSITIONS and (
                    words[0][:1].isupper() or words[0].lower() in _PRONOUNS or _ARTICLE_RE.match(words[0])):
                # "sagte Filep Karma" / "erklärte er" / "sagte der Sprecher"
                after = analyse_phrase(_np_head(" ".join(words[:8])))
            subject = _np_tail(clause[:v.start()])
            before = analyse_phrase(subject) if subject else None
            # A name wins; an article phrase after the verb is usually its
            # object ("nannte den Bericht"), so the subject before it wins then.
            # A name that fills the whole field before the verb is its subject,
            # and the name after the verb its object ("Netanyahu nannte
            # Trumps Auftrag „…“").
            pre_words = clause[:v.start()].split()
            first = (before,) if before and before.name and subject and len(subject.split()) == len(pre_words) else ()
            for sp in first + (after, before):
                if sp and sp.name:
                    return sp
            if after and after.phrase.lower() in _PRONOUNS:
                return after
            if before:
                return before
            if after and after.phrase.split()[0].lower() in ("der", "die", "ein", "eine"):
                return after
            return None
        if strict or len(clause.split()) > 10:
            return None
        whole = analyse_phrase(clause, single_ok=False)
        if whole is not None and whole.name:
            return whole  # "Name, Role:" / "Name fasst das Projekt zusammen:"
        words = clause.split()
        if len(words) >= 2 and words[0].lower() in ("ein", "eine", "der", "die") and ROLE_RE.search(words[1].lower().strip(",")):
            return Speaker(" ".join(words[:2]).strip(","), None, None)  # "Ein Hauptkommissar nach der Festnahme:"
        if len(words) >= 3 and words[0].lower() in _FRONT_ADVERB and words[0].lower() not in _ALL_PREPOSITIONS \
                and words[1][:1].islower() and not _ARTICLE_RE.match(words[1]):
            # "Hier sparte der Präsident nicht mit Kritik:": adverb, verb, then the subject
            sp = self._typed(analyse_phrase(_np_head(" ".join(words[2:10]))))
            if sp is not None:
                return sp
        m = _FRONTED_PHRASE_RE.match(clause)
        if m:
            # "Auf das Echo reagierend, veröffentlichte der Verfasser einen Kommentar:"
            sp = self._typed(analyse_phrase(_np_head(m.group("rest"))))
            if sp is not None:
                return sp
        subject = _np_tail(clause)
        if not subject:
            return None
        lead = clause[:len(clause.rstrip()) - len(subject)].split()
        if lead and lead[-1].lower() in _ALL_PREPOSITIONS:
            return None  # the noun after a preposition is no subject ("mit Kritik:")
        return analyse_phrase(subject)

    def _resolve(self, sp: Speaker) -> Optional[Speaker]:
        if sp.name:
            full = self._names.fullest(sp.name)
            if full.lower() in self._exclude or (len(full.split()) == 1 and full.lower() in self._exclude_last):
                return None
            role = _clean_role(sp.role) or self._roles.get(full) or self._names.roles.role_of(full)
            if role:
                self._roles.setdefault(full, role)
            sp = Speaker(sp.phrase, full, role)
            self.last_person = sp
            return sp
        if sp.phrase.lower() in _PRONOUNS:
            if not self._fits(sp.phrase, self.last_person):
                return sp
            last = self.last_person
            if last is not None and last.name and not last.role:
                last = Speaker(last.phrase, last.name, self._names.roles.role_of(last.name))
            return last
        words = sp.phrase.split()
        if 1 <= len(words) <= 3 and (words[0].lower() in ("der", "die") or len(words) == 1):
            # "der Bundespräsident" after "Bundespräsident Horst Köhler"
            got = self._names.roles.resolve(phrase_head(sp.phrase))
            if got is not None:
                sp = Speaker(sp.phrase, got[0], got[1])
                self.last_person = sp
        return sp

    # -- speaker from the sentence and the discourse --
    def _context_speaker(self, text: str, o: int, c: int, inner: str) -> Optional[Speaker]:
        """A quote with no cue next to it: a cue elsewhere in its sentence
        (``X begründete das mit einer „…“``, ``laut X``, ``X zufolge``), else
        the speaker of the reported speech it stands in (a subjunctive
        sentence or a whole quoted sentence continues the previous speaker)."""
        s_start = _sentence_start(text, o)
        s_end = _sentence_end(text, c)
        sent = _mask_quotes(text[s_start:s_end])
        rel_o = o - s_start
        sp = self._typed(_sentence_cue(sent, rel_o, self._known))
        if sp is not None:
            if sp.name is None and sp.phrase.lower() in _PRONOUNS:
                prev = self._previous_speaker(text, s_start)
                return prev or sp
            return sp
        if _sentence_like(inner) or _SUBJ_RE.search(sent) or not sent[:rel_o].strip():
            sp = self._previous_speaker(text, s_start)
            if sp is None and self._last_quote_speaker is not None and o - self._last_quote_end < 1500:
                sp = self._last_quote_speaker
            if sp is None:
                sp = self._previous_subject(text, s_start)
            if sp is None and _SUBJ_RE.search(sent):
                # reported speech: the person last named in it or just before,
                # when the release introduced them with a role or form of address
                sp = self._previous_person(text, o)
                if sp is not None and not self._introduced(sp.name or ""):
                    sp = None
            return sp
        if ", dass" in sent[:rel_o]:
            main = sent[:sent.find(", dass")]
            sp = _leading_subject(main)
            if sp is None or sp.name is None:
                whole = analyse_phrase(main, single_ok=False)
                sp = whole if whole and whole.name else sp
            return sp
        return self._clause_subject(sent, rel_o, inner)

    def _clause_subject(self, sent: str, rel_o: int, inner: str) -> Optional[Speaker]:
        """No cue at all: the typed subject the quote's clause starts with
        (``Meteorologen rechnen mit „…“``, ``Das Amt empfiehlt einen „…“``).
        One- and two-word labels need a cue (``die Aktion „Sauberer Park“``)."""
        m = _PASSIVE_AGENT_RE.search(sent)
        if m:
            # "Seine Werke werden von Kritikern als „…“ bezeichnet": the von-agent
            sp = analyse_phrase(m.group("np"))
            return self._typed(sp if sp is not None and sp.name else Speaker(m.group("np"), None, None))
        if len(inner.split()) < 3:
            return None
        prev = sent[:rel_o].split()[-1:]
        if prev and (prev[0][:1].isupper() or re.fullmatch(r"[a-zäöüß]+(?:enen|ierten|ten)", prev[0])):
            return None  # a name of a thing: "die Hauptursache „…“", "des 2009 gegründeten „…“"
        cl_start = max(sent.rfind(";", 0, rel_o), sent.rfind(":", 0, rel_o), sent.rfind("\n", 0, rel_o)) + 1
        clause = sent[cl_start:rel_o]
        if not clause.strip() or clause.lstrip()[:1].islower():
            return None
        words = clause.split()
        if len(words) < 2:
            return None
        head = " ".join(words[:8])
        sp = _leading_subject(head) if words[0].lower() not in _FRONT_ADVERB else None
        sp = self._typed(sp)
        if sp is not None and sp.phrase.lower() not in _PRONOUNS:
            return sp
        return None

    def _fits(self, pronoun: str, sp: Optional[Speaker]) -> bool:
        """``er`` never stands for a woman, ``sie`` never for a man (when the
        release tells their gender by a role or a form of address)."""
        if sp is None or not sp.name:
            return sp is not None
        g = self._names.gender.get(sp.name) or gender_of((sp.role or "").split()[-1] if sp.role else "")
        p = pronoun.lower()
        return not ((p == "er" and g == "f") or (p == "sie" and g == "m"))

    def _previous_person(self, text: str, pos: int, pronoun: str = "") -> Optional[Speaker]:
        """Who ``er``/``sie`` before ``pos`` stands for: the first person the
        release names in full mentioned in the sentence (before ``pos``) or one
        of the two sentences before it, within the paragraph."""
        end = pos
        start = _sentence_start(text, max(0, pos - 1)) if pos > 0 else 0
        for _ in range(3):
            sent = _mask_quotes(text[start:end])
            cut = sent.rfind("\n\n")
            if cut >= 0:
                sent = sent[cut:]
            for m in _CAP_WORD_RE.finditer(sent):
                full = self._names.fullest(m.group())
                if len(full.split()) >= 2 and full.lower() in self._names.full_names() and self.is_person(full) \
                        and self._fits(pronoun, Speaker(m.group(), full, None)):
                    return Speaker(m.group(), full, None)
            if cut >= 0 or start <= 0:
                break
            end = start
            start = _sentence_start(text, max(0, end - 1))
            if start >= end:
                break
        return None

    def _introduced(self, name: str) -> bool:
        """The release introduces ``name`` as a person: with a role or a form
        of address, or by naming them more than once (a capitalised pair at a
        sentence start, ``Lautstarkes Klopfen``, is none)."""
        return bool(self._names.roles.role_of(name) or self._names.gender.get(name)
                    or self._names.mentions(name) > 1)

    def _previous_subject(self, text: str, pos: int) -> Optional[Speaker]:
        """A person named as the subject of one of the three sentences before."""
        for start, end in _sentences_before(text, pos):
            sent = _mask_quotes(text[start:end])
            head = []
            for w in sent.split()[:8]:
                if not (w[:1].isupper() or _ARTICLE_RE.match(w) or w in _PARTICLES):
                    break
                head.append(w)
            sp = analyse_phrase(" ".join(head)) if head else None
            if sp is not None and sp.name and self._names.fullest(sp.name).lower() in self._names.full_names() \
                    and self._introduced(self._names.fullest(sp.name)):
                return sp
        return self.last_person

    def _previous_speaker(self, text: str, pos: int) -> Optional[Speaker]:
        """The speaker of one of the (at most three) sentences before ``pos``,
        or of the last attributed quote when it is near."""
        for start, end in _sentences_before(text, pos):
            sent = _mask_quotes(text[start:end])
            if sent.count("\n\n") > 1:
                break
            sp = _sentence_cue(sent, len(sent), self._known)
            if sp is not None and sp.phrase.lower() not in _PRONOUNS:
                return sp
            if self._last_quote_end > start and self._last_quote_speaker is not None:
                return self._last_quote_speaker
        return None

    # -- indirect speech --
    def _indirect(self, text: str, field: str, spans) -> list[Quote]:
        out = []
        if ", dass" not in text:
            return out
        for m in _INDIRECT_RE.finditer(text):
            clause_start = _sentence_start(text, m.start())
            if any(o <= m.start() < c for o, c, _ in spans):
                continue
            subject = text[clause_start:m.start("verb")]
            sp = analyse_phrase(_subject_head(subject)) if subject.strip() else None
            if not sp or not sp.name:
                continue
            sp = self._resolve(sp)
            if not sp or not sp.name or not self._name_ok(sp.name, sp.role) or not self.is_person(sp.name, sp.role):
                continue  # indirect speech is kept for persons only
            out.append(Quote(text[m.start("content"):m.end("content")], sp.name, sp.role,
                             m.start("content"), m.end("content"), "indirect", field, self.speaker_kind(sp)))
        return out


_INDIRECT_RE = re.compile(
    r"(?P<verb>\b(?:sag|erklär|betont|meint|bekräftigt|versichert|bestätigt|unterstrich|unterstreicht|"
    r"kritisiert|warnt|mahnt|fordert|verwies|verweist|erinnert|argumentiert|berichtet|hob|stellt|gab|gibt)\w{0,5})"
    r"(?:\s+\w+){0,3},\s+(?P<content>dass\s[^\n]{3,600}?[.!?])(?=\s|$)"
)


def _np_head(text: str) -> str:
    """The noun phrase that starts ``text`` (the subject right after a verb)."""
    out: list[str] = []
    for w in text.replace(",", " , ").split():
        if w == "," or not _NP_TOKEN_RE.match(w) or w.lower() in _SKIP_AFTER_VERB:
            break
        out.append(w)
    return " ".join(out[:8])


_SAY_RE = re.compile(
    r"\b(?:sag|erklär|betont|meint|bekräftigt|versicher|bestätigt|äußert|kritisiert|warnt|fordert|"
    r"schrieb|schreib|bezeichnet|nannte|nennt|sprach|sprich|zitiert|unterstrich|unterstreicht|mahnt|"
    r"kommentiert|berichtet|beklagt|lobt|rief|ruft|antwortet|erläutert|verwies|verweist|wertet)\w{0,5}\b|"
    r"\blaut\b|\bzufolge\b"
)


def _subject_head(subject: str) -> str:
    words = subject.split()
    return " ".join(words[-10:]) if len(words) > 10 else subject


def _sentences_before(text: str, pos: int, count: int = 3):
    """(start, end) of up to ``count`` sentences ending at or before ``pos``, nearest first."""
    end = pos
    for _ in range(count):
        if end <= 0:
            return
        start = _sentence_start(text, max(0, end - 1))
        if start >= end:
            return
        yield start, end
        end = start


def _sentence_start(text: str, pos: int) -> int:
    lo = max(0, pos - 400)
    window = text[lo:pos]
    best = 0
    for m in _SENT_START_RE.finditer(window):
        if m.group() != "\n" and _ABBREV_END_RE.search(window[max(0, m.start() - 6):m.start() + 1]):
            continue
        best = m.end()
    return lo + best


def _sentence_end(text: str, pos: int) -> int:
    hi = min(len(text), pos + 400)
    window = text[pos:hi]
    for m in _SENT_START_RE.finditer(window):
        if m.group() != "\n" and _ABBREV_END_RE.search(window[max(0, m.start() - 6):m.start() + 1]):
            continue
        return pos + m.start() + 1
    return hi


_QUOTED_RE = re.compile(r"„[^„“”\n]{0,400}[“”\"]|»[^»«\n]{0,400}«|«[^«»\n]{0,400}»|\"[^\"\n]{0,400}\"|“[^“”\n]{0,400}”")


def _mask_quotes(sent: str) -> str:
    """The sentence with quoted text blanked out (same length)."""
    return _QUOTED_RE.sub(lambda m: m.group()[0] + " " * (len(m.group()) - 2) + m.group()[-1], sent)


#: Konjunktiv I (and the II that stands in for it): the sentence reports speech.
_SUBJ_RE = re.compile(
    r"\b(?:sei|seien|seiest|habe|werde|könne|müsse|solle|dürfe|wolle|möge|gebe|stehe|gehe|liege|komme|"
    r"bleibe|fehle|bestehe|handele|handle|lasse|wisse|brauche|trage|mache|sehe|hätten?|wären?|würden?|"
    r"nehme|halte|gelte|zeige|führe|setze|stelle|sorge|erwarte|plane|arbeite|denke|glaube|hoffe|lehne|"
    r"unterstütze|begrüße|fordere|verlange|akzeptiere|erkenne|kenne|verstehe|finde|sitze|treffe|trete|"
    r"falle|wachse|steige|sinke|drohe|reiche|schaffe|diene|entspreche|widerspreche|verstoße|bedeute|"
    r"beginne|ende|erfolge|entstehe|existiere|gehöre|stimme|passe|zähle|lohne|koste|betrage)\b"
)
#: A speech or opinion verb anywhere in a sentence.
_CTX_VERB_RE = re.compile(
    r"\b(?:sag|erklär|betont|meint|bekräftigt|versicher|bestätigt|äußert|kritisiert|warnt|warnte|fordert|"
    r"schrieb|schreib|bezeichn|nannte|nennt|sprach|sprich|zitiert|unterstrich|unterstreicht|mahnt|"
    r"kommentiert|berichtet|beklagt|lobt|rief|ruft|antwortet|erläutert|verwies|verweist|wertet|begründet|"
    r"entgegnet|riet|rät|warb|wirbt|würdigt|attackiert|bekundet|verkündet|kündigt|teilt|teilte|fügt|räumt|"
    r"bemängelt|befürchtet|fürchtet|vermutet|hofft|glaubt|bezweifelt|verteidigt|kontert|widersprach|"
    r"widerspricht|appelliert|beschreibt|beschrieb|schildert|sieht|sah|hält|hielt|gab|gibt|zeigt|"
    r"resümiert|bilanziert|argumentiert|erinnert|ergänzt|meldet|behauptet|beschwert|wirft|warf|"
    r"spricht|nimmt|lobte|forderte|klagt|droht|drohte|sicherte|sichert|skandier|prangert|lehnt|zweifelt|"
    r"charakterisier|titulier|sprachen|riet|rät|bekanntgegeben|bekanntgab|brachte|bringt|gesagt|geäußert|"
    r"zurückgewiesen|wies|weist|führte|urteilt|geschrieben|bestreitet|bestritt|zugesichert|versichert|"
    r"geht\s+davon|ging\s+davon|ist\s+der\s+(?:Meinung|Ansicht|Auffassung))\w{0,4}\b"
)
_CTX_SO_RE = re.compile(r"(?:^|[,(–—-]\s*)so\s+(?!genannt|weit|lange|viel|dass|wie|sehr|gut|schnell|oft)(?P<rest>[^,.;:\n]{2,120})")
_CTX_LAUT_RE = re.compile(r"\b(?:[Ll]aut|[Nn]ach\s+(?:den\s+|der\s+)?(?:Angaben|Ansicht|Meinung|Auffassung|Aussagen?|Worten|"
                          r"Einschätzung|Darstellung|Informationen|Erkenntnissen))\s+(?P<rest>[^,.;:\n]{2,120})")
_PASSIVE_AGENT_RE = re.compile(
    r"\b(?:wird|wurde|werden|wurden|worden|ist|sind|war|waren)\b[^.;:\n]{0,80}?\b(?:von|vom)\s+"
    r"(?P<np>(?:(?:der|dem|den|einem|einer)\s+)?(?:[a-zäöüß\-]+(?:e|en|er|es|em)\s+){0,2}[A-ZÄÖÜ][\w\-]+"
    r"(?:\s+(?:[A-ZÄÖÜ][\w\-]+|der|des)){0,3})"
    r"[^.;:\n]{0,120}?\b(?:bezeichnet|genannt|eingestuft|eingeschätzt|kritisiert|beschrieben|gewertet|gelobt|"
    r"verurteilt|gefordert|angekündigt|dementiert|bestätigt|betont|erklärt|zitiert|kommentiert|begrüßt|"
    r"zurückgewiesen|abgelehnt|beurteilt|charakterisiert|tituliert)\b")
_PASSIVE_CITE_RE = re.compile(r"\b(?:wird|wurde|werden|wurden)\s+(?P<rest>[^.;:\n]{0,160}?)\bzitiert\b")
_CTX_ZUFOLGE_RE = re.compile(r"\bzufolge\b")
_FRONT_ADVERB = frozenset(
    """gegenüber in im am an auf bei mit nach vor während zum zur vom dazu daraufhin auch zudem dabei später
    bereits damals heute gestern dann nun jetzt außerdem weiter anschließend zuvor danach deshalb daher
    über unter gegen ohne um bis durch für ab seit laut trotz wegen derzeit selbst hier dort indes
    indessen inzwischen mittlerweile unterdessen bislang bisher immer noch kürzlich jüngst neulich
    trotzdem dennoch allerdings jedoch doch aber so zugleich gleichzeitig ebenso ebenfalls darin darüber
    hierzu hier dort erst schon zuletzt zunächst insbesondere besonders vielmehr stattdessen überdies
    wie als nachdem während weil obwohl wenn da zwar offenbar offensichtlich vermutlich angesichts aktuell
    wohl eigentlich gleichwohl demnach folglich immerhin jedenfalls freilich natürlich tatsächlich
    möglicherweise wahrscheinlich angeblich dagegen hingegen daneben zusätzlich ferner abschließend
    ursprünglich""".split()
)
#: Finite auxiliaries: ``Zwar hatte Verteidiger X betont`` has its subject right after one.
_AUX = frozenset("hat hatte hatten haben habe hätte hätten ist war waren sind sei wird wurde wurden werden "
                 "will wollte soll sollte kann konnte muss musste".split())


_POSS_VIEW_RE = re.compile(r"\b(?:[Ss]eine[rnm]?|[Ii]hre[rnm]?)\s+(?:Meinung|Ansicht|Auffassung|Einschätzung|Überzeugung|Worten|Angaben|Aussage)\s+nach\b|"
                           r"\b[Nn]ach\s+(?:sein|ihr)en\s+(?:Worten|Angaben)\b")
_CAP_WORD_RE = re.compile(r"(?<![\w\-])[A-ZÄÖÜ][\w\-’']+")
_WIE_SAID_RE = re.compile(
    r"(?:^|[,;:(–—]\s*)[Ww]ie\s+(?P<np>[^,;:\n]{2,140}?)\s+(?:(?:" + _V + r")\w{0,5}|mitteilt\w{0,2}|mitgeteilt|"
    r"gesagt|erklärt|betont|berichtet|verlautet\w{0,2}|bekanntgab|bekannt\s+gab|verkündet\w{0,2}|meldet\w{0,2}|"
    r"angab|angegeben|ausführt\w{0,2}|darlegt\w{0,2}|schilder\w{0,3})(?:\s+(?:hat|hatte|habe|haben|hatten))?\s*,")
_CITE_WORDS_RE = re.compile(r"\bzitiert\w{0,3}\s+(?:dazu\s+|auch\s+)?(?P<np>[^,.;:\n]{2,80}?)\s+mit\s+(?:den|folgenden|diesen)\s+Worten\b")
_HEISST_RE = re.compile(r"\b(?:heißt|hieß|geheißen)\s+es\b|\bes\s+(?:heißt|hieß)\b")
_SOURCE_PP_RE = re.compile(
    r"(?:^|\s)(?:[Ii]n|[Ii]m|[Aa]uf|[Aa]us)\s+(?P<np>(?:(?:der|dem|den|einer|einem|seiner|ihrer)\s+)?"
    r"(?:[a-zäöüß\-]+(?:e|en|er|es|em)\s+){0,2}(?:[A-ZÄÖÜ]|[a-z]+-[A-ZÄÖÜ])[\w\-]+(?:\s+(?:der|des|von|vom|auf\s+der)\s+[\w\-]+){0,2})")


def _np_lead(rest: str) -> str:
    """Articles, adjectives and capitalised words that start ``rest``: the
    noun phrase after ``laut`` (``Polizei`` in ``laut Polizei habe …``)."""
    out: list[str] = []
    for w in rest.split()[:6]:
        w2 = w.strip(",;:")
        if _ARTICLE_RE.match(w2) or w2[:1].isupper() and w2[:1].isalpha() or (
                out and re.fullmatch(r"[a-zäöüß\-]+(?:e|en|er|es|em)", w2) and _ARTICLE_RE.match(out[-1])):
            out.append(w2)
            if w2 != w:
                break
        else:
            break
    while out and _ARTICLE_RE.match(out[-1]):
        out.pop()
    return " ".join(out)


def _sentence_cue(sent: str, rel_o: int, known: frozenset = frozenset()) -> Optional[Speaker]:
    """The speaker a cue in the (quote-masked) sentence names, if any."""
    m = _WIE_SAID_RE.search(sent)
    if m and m.end() <= rel_o:
        # "Wie der Minister am Dienstag erklärte, sieht die Regierung …": the
        # subject of the wie-clause said it, not the subject of the main clause
        sp = analyse_phrase(_np_head(m.group("np")))
        if sp is not None:
            return sp
    m = _CITE_WORDS_RE.search(sent)
    if m:
        # "Der Spiegel zitiert den Prediger mit den Worten „…“"
        sp = analyse_phrase(m.group("np"))
        if sp is not None:
            return sp
    m = _FUER_RE.search(sent)
    if m and m.end() <= rel_o:
        # "Für den Minister Karl Probe ist die Lage „alarmierend“": the opinion holder
        sp = analyse_phrase(m.group("np"))
        if sp is not None and (sp.name or phrase_kind(sp.phrase)):
            return sp
    m = _CTX_SO_RE.search(sent)
    if m:
        sp = analyse_phrase(_np_head(m.group("rest")))
        if sp:
            return sp
    m = _POSS_VIEW_RE.search(sent)
    if m:
        # "Seiner Meinung nach …", "nach ihren Worten": the person before
        return Speaker("er" if "sein" in m.group().lower() else "sie", None, None)
    m = _CTX_LAUT_RE.search(sent)
    if m:
        rest = m.group("rest")
        sp = analyse_phrase(rest.split(" sei")[0]) if rest else None
        if sp and sp.name:
            return sp
        appo = re.match(r",\s+([^,;:]{3,60}),", sent[m.end():])
        if appo:
            # "Nach den Worten der Sprecherin der Fraktion, Gisela Piltz, fehle es …"
            named = analyse_phrase(appo.group(1), single_ok=False)
            if named is not None and named.name:
                return Speaker(named.phrase, named.name, named.role or re.sub(r"^(?:der|des|dem)\s+", "", rest.strip()))
        lead = _np_lead(rest)
        if lead and not lead.split()[0][:1].islower() or len(lead.split()) >= 2:
            sp = analyse_phrase(lead) or Speaker(lead, None, None)
            return sp
    m = _HEISST_RE.search(sent)
    if m:
        # "In der Meldung heißt es: …", "Aus Paris hieß es, …": the source
        cl_start = max(sent.rfind(";", 0, m.start()), sent.rfind(":", 0, m.start())) + 1
        pp = _SOURCE_PP_RE.search(sent[cl_start:m.start()]) or _SOURCE_PP_RE.search(sent[m.end():m.end() + 120])
        if pp:
            return Speaker(pp.group("np"), None, None)
    m = _CTX_ZUFOLGE_RE.search(sent)
    if m:
        np = re.split(r"[,.;:\n]", sent[max(0, m.start() - 120):m.start()])[-1]
        sp = analyse_phrase(_np_tail(np))
        if sp:
            return sp
    m = _PASSIVE_CITE_RE.search(sent)
    if m:
        rest = m.group("rest").split()
        if rest and rest[0].lower() not in _PREPOSITIONS and rest[0].lower() not in ("von", "mit", "wie"):
            sp = analyse_phrase(_np_head(" ".join(rest[:8])))
            if sp:
                return sp
        sp = _leading_subject(sent[:m.start()].strip(" ,"))
        if sp:
            return sp
    verbs = list(_CTX_VERB_RE.finditer(sent))
    if not verbs:
        return None
    before = [v for v in verbs if v.start() < rel_o]
    v = before[-1] if before else verbs[0]
    # the clause the verb is in
    cl_start = max(sent.rfind(";", 0, v.start()), sent.rfind(":", 0, v.start())) + 1
    pre = sent[cl_start:v.start()]
    post = sent[v.end():v.end() + 200]
    m = _COMMA_AUX_RE.search(pre)
    if m:
        # "Sie wisse, dass …, hatte Koch-Mehrin damals gesagt"
        sp = analyse_phrase(_np_head(m.group("rest")))
        if sp is not None and sp.name:
            return sp
    if re.search(r"\sund\s*$", pre) and "," not in pre[-60:]:
        # "… befand X den Angriff als gerechtfertigt und nannte ihn „…“": the
        # second verb shares the subject of the first half
        first = analyse_phrase(pre.rstrip()[:-3], single_ok=False)
        if first is not None and first.name:
            return first
    sp = _verb_subject(pre, post, known)
    if pre.rstrip().endswith(",") and (sp is None or sp.name is None or (
            len(sp.name.split()) == 1 and sp.name.lower() not in known and not sp.role)):
        # (a bare capitalised first word of the clause before is no subject:
        # "Sollten sie …, so gebe es …, schreibt der Verband")
        # a verb first in its clause after a comma: "…, sagte die Königin"
        after = _after_verb_subject(post)
        if after is not None and (after.name or after.phrase.split()[0].lower() in ("der", "die")):
            return after
    return sp


#: Slogans chanted or written: "skandierten Parolen wie „…“", "mit der Parole „…“".
_SLOGAN_RE = re.compile(r"\b(?:Parolen?|Sprüchen?|Sprechchören?|Rufen|Slogans?)\s+(?:wie\s+)?(?:(?:zum\s+Beispiel|etwa)\s+)?$")
_FUER_RE = re.compile(
    r"(?:^\s*|^\s*[Ww]as\s+)[Ff]ür\s+(?P<np>(?:(?:den|die|das|dem)\s+)?(?:[a-zäöüß\-]+(?:e|en|er|es|em)\s+){0,2}"
    r"[A-ZÄÖÜ][\w\-]+(?:\s+[A-ZÄÖÜ][\w\-]+){0,3})\s+(?:ist|sei|war|wäre|sind|seien|waren|bleibt|bleibe|eine?n?\b)")
_DAS_SAID_RE = re.compile(r"^[.!?]?\s+(?:Das|Dies|So)\s+(?P<rest>[^.!?\n„“»«\"]{3,200})")
_ADMIT_RE = re.compile(r"\b(?:einräum|eingeräumt|zugeben|zugegeben|zugestehen|eingestehen|eingestanden|bekennen|"
                       r"gestand|gestehen)\w{0,3}\b")
_AFTER_HEISST_RE = re.compile(
    r"^[\s,]*(?:so\s+)?(?:heißt|hieß)\s+es\s+(?:(?:dazu|darin|weiter|auch|zudem|etwa|unter\s+anderem)\s+){0,2}(?P<rest>[^\n]{0,200})")
_VON_PP_RE = re.compile(r"(?:von|vom|seitens)\s+(?P<np>(?:(?:der|dem|des|den)\s+)?(?:[a-zäöüß\-]+(?:e|en|er|es|em)\s+){0,2}"
                        r"[A-ZÄÖÜ][\w\-]+(?:\s+(?:der|des)\s+[\w\-]+){0,2})")
_COORD_TAIL_RE = re.compile(r"(?:,|\))\s+(?:und|sowie)\s+(?P<np>[^,;:]{3,120})$")
_FRONTED_PHRASE_RE = re.compile(
    r"^[A-ZÄÖÜ][^,;:]{2,80},\s+(?!dass\b|der\b|die\b|das\b|den\b|dem\b|wie\b|als\b|und\b|aber\b|weil\b|wenn\b|ob\b)"
    r"[a-zäöüß]+\s+(?P<rest>(?:der|die|das|ein|eine)\s+[^,;:]{2,80}|[A-ZÄÖÜ][^,;:]{2,80})$")
_ALL_PREPOSITIONS = frozenset(
    """am im in bei mit gegenüber vor nach auf an für über unter zum zur vom von zu aus während anlässlich
    ohne gegen um bis durch ab seit laut trotz wegen""".split())
_LABEL_CUE_RE = re.compile(
    r"\b(?:bezeichn|nannte|nennt|genannt|sprach|sprich|spricht|warnt|warnte|kritisiert|forder|lobt|lobte|"
    r"beklagt|nannten|titulier|beschimpf|rief|riefen|ruft|skandier|sagt|sagte|erklärt|meint|schrieb|schreibt|"
    r"betont|wertet|urteilt|beurteil|bewert|kommentiert|wies|weist|zurückgewiesen|eingestuft|"
    r"einstuf|gewertet)\w{0,4}\b")
_COMMA_AUX_RE = re.compile(r",\s+(?:hatte|hat|habe|hätte)\s+(?P<rest>[^,;:]{2,80})$")


def _after_verb_subject(post: str) -> Optional[Speaker]:
    words = post.split()
    while words and words[0].lower() in _SKIP_AFTER_VERB:
        words.pop(0)
    if words and words[0].lower() not in _PREPOSITIONS and words[0].lower() not in _OBJECT_START and (
            words[0][:1].isupper() or _ARTICLE_RE.match(words[0])):
        return analyse_phrase(_np_head(" ".join(words[:8])))
    return None


def _verb_subject(pre: str, post: str, known: frozenset = frozenset()) -> Optional[Speaker]:
    """Who is the subject of a verb with ``pre`` before and ``post`` after it?

    German puts one constituent before the finite verb: the subject
    (``Die Ministerin sagte``) or something else, and then the subject follows
    the verb (``Dazu sagte die Ministerin``, ``Über X sagte Branson``)."""
    words = pre.split()
    while words and words[0].lower() in _FOCUS:
        words.pop(0)
    after_words = post.split()
    while after_words and after_words[0].lower() in _SKIP_AFTER_VERB:
        after_words.pop(0)
    after = None
    if after_words and after_words[0].lower() not in _PREPOSITIONS and after_words[0].lower() not in _OBJECT_START and (
            after_words[0][:1].isupper() or after_words[0].lower() in _PRONOUNS or _ARTICLE_RE.match(after_words[0])):
        after = analyse_phrase(_np_head(" ".join(after_words[:8])))
    if not words:
        return after
    first = words[0].strip(",").lower()
    if first == "der" and len(words) > 2 and re.fullmatch(r"[a-zäöüß\-]+en", words[1]) and words[2][:1].isupper():
        # "Der englischsprachigen Zeitung sagte X": dative or genitive, not the subject
        return after
    fronted = (first in _FRONT_ADVERB or not words[0][:1].isupper() and not _ARTICLE_RE.match(words[0])
               and first not in _PRONOUNS and first not in _DETERMINERS)
    if not fronted and len(words) > 1 and (words[1].lower() in _PREPOSITIONS or words[1] == "zu") and first not in known \
            and _ADVERB_END_RE.search(first):
        fronted = True  # "Passend zu …"
    if fronted and len(words) >= 3:
        # "Zwar hatte Verteidiger X … betont": the subject follows the auxiliary
        for i, w in enumerate(words[1:4], 1):
            if w.lower() in _AUX and i + 1 < len(words):
                nxt = words[i + 1]
                if nxt[:1].isupper() or _ARTICLE_RE.match(nxt) and nxt.lower() not in _OBJECT_START:
                    sp = analyse_phrase(_np_head(" ".join(words[i + 1:i + 9])))
                    if sp is not None:
                        return sp
                break
    if len(words) == 1 and not fronted and not _ARTICLE_RE.match(words[0]):
        # one capitalised word: a name only when the release names it in full
        # ("Relativierend", "Derzeit" are not)
        fronted = first not in known and (_ADVERB_END_RE.search(first) is not None or not _is_name_token(words[0]))
    if not fronted:
        cand = _leading_subject(" ".join(words))
        if cand is not None:
            if cand.name is None and after is not None and after.name and (
                    cand.phrase.lower() in _PRONOUNS or len(after.name.split()) >= 2 or after.role):
                return after  # "Der Zeitung sagte Karl Probe": a name after the verb is its subject
            return cand
    return after


_NOT_PERSON = frozenset(
    """uhr mehrere später hierbei weiterhin lediglich kurz ferner während wiederum sowohl bevor zuerst
    überwiegend stadtweit beim beide zwei drei fünf ersten alarmierte entschlossene abend nähe rahmen
    haltestelle filiale sport tor mann frau männer frauen kinder nachbarn passanten gäste jahren
    inneres berlins zentralen""".split()
)
_PLACE_END_RE = re.compile(r"(?:straße|str\.|platz|weg|damm|allee|ufer|ring|chaussee|brücke|park|kräften?|technik|mittel|hinweise|"
                           r"aufnahme|ung|nde|ende|ierende)$")
_FOCUS = frozenset("auch selbst sogar nur gerade besonders insbesondere und aber doch".split())
_OBJECT_START = frozenset("den dem einen einem des ihn ihm sich uns euch mich dich".split())
_DETERMINERS = frozenset("dieser diese dieses jener jene viele einige mehrere alle beide kein keine".split())
_ADVERB_END_RE = re.compile(r"(?:end|weise|lich|isch|ig|s|mals|zeit|her|hin|dem|wärts)$")


def _leading_subject(pre: str) -> Optional[Speaker]:
    """The subject a clause starts with, a name in its apposition preferred:
    ``Der Leiter des Amtes, Klaus Beispiel, sagte`` -> Klaus Beispiel."""
    words = pre.split()
    if not words or words[0].lower() in _FRONT_ADVERB:
        return None
    parts = pre.split(",")[:3]
    first: Optional[Speaker] = None
    for i, part in enumerate(parts):
        part = part.strip()
        if not part or len(part.split()) > 14:
            break
        sp = analyse_phrase(part if i else _np_head_keep(part))
        if sp and sp.name:
            return sp
        if i == 0:
            first = sp
    if first is None and len(words) <= 14:
        first = analyse_phrase(pre)
    return first


def _np_head_keep(text: str) -> str:
    """Like :func:`_np_head`, with the head's genitive and prepositional tail."""
    head = _np_head(text)
    return head if head else text


def _looks_like_title(text: str, start: int, end: int, inner: str) -> bool:
    """Quotation marks around a name of a thing (``der Film „Die Früchte des
    Zorns“``, ``die Aktion „Sauberer Park“``), not around words someone said."""
    words = inner.split()
    if not words or len(words) > 12:
        return False
    if _after_motto(text, start) and words[0][:1].isupper():
        return True  # "unter dem Motto „Mit Sicherheit – gut vernetzt!“"
    before = text[max(0, start - 40):start - 1].split()
    if before and before[-1].strip(",").lower() in _TITLE_NOUNS and not words[0][:1].islower():
        return True  # "der Verein „#2021 – Leben in Deutschland“"
    if inner[-1:] in ".!?…" and len(words) >= 4:
        return False
    caps = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    small = sum(1 for w in words if w.lower() in _TITLE_SMALL)
    if caps + small == len(words) and caps >= 2:
        return True
    if caps + small == len(words) and caps == 1:
        # one capitalised word: a name when a noun stands before it
        # ("die Fluggesellschaft „Condor“"), words said after an article,
        # adjective or "als" ("einen „Vertrauensbruch“")
        prev = before[-1] if before else ""
        if not prev or prev[-1:] in ".:!?" or prev[:1].isupper() or any(ch.isdigit() for ch in words[0]):
            return True
    if (before and before[-1].lower() in _OF_WORDS and len(words) <= 4 and inner[-1:] not in ".!?…"
            and not (before[-1].lower() == "von" and any(SPEECH_VERB_RE.fullmatch(w.lower()) for w in before[-5:-1]))
            and not re.fullmatch(r"[a-zäöüß]+(?:en|em|er|es)", words[0])):
        return True  # "eines Mitarbeiters des „Tagesspiegel“", "laut „Reuters“"
    after = text[end + 1:end + 4]
    if after.startswith(("-", " (")) and words[0][:1].isupper():
        return True
    if re.match(r"-\w", after):
        return True  # a compound with the quoted words: "die „rechts vor links“-Regel"
    return False


_SPOKE_OF_RE = re.compile(r"\b(?:" + _V + r"|sprach|sprachen|spricht|riet|rät|warb|wirbt)\w{0,4}\b")


def _speech_cue_adjacent(text: str, o: int, c: int) -> bool:
    """Words someone said, whatever they look like: a speech verb right after
    the quote (``„Das Alter drückt“, sagte X``, ``„…“, so X``) or just before
    it (``sprach von einer „…“``, ``riet zu „…“``)."""
    after = text[c + 1:c + 40]
    m = _AFTER_RE.match(after)
    if m and (m.group("so") or m.group("verb")) and after.lstrip()[:1] in ",-–—" :
        return True
    before = text[max(0, o - 60):o].split()[-7:]
    if before and _ARTICLE_RE.match(before[-1]):
        before = before[:-1]
    # "sprachen in diesem Zusammenhang von „…“": a preposition right before
    return (len(before) >= 2 and before[-1].lower() in _SPOKE_PREP
            and any(_SPOKE_OF_RE.fullmatch(w.lower()) for w in before[:-1]))


_SPOKE_PREP = frozenset("von vom zu zur zum vor über als mit".split())


_ACRONYM_RE = re.compile(r"\b[A-ZÄÖÜ]{2,}\b|\w-[A-ZÄÖÜ]")


def _after_bare_article(text: str, o: int) -> bool:
    """An article right before the marks with no naming noun before it
    (``für die „Totengräber der Demokratie“``, not ``der Film „…“``)."""
    before = text[max(0, o - 40):o].split()
    return (len(before) >= 2 and before[-1] in ("der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer")
            and before[-2].strip(",").lower() not in _TITLE_NOUNS and not before[-2][:1].isupper())


def _after_motto(text: str, start: int) -> bool:
    before = text[max(0, start - 20):start - 1].split()
    return bool(before) and before[-1].strip(":").lower() in ("motto", "thema", "aufschrift", "slogan")


_OF_WORDS = frozenset("von vom des laut beim bei".split())
_TITLE_SMALL = frozenset("der die das des dem den und von im in am an auf für mit zu zum zur the of and a to for on at".split())
_TITLE_NOUNS = frozenset(
    """typ typs name namen titel motto film films buch buches album albums lied song serie sendung magazin
    magazins zeitung zeitschrift blatt fachmagazin fachblatt aktion operation projekt programm kampagne
    initiative organisation gruppe partei bewegung verein bündnis kategorie preis preises festival
    ausstellung studie bericht gesetz gesetzes plattform website webseite seite portal marke modell
    modells schiff schiffes raumfähre bezeichnung überschrift schlagzeile stichwort""".split()
)


def _sentence_like(inner: str) -> bool:
    words = inner.split()
    return len(words) >= 5 and (inner[:1].isupper() or inner[:1] in "….")


#: Conjunctions, prepositions and adverbs that start German sentences
#: capitalised and so look like a bare surname.
_FUNCTION_WORDS = frozenset(
    """bevor nachdem während sowohl wiederum anlässlich lediglich ferner zuerst weiter weiterhin kurz später
    mehrere überwiegend stadtweit zwischenzeitlich beim vom zum zur ihm ihn ihr ihnen uhr jahren erst
    sobald solange seitdem falls sofern obwohl damit indem ohne statt""".split()
)
_NOT_NAME_END_RE = re.compile(r"(?:lich|weise|mals|wärts|weit|end|ig|isch|ungen|nden)$")


def _clean_role(role: Optional[str]) -> Optional[str]:
    """The role as a reader wants it: without a leading adverb (``Dazu
    Innensenator`` -> ``Innensenator``) or a relative clause (``…, die für
    den Bau verantwortlich zeichnet``); None when no role word or title is
    left (``Sport und Digitalisierung``, ``der zukünftig den Stab leiten wird``)."""
    if not role:
        return None
    role = re.split(r",\s+(?:der|die|das|welche[rs]?|deren|dessen)\s", role)[0].strip(" ,")
    words = role.split()
    while words and words[0].lower() in _FRONT_ADVERB:
        words.pop(0)
    if len(words) > 1 and words[0] in ("der", "die", "das") and words[1][:1].islower():
        return None  # a relative clause: "der künftig die Einheit leiten wird"
    if not words or not any(TITLE_RE.match(w) or (w[:1].isupper() and ROLE_RE.search(w.lower().strip(",")))
                            for w in words):
        return None
    return " ".join(words)


def _after_role(role: Optional[str]) -> bool:
    """The role ends in a role word or title (``Innensenator``, ``Dr.``): a
    single word after it is a surname."""
    last_role = role.split()[-1] if role and role.split() else ""
    return bool(last_role) and (TITLE_RE.match(last_role) is not None or (
        last_role[:1].isupper() and ROLE_RE.search(last_role.lower()) is not None))


class _NameRegistry:
    """Every full name (two or more name tokens) written in the release."""

    _RUN_RE = re.compile(
        rf"(?<![\w\-])(?:[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)*\s+){{1,3}}"
        rf"(?:(?:von|van|de|zu|von der)\s+)?(?:Mc|Mac|El|Di|De|La|Le|O['’])?[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)*"
    )

    def __init__(self, texts: Iterable[str]):
        self._by_last: dict[str, str] = {}
        self._full: set[str] = set()
        self.roles = RoleIndex()
        self.gender: dict[str, str] = {}  # full name -> "f" or "m", from a role or form of address
        self._count_last: dict[str, int] = {}
        for text in texts:
            if not text:
                continue
            for m in self._RUN_RE.finditer(text):
                # the name-token stretches of the run ("Berlins Innensenator
                # Karl Beispiel" -> "Karl Beispiel"); roles, titles split it
                seg: list[str] = []
                before = ""
                for t in m.group().split() + [""]:
                    if t and (_is_name_token(t) or (seg and t in _PARTICLES and (
                            t not in _ARTICLE_PARTICLES or seg[-1].lower() in ("von", "van", "vom", "de")))):
                        seg.append(t)
                        continue
                    while seg and seg[-1] in _PARTICLES:
                        seg.pop()
                    if len(seg) >= 2:
                        self._add(seg)
                        if before and ROLE_RE.search(before.lower()):
                            self.roles.add(before, " ".join(seg))
                        g = gender_of(before)
                        if g:
                            self.gender.setdefault(" ".join(seg), g)
                    seg = []
                    if not TITLE_RE.match(t) or t.rstrip(".") in ("Frau", "Herr", "Herrn"):
                        before = t

    def mentions(self, name: str) -> int:
        """How often the surname of ``name`` ends a full name in the release."""
        toks = name.split()
        return self._count_last.get(toks[-1].lower(), 0) if toks else 0

    def _add(self, toks: list[str]) -> None:
        self._count_last[toks[-1].lower()] = self._count_last.get(toks[-1].lower(), 0) + 1
        name = " ".join(toks)
        self._full.add(name.lower())
        last = toks[-1].lower()
        current = self._by_last.get(last)
        if current is None or len(name) > len(current):
            self._by_last[last] = name

    def full_names(self) -> set:
        return self._full

    def tokens(self) -> frozenset:
        """Every word of every full name (lower case)."""
        return frozenset(t for name in self._full for t in name.split())

    def fullest(self, name: str) -> str:
        toks = name.split()
        if not toks:
            return name
        full = self._by_last.get(toks[-1].lower())
        if full and len(full.split()) > len(toks) and full.lower().endswith(name.lower()):
            return full
        return name

    def is_name(self, name: str) -> bool:
        toks = name.split()
        return bool(toks) and all(_is_name_token(t) or t in _PARTICLES for t in toks)


def persons_quoted(quotes: Iterable[Quote], extractor: QuoteExtractor) -> tuple[str, ...]:
    seen: list[str] = []
    for q in quotes:
        if q.speaker and q.speaker_kind == "person" and q.speaker not in seen:
            seen.append(q.speaker)
    return tuple(seen)


__all__ = ["QuoteExtractor", "Speaker", "analyse_phrase", "persons_quoted", "quote_spans"]
