"""The words and patterns quote attribution reads German by: speech verbs,
role nouns, articles, prepositions, sentence adverbs, source cues (``laut``,
``zufolge``, ``heißt es``), reported-speech verb forms (Konjunktiv I) and the
nouns that name things. Data only; the rules that use them live in the
other modules."""
from __future__ import annotations

import re



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


def _plural_present(form: str) -> str:
    """The third person plural of a weak verb from its third person singular
    (``meint`` -> ``meinen``, ``fordert`` -> ``fordern``, ``antwortet`` ->
    ``antworten``); empty for stems and strong forms (``sag``, ``gibt``)."""
    if not form.endswith("t") or form in _STRONG_3SG:
        return ""
    if form.endswith(("et", "dt")) and not form.endswith(("iert", "ert")):
        return form[:-1] + "n" if form.endswith("et") else form[:-1] + "en"
    stem = form[:-1]
    return stem + "n" if stem.endswith(("er", "el")) and not stem.endswith("ier") else stem + "en"


#: Third person singular forms in ``_V`` that are strong (no regular plural).
_STRONG_3SG = frozenset("gibt sieht verspricht lässt fährt weist hält spricht widerspricht schließt bekannt bericht".split())

#: ``„…“, meinen die beiden Mitglieder``: the plural of the regular speech
#: verbs, for the cue right after a quote or in a wie-clause, where the verb
#: is finite (elsewhere these forms are often infinitives or ``meinen``).
_V_PL = "|".join(sorted({f for f in (_plural_present(a) for a in _V.split("|")) if f} - set(_V.split("|"))))


#: A split verb of saying up to the comma before its complement: the finite
#: stem, at most 80 characters, then its particle (``führt … aus,``,
#: ``teilte … mit,``, ``wies … darauf hin,``, ``stellte … fest,``).
_SPLIT_SPEECH_RE = re.compile(
    r"\b(?P<stem>führt|führte|führten|teilt|teilte|teilten|wies|weist|stellt|stellte|stellten|räumt|räumte|"
    r"kündigt|kündigte|hob|hebt|fügt|fügte|merkt|merkte|legt|legte|deutet|deutete)\b[^,.;:]{0,80}?"
    r"\b(?:aus|mit|hin|fest|ein|an|hervor|hinzu|dar)\s*,")
#: Verbs of a stated position or conclusion, split around their noun, with
#: the subject after the stem: ``nahm X (, apposition,) zu der Frage
#: Stellung``, ``kam … zu dem Ergebnis/Schluss``.
_STANCE_RE = re.compile(
    r"\b(?P<stem>nahm|nimmt|nahmen|nehmen|kam|kommt|kamen|kommen)\b[^.;:]{0,120}?"
    r"\b(?:Stellung|(?:zu\s+dem|zum)\s+(?:Ergebnis|Schluss|Urteil|Fazit))\b")
#: Verbs of saying whose complement clause (``meinte, dass …``, ``teilte mit,
#: …``) reports what someone said; not ``gab an``, which in police releases
#: reports facts with colloquial words in marks (``ein „Knöllchen“``).
_COMPLEMENT_VERB_RE = re.compile(
    r"\b(?:sag|erklär|betont|meint|bekräftigt|versichert|bestätigt|unterstreicht|unterstrich|kritisiert|warnt|"
    r"mahnt|fordert|argumentiert|glaubt|hofft|berichtet|teilt|schrieb|schreibt|behauptet|räumt)\w{0,5}\b")


ROLE_RE = re.compile(
    r"(?:minister|präsident|sprecher|vorsitzend|leiter|chef|direktor|meister|sekretär|abgeordnet|kanzler|"
    r"general|kommissar|beauftragt|funktionär|manager|vorstand|expert|anwalt|anwält|richter|trainer|autor|"
    r"senator|referent|koordinator|führer|gründer|professor|landrat|landrät|oberrat|oberrät|rat|rätin|dezernent|"
    r"intendant|bischof|bischöf|pfarrer|arzt|ärzt|vertreter|mitglied|polizist|kommandeur|oberst|major|hauptmann|"
    r"beigeordnet|rektor|dekan|kurator|analyst|ökonom|forscher|wissenschaftler|historiker|politiker|kandidat|"
    r"regisseur|sänger|spieler|kapitän|botschafter|gouverneur|premier|präses|obmann|redakteur|journalist|"
    r"moderator|stellvertreter|inhaber|eigentümer|mitarbeiter|angestellt|bewohner|zeuge|zeugin|opfer|"
    r"aktivist|vorsteher|kommandant|ermittler|staatsanwalt|staatsanwält|berater|chef|coach|chirurg|diplomat|"
    r"bürger|einwohner|schauspieler|künstler|musiker|fahrer|pilot|sportler|athlet|kolleg|partner|"
    r"ministerpräsident|bundeskanzler|oberbürgermeister|leiterin|vize\w*|delegiert|unternehmer|lehrer|"
    r"schulleiter|schüler|student|chefredakteur|verleger|herausgeber|sprecherin|fraktionschef|parteichef|"
    r"hauptkommissar|kriminal\w+|polizeipräsident\w*|senatorin|innensenator|prokurist|theolog|soziolog|politolog|"
    r"psycholog|virolog|philosoph|jurist|mediziner|stürmer|torwart|torhüter|verteidiger|torschütz|star)(?:in|innen|en|er|e|s|n|es|em)?$",
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


#: Possessive and relative determiners that start a role phrase (``dessen Stellvertreter``).
_POSSESSIVES = frozenset("dessen deren sein seine seiner seinem seinen ihr ihre ihrer ihrem ihren".split())
_PRONOUNS = frozenset("er sie ihm ihr ihn".split())


_PARTICLES = frozenset("von van de der den zu da di du la le ten ter vom".split())


#: Particles that are German articles too: in a name only after von/van
#: (``von der Leyen``), else they start a new noun phrase (``Karl Probe den Einsatz``).
_ARTICLE_PARTICLES = frozenset("der den".split())


_TOKEN_RE = re.compile(r"[^\W\d_][\w'’\-]*\.?|\d+|[,;:()]")


_UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽȘȚ"


_LOWER = "a-zß-öø-ÿā-žșțı'’"


_NAME_TOKEN_RE = re.compile(
    rf"^(?:Mc|Mac|El|Al|Di|De|Da|Du|La|Le|O['’])?[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)*$|"  # or a given name with a hyphen ("Ban Ki-moon"):
    rf"^[{_UPPER}][{_LOWER}]{{1,3}}-[{_LOWER}]{{2,4}}$"
)


_SENT_START_RE = re.compile(r"(?:[.!?]|[.!?][“”«»\"])\s+(?=[A-ZÄÖÜ„»\"“])|\n|"
                            r"(?<=[a-zäöüß]{2}[.!?])(?=[A-ZÄÖÜ][a-zäöüß])|"  # "sagte der Papst.Der Bruder"
                            # "… einer Studie. 22 Prozent teilen …" (not "am 20. Mai", "Abs. 2")
                            r"(?<=[a-zäöüß]{3})[.!?]\s+(?=\d)")


_ABBREV_END_RE = re.compile(r"(?:\b(?:Dr|Prof|Nr|St|bzw|ca|Mio|Mrd|Abs|Art|Str|vgl|z\.B|u\.a|etc|Dipl|Ing|inkl|zzgl|insg|usw|ggf|evtl)|\b[A-ZÄÖÜ]|\d)\.$")


_PRONOMINAL_ADVERB_RE = re.compile(
    r"^(?:da|dar|hier|wo|wor)(?:aus|in|bei|für|gegen|mit|nach|neben|auf|über|um|unter|von|vor|zu|an|durch|"
    r"hinter|zwischen|innen|außen)$|^(?:demnach|demzufolge|dementsprechend|deswegen|deshalb|trotzdem|indessen)$")


_NP_TOKEN_RE = re.compile(r"^(?:[A-ZÄÖÜ][\w'’.\-]*|der|die|das|des|dem|den|ein|eine|einer|eines|einem|von|van|de|zu|und|"
                          r"[a-zäöüß\-]+(?:e|en|er|es|em)|\d+-[\wäöü]+|\d{1,4}|[()]+[\wÄÖÜäöü\-]*[()]*)$")


#: ``das``/``dies`` after a verb: the article of its subject when a noun follows.
_DEMONSTRATIVE_ARTICLES = frozenset(("das", "dies"))
_SKIP_AFTER_VERB = frozenset(
    """dazu daraufhin zudem auch weiter weiterhin jedoch außerdem ebenfalls abschließend heute gestern noch
    bereits damals nun jetzt dann deshalb daher allerdings sich ihn es das dies zufolge später erneut
    wörtlich""".split()
)


_PREPOSITIONS = frozenset(
    "am im in bei mit gegenüber vor nach auf an für über unter zum zur vom aus während anlässlich".split()
)


#: More verbs of saying, by stem (weak verbs: the stem covers the present,
#: the past and their plurals; strong verbs: their finite forms).
_SAY_MORE = (
    r"begründet|begründete|würdigt|entgegnet|konstatiert|schildert|behauptet|resümiert|empfiehlt|empfahl|"
    r"rechtfertigt|skandiert|beschreibt|beschrieb|formuliert|ergänzt|kontert|bemängelt|moniert|"
    r"bekräftigt|verkündet|prognostiziert|bilanziert|appelliert|präzisiert|beteuert|urteilt|fragt|"
    r"klagt|wettert|spottet|argumentiert|beschwört|beschwor|versprach|verspricht|kritisierte|folgert|"
    r"verlangt|protestiert|warb|wirbt|riet|rät|mutmaßt|vermutet|befürchtet|bezweifelt|bestreitet|bestritt|"
    r"dementiert|zweifelt|jubelt|schwärmt|philosophiert|sinniert|scherzt|witzelt|twittert|postet|notiert|schimpft"
)
#: A cue right after the quote (``„…“, sagte X``, ``„…“, so X``), any verb of ``_V`` or ``_SAY_MORE``.
_AFTER_RE = re.compile(
    r"^[\s,]*(?:[-–—]\s*)?(?:(?P<so>so)\s+(?:(?:" + _V + r")\w{0,5}\s+(?:ihn|sie|es|das|dies)?\s*)?|"
    r"(?P<verb>(?:" + _V + "|" + _SAY_MORE + r")\w{0,5}|(?:" + _V_PL + r"))\s+(?:(?:sich|dazu|daraufhin|abschließend|zudem|außerdem|ebenfalls|weiter|auch|noch|heute|gestern)\s+){0,2})"
    r"(?P<rest>[^\n]{0,250})",
)


_PHRASE_STOP_RE = re.compile(
    r"\s+(?:weiter|weiterhin|heute|gestern|am|im|in|bei|an|auf|gegenüber|zu[rm]|zu(?!\s+[A-ZÄÖÜ])|dazu|abschließend|zudem|außerdem|"
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


_INDIRECT_RE = re.compile(
    r"(?P<verb>\b(?:sag|erklär|betont|meint|bekräftigt|versichert|bestätigt|unterstrich|unterstreicht|"
    r"kritisiert|warnt|mahnt|fordert|verwies|verweist|erinnert|argumentiert|berichtet|hob|stellt|gab|gibt)\w{0,5})"
    r"(?:\s+\w+){0,3},\s+(?P<content>dass\s[^\n]{3,600}?[.!?])(?=\s|$)"
)


def _plurals(forms: str) -> str:
    """The third person plurals of ``|``-separated singular forms."""
    return "|".join(sorted({f for f in (_plural_present(a) for a in forms.split("|")) if f}))


#: Plurals of the verbs of saying that count in a quote's own sentence
#: (``Die Verbände betonen, es sei wichtig, … „…“``).
_SAY_PL = _plurals(
    "betont|meint|bekräftigt|bestätigt|äußert|kritisiert|warnt|fordert|nennt|zitiert|unterstreicht|mahnt|"
    "kommentiert|beklagt|lobt|antwortet|erläutert|verweist|wertet|berichtet")

_SAY_RE = re.compile(
    r"\b(?:" + _SAY_PL + r")\b|"
    r"\b(?:sag|erklär|betont|meint|bekräftigt|versicher|bestätigt|äußert|kritisiert|warnt|fordert|"
    r"schrieb|schreib|bezeichnet|nannte|nennt|sprach|sprich|zitiert|unterstrich|unterstreicht|mahnt|"
    r"kommentiert|berichtet|beklagt|lobt|rief|ruft|antwortet|erläutert|verwies|verweist|wertet|"
    + _SAY_MORE + r")\w{0,5}\b|"
    r"\blaut\b|\bzufolge\b"
)


_QUOTED_RE = re.compile(r"„[^„“”\n]{0,400}[“”\"]|»[^»«\n]{0,400}«|«[^«»\n]{0,400}»|\"[^\"\n]{0,400}\"|“[^“”\n]{0,400}”")


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
    r"\b(?:" + _SAY_PL + r")\b|"
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
    r"verurteilt|konstatiert|empfiehlt|empfahl|empfohlen|verlangt|beteuert|bemerkt|prognostiziert|fragt|gefragt|beurteilt|bewertet|sprechen|"
    r"geht\s+davon|ging\s+davon|ist\s+der\s+(?:Meinung|Ansicht|Auffassung))\w{0,4}\b"
)


_CTX_SO_RE = re.compile(r"(?:^|[,(–—-]\s*)so\s+(?!genannt|weit|lange|viel|dass|wie|sehr|gut|schnell|oft)(?P<rest>[^,.;:\n]{2,120})")


#: Nouns of a source cue: ``nach Angaben X``, ``nach Darstellungen X``.
_SOURCE_NOUNS = (r"Angaben|Ansicht|Meinung|Auffassung|Aussagen?|Worten|Einschätzung(?:en)?|Darstellung(?:en)?|Informationen|"
                 r"Erkenntnissen|Bewertung(?:en)?|Schätzung(?:en)?|Berechnungen|Recherchen")
#: ``laut X``, ``nach Angaben X``, and the viewpoint cues ``aus Sicht X``, ``in den Augen X``.
_CTX_LAUT_RE = re.compile(r"\b(?:[Ll]aut|[Nn]ach\s+(?:den\s+|der\s+)?(?:" + _SOURCE_NOUNS + r")|"
                          r"[Aa]us\s+(?:der\s+)?Sicht|[Ii]n\s+den\s+Augen)\s+"
                          r"(?P<rest>[^,.;:\n]{2,120})")
#: A speech act that comes from someone: ``Kritik kommt vom Verband X``.
_COMES_FROM_RE = re.compile(
    r"\b(?:Kritik|Lob|Widerspruch|Zustimmung|Ablehnung|Protest|Unterstützung|Beifall)\s+(?:kommt|kam|kamen|gibt\s+es|"
    r"gab\s+es)\s+(?:\w+\s+){0,2}?(?:von|vom|seitens)\s+(?P<np>(?:(?:der|dem|den|des)\s+)?[^,.;:\n]{2,80})")
#: A speech noun with its owner before a complement clause: ``der Vorwurf der
#: CDU, es handele sich …``, ``die Forderung des Verbandes, …``.
_SPEECH_NOUN_OF_RE = re.compile(
    r"\b(?:Vorwurf|Vorwürfe|Forderung|Forderungen|Behauptung|Warnung|Einwand|Appell|Aufforderung)\s+"
    r"(?P<np>(?:der|des|dem)\s+[^,;:\n„“»«\"]{2,60}?|(?:von|vom)\s+[^,;:\n„“»«\"]{2,60}?),\s+")
#: ``Nach Schäubles Idee``, ``nach Müllers Worten``: the genitive name before the noun.
_GEN_SOURCE_RE = re.compile(r"\b[Nn]ach\s+(?P<gen>[A-ZÄÖÜ][\w\-]+s)\s+(?:" + _SOURCE_NOUNS +
                            r"|Idee|Vorschlag|Vorstellungen?|Plänen|Willen)\b")


_PASSIVE_AGENT_RE = re.compile(
    r"\b(?:wird|wurde|werden|wurden|worden|ist|sind|war|waren)\b[^.;:\n]{0,80}?\b(?:von|vom)\s+"
    r"(?P<np>(?:(?:der|dem|den|einem|einer|seinem|seiner|ihrem|ihrer)\s+)?(?:[a-zäöüß\-]+(?:e|en|er|es|em)\s+){0,2}[A-ZÄÖÜ][\w\-]+"
    r"(?:\s+(?:[A-ZÄÖÜ][\w\-]+|der|des)){0,3})"
    r"[^.;:\n]{0,120}?\b(?:geäußert|gesagt|geschrieben|behauptet|vermutet|bezeichnet|genannt|eingestuft|eingeschätzt|kritisiert|beschrieben|gewertet|gelobt|"
    r"verurteilt|gefordert|angekündigt|dementiert|bestätigt|betont|erklärt|zitiert|kommentiert|begrüßt|"
    r"zurückgewiesen|abgelehnt|beurteilt|charakterisiert|tituliert)\b")


#: One von-phrase inside a passive frame (its candidates for the agent).
_VON_AGENT_RE = re.compile(
    r"\b(?:von|vom)\s+(?P<np>(?:(?:der|dem|den|einem|einer|seinem|seiner|ihrem|ihrer)\s+)?(?:[a-zäöüß\-]+(?:e|en|er|es|em)\s+){0,2}"
    r"[A-ZÄÖÜ][\w\-]+(?:\s+(?:[A-ZÄÖÜ][\w\-]+|der|des)){0,3})")
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
    r"(?:^|[,;:(–—]\s*)[Ww]ie\s+(?P<np>[^,;:\n]{2,140}?(?:,\s+[^,;:\n]{3,60},)?)\s+(?:(?:" + _V + r")\w{0,5}|(?:" + _V_PL + r")|mitteilt\w{0,2}|mitgeteilt|"
    r"gesagt|erklärt|betont|berichtet|verlautet\w{0,2}|bekanntgab|bekannt\s+gab|verkündet\w{0,2}|meldet\w{0,2}|"
    r"angab|angegeben|ausführt\w{0,2}|darlegt\w{0,2}|schilder\w{0,3})(?:\s+(?:hat|hatte|habe|haben|hatten))?\s*,")


#: A wie-clause right after a quote: ``„…“, wie X von Y zitiert wird.``
_AFTER_WIE_RE = re.compile(
    r"^\s*,?\s*wie\s+(?P<np>[^,;:\n„“»«\"]{2,100}?)\s+(?:(?:" + _V + r")\w{0,5}|(?:" + _V_PL + r")|mitteilt\w{0,2}|mitgeteilt|"
    r"gesagt|erklärt|betont|berichtet|bekanntgab|angab|angegeben|ausführt\w{0,2}|zitiert)"
    r"(?:\s+(?:hat|hatte|habe|haben|hatten|wird|wurde|worden|ist|war))*\s*[,.;]")


_CITE_WORDS_RE = re.compile(r"\bzitiert\w{0,3}\s+(?:dazu\s+|auch\s+)?(?P<np>[^,.;:\n]{2,80}?)\s+mit\s+(?:den|folgenden|diesen)\s+Worten\b")


#: Source cues without a speaker: ``heißt es``, ``ist/war von … die Rede``.
_HEISST_RE = re.compile(r"\b(?:heißt|hieß|geheißen)\s+es\b|\bes\s+(?:heißt|hieß|geheißen)\b|"
                        r"\b(?:ist|war|sei|wird|wurde)\s+(?:[\w\-]+\s+){0,3}von\b[^.;:\n]{0,160}?\bdie\s+Rede\b")


#: ``Von X``/``Bei X``/``Seitens X`` opening the clause of ``heißt es``.
_BY_SOURCE_RE = re.compile(r"(?:[Vv]on|[Vv]om|[Bb]ei|[Bb]eim|[Ss]eitens)\s+(?P<np>(?:(?:der|dem|des|den)\s+)?"
                           r"(?:[a-zäöüß\-]+(?:e|en|er|es|em)\s+){0,2}[A-ZÄÖÜ][\w\-]+(?:\s+[A-ZÄÖÜ][\w\-]+){0,2})\s+$")
#: The owner after a source noun, with its adjectives and a name in apposition:
#: ``der Umweltorganisation Greenpeace``, ``des russischen Föderationsrates Viktor Oserow``.
_OWNER_TAIL = (r"(?:\s+(?:der|des|von|vom|auf\s+der)\s+(?:[a-zäöüß\-]+(?:e|en|er|es|em)\s+)?[\w\-]+"
               r"(?:\s+[A-ZÄÖÜ][\w\-]+){0,2}){0,2}")
_SOURCE_PP_RE = re.compile(
    r"(?:^|\s)(?:[Ii]n|[Ii]m|[Aa]uf|[Aa]us)\s+(?P<np>(?:(?:der|dem|den|einer|einem|seiner|ihrer)\s+)?"
    r"(?:[a-zäöüß\-]+(?:e|en|er|es|em)\s+){0,2}(?:[A-ZÄÖÜ]|[a-z]+-[A-ZÄÖÜ])[\w\-]+" + _OWNER_TAIL + ")")


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


_VON_PP_RE = re.compile(r"(?:von\s+Seiten|von|vom|seitens)\s+(?P<np>(?:(?:der|dem|des|den)\s+)?(?:[a-zäöüß\-]+(?:e|en|er|es|em)\s+){0,2}"
                        r"[A-ZÄÖÜ][\w\-]+" + _OWNER_TAIL + ")")


_COORD_TAIL_RE = re.compile(r"(?:,|\))\s+(?:und|sowie)\s+(?P<np>[^,;:]{3,120})$")


_FRONTED_PHRASE_RE = re.compile(
    r"^[A-ZÄÖÜ][^;:]{2,120}?,\s+(?!dass\b|der\b|die\b|das\b|den\b|dem\b|wie\b|als\b|und\b|aber\b|weil\b|wenn\b|ob\b)"
    r"[a-zäöüß]+\s+(?P<rest>(?:der|die|das|ein|eine)\s+[^,;:]{2,80}|[A-ZÄÖÜ][^,;:]{2,80})$")


_ALL_PREPOSITIONS = frozenset(
    """am im in bei mit gegenüber vor nach auf an für über unter zum zur vom von zu aus während anlässlich
    ohne gegen um bis durch ab seit laut trotz wegen""".split())


_LABEL_CUE_RE = re.compile(
    r"\b(?:bezeichn|nannte|nennt|genannt|sprach|sprich|spricht|warnt|warnte|kritisiert|forder|lobt|lobte|"
    r"beklagt|nannten|titulier|beschimpf|rief|riefen|ruft|skandier|sagt|sagte|erklärt|meint|schrieb|schreibt|"
    r"betont|wertet|urteilt|beurteil|bewert|kommentiert|wies|weist|zurückgewiesen|eingestuft|"
    r"einstuf|gewertet|warf|warfen|wirft|vorgeworfen)\w{0,4}\b")


_COMMA_AUX_RE = re.compile(r",\s+(?:hatte|hat|habe|hätte)\s+(?P<rest>[^,;:]{2,80})$")


_NOT_PERSON = frozenset(
    """uhr mehrere später hierbei weiterhin lediglich kurz ferner während wiederum sowohl bevor zuerst
    überwiegend stadtweit beim beide zwei drei fünf ersten alarmierte entschlossene abend nähe rahmen
    haltestelle filiale sport tor mann frau männer frauen kinder nachbarn passanten gäste jahren
    inneres berlins zentralen""".split()
)


_PLACE_END_RE = re.compile(r"(?:straße|str\.|platz|weg|damm|allee|ufer|ring|chaussee|brücke|park|kräften?|technik|mittel|hinweise|"
                           r"aufnahme|ung|nde|ende|ierende)$")


_FOCUS = frozenset("auch selbst sogar nur gerade besonders insbesondere und aber doch".split())


#: Articles no subject starts with (dative, accusative).
_OBJECT_ARTICLES = frozenset("den dem einen einem".split())
_OBJECT_START = frozenset("den dem einen einem des ihn ihm sich uns euch mich dich".split())


_DETERMINERS = frozenset("dieser diese dieses jener jene viele einige mehrere alle beide kein keine".split())


_ADVERB_END_RE = re.compile(r"(?:end|weise|lich|isch|ig|s|mals|zeit|her|hin|dem|wärts)$")


_SPOKE_OF_RE = re.compile(r"\b(?:" + _V + r"|sprach|sprachen|spricht|sprechen|riet|rät|warb|wirbt)\w{0,4}\b")


_SPOKE_PREP = frozenset("von vom zu zur zum vor über als mit".split())


_ACRONYM_RE = re.compile(r"\b[A-ZÄÖÜ]{2,}\b|\w-[A-ZÄÖÜ]")


_OF_WORDS = frozenset("von vom des laut beim bei".split())


_TITLE_SMALL = frozenset("der die das des dem den und von im in am an auf für mit zu zum zur the of and a to for on at".split())


_TITLE_NOUNS = frozenset(
    """typ typs name namen titel motto film films buch buches album albums lied song serie sendung magazin
    magazins zeitung zeitschrift blatt fachmagazin fachblatt aktion operation projekt programm kampagne
    initiative organisation gruppe partei bewegung verein bündnis kategorie preis preises festival
    ausstellung studie bericht gesetz gesetzes plattform website webseite seite portal marke modell
    modells schiff schiffes raumfähre bezeichnung überschrift schlagzeile stichwort""".split()
)


#: Conjunctions, prepositions and adverbs that start German sentences
#: capitalised and so look like a bare surname.
_FUNCTION_WORDS = frozenset(
    """bevor nachdem während sowohl wiederum anlässlich lediglich ferner zuerst weiter weiterhin kurz später
    mehrere überwiegend stadtweit zwischenzeitlich beim vom zum zur ihm ihn ihr ihnen uhr jahren erst
    sobald solange seitdem falls sofern obwohl damit indem ohne statt""".split()
)


#: Endings of adverbs and adjectives, and participles of separable verbs used as
#: sentence adverbs (``Ausgerechnet``, ``Angeblich`` is caught by -lich).
_NOT_NAME_END_RE = re.compile(r"^(?:aus|an|ab|auf|ein|vor|nach|zu|mit|um|durch)ge[a-zäöüß]{3,}(?:t|et)$|(?:lich|weise|mals|wärts|weit|end|ig|isch|ungen|nden)$")

#: A medium named in quotation marks right after a speech verb.
_MEDIUM_RE = re.compile(r"^(?:(?:der|die|das|dem|den)\s+)?[„»\"“][^„“”»«\"\n]{2,40}[“”«\"]")
#: A sentence break inside a quote: no fragment of the clause around it.
_SENTENCE_BREAK_RE = re.compile(r"[.!?]\s+[A-ZÄÖÜ]")
#: Speaker kinds that can stand as the subject of a quote's own clause.
_SPEAKING_KINDS = frozenset(("person", "role", "organisation", "media", "document"))
