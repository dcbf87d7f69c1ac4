"""Stemming: Snowball German, the override table of plural pairs it splits, and the lexicon guard for -er nouns."""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from .._stem_guard import GUARDED_ER
from .folding import _lfold, fold
from .lexicon import _ENDE

if TYPE_CHECKING:
    from .terms import _Config

# Snowball German; PyStemmer's C code underneath when installed
_STEMMER = None
_STEM_CACHE: dict[str, str] = {}


def _snowball(word: str) -> str:
    global _STEMMER
    s = _STEM_CACHE.get(word)
    if s is None:
        if _STEMMER is None:
            import snowballstemmer

            _STEMMER = snowballstemmer.stemmer("german")
        s = _STEM_CACHE[word] = _STEMMER.stemWord(word)
    return s


# ---------------------------------------------------------------------------
# Override table: singular/plural pairs the stemmer splits apart.
#
# Found by scanning the Berlin corpus vocabulary (bench/find_overrides.py):
# (1) corpus word pairs w / w+e / w+en / w+es / um→en whose Snowball stems
# differ; (2) every german-nouns paradigm with forms in the corpus whose forms
# get more than one stem; both lists sorted by corpus frequency and checked by
# hand. Entries are (canonical stem, folded forms, compound) — with
# compound=True the forms also match as the head of a compound
# (Sprachkurse, Berufssprachkursen, Leitzins, Linienbusse).
_OVERRIDE_FAMILIES: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    # -s after a consonant that Snowball strips from the singular only
    ("kurs", ("kurs", "kurse", "kursen", "kurses"), True),
    ("zins", ("zins", "zinse", "zinsen", "zinses"), True),
    ("impuls", ("impuls", "impulse", "impulsen", "impulses"), True),
    ("puls", ("puls", "pulse", "pulses"), True),
    ("hals", ("hals", "halse", "halsen", "halses"), True),
    ("fels", ("fels", "felse", "felsen", "felses"), True),
    ("krebs", ("krebs", "krebse", "krebsen", "krebses"), True),
    ("fuchs", ("fuchs", "fuchse", "fuchsen", "fuchses"), True),
    ("gans", ("gans", "ganse", "gansen"), True),
    ("schnaps", ("schnaps", "schnapse", "schnapses"), True),
    ("gips", ("gips", "gipses"), True),
    ("bus", ("bus", "busse", "bussen", "busses"), True),
    # Latin/Greek plurals
    ("ministeri", ("ministerium", "ministeriums", "ministerien"), True),
    ("prasidi", ("prasidium", "prasidiums", "prasidien"), True),
    ("gremi", ("gremium", "gremiums", "gremien"), True),
    ("studi", ("studium", "studiums", "studien"), True),
    ("stadi", ("stadium", "stadiums", "stadien"), True),
    ("medi", ("medium", "mediums", "medien"), True),
    ("zentr", ("zentrum", "zentrums", "zentren"), True),
    ("muse", ("museum", "museums", "museen"), True),
    ("klinik", ("klinikum", "klinikums", "kliniken", "klinik"), True),
    ("dat", ("datum", "datums", "daten"), True),
    ("for", ("forum", "forums", "foren"), False),
    ("alb", ("album", "albums", "alben"), False),
    ("them", ("thema", "themas", "themen"), True),
    ("firm", ("firma", "firmen"), True),
    ("vill", ("villa", "villen"), True),
    ("kont", ("konto", "kontos", "konten"), True),
    ("risik", ("risiko", "risikos", "risiken"), True),
    ("material", ("material", "materials", "materialien"), True),
    # vowel-final nouns with an -s plural (Snowball keeps the -s)
    ("auto", ("auto", "autos"), True),
    ("handy", ("handy", "handys"), True),
    ("foto", ("foto", "fotos"), True),
    ("video", ("video", "videos"), True),
    ("taxi", ("taxi", "taxis"), True),
    ("buro", ("buro", "buros"), True),
    ("kamera", ("kamera", "kameras"), True),
    ("baby", ("baby", "babys"), True),
    ("kiosk", ("kiosk", "kiosks", "kioske"), True),
    ("laptop", ("laptop", "laptops"), True),
    ("nazi", ("nazi", "nazis"), False),
    ("cafe", ("cafe", "cafes"), True),
    ("trio", ("trio", "trios"), False),
    ("duo", ("duo", "duos"), False),
    ("graffiti", ("graffiti", "graffitis", "graffito"), False),
    ("kommando", ("kommando", "kommandos"), True),
    ("spray", ("spray", "sprays"), True),
    ("pkw", ("pkw", "pkws"), False),
    ("lkw", ("lkw", "lkws"), False),
    # short words where Snowball's R1 region keeps a plural -n
    ("nachbar", ("nachbar", "nachbarn", "nachbars"), False),
    ("herr", ("herr", "herrn", "herren"), False),
    ("ufer", ("ufer", "ufern", "ufers"), False),
    ("knie", ("knie", "knien", "knies"), False),
    ("feier", ("feier", "feiern"), False),
    ("schrei", ("schrei", "schreie", "schreien", "schreis"), False),
)
_OVERRIDES: dict[str, tuple[str, bool]] = {
    form: (stem, compound) for stem, forms, compound in _OVERRIDE_FAMILIES for form in forms
}
_OVERRIDE_MIN = min(len(f) for f in _OVERRIDES)


def _override(folded: str) -> Optional[str]:
    """The override stem of a folded word, or None. Heads of compounds match
    when the modifier left over has at least 3 letters."""
    hit = _OVERRIDES.get(folded)
    if hit is not None:
        return hit[0]
    n = len(folded)
    for i in range(3, n - _OVERRIDE_MIN + 1):
        hit = _OVERRIDES.get(folded[i:])
        if hit is not None and hit[1]:
            return folded[:i] + hit[0]
    return None


def _guarded(folded: str) -> Optional[str]:
    """The lexicon guard: the term of a folded word that is a guarded -er lemma or its
    -s/-n form (Messer, Messern -> messer), where Snowball would merge it with another
    lemma of the lexicon (Messe); else None. Only words the lexicon knows: a compound
    it does not list (Geldtransporter, beside the listed Geldtransport) keeps Snowball's
    term; its guarded head is indexed as a compound part (Einhandmesser: messer)."""
    return _guard_base(folded)


def _participle_guard(light: str) -> Optional[str]:
    """The gender-neutral participle noun of a guarded agent noun (Teilnehmende,
    Betreuenden -> the term of Teilnehmer, Betreuer), as the stemmer gave both before
    the guard. Works on the spelling with ue kept (betreu-enden, not betreunden)."""
    if len(light) >= 8 and light.endswith(_ENDE):
        agent = fold(light[: light.rindex("end")] + "er")
        if agent in GUARDED_ER:
            return agent
    return None


def _guard_base(f: str) -> Optional[str]:
    if f in GUARDED_ER:
        return f
    if f[-1:] in ("s", "n") and f[:-1] in GUARDED_ER:
        return f[:-1]
    for fem in ("in", "innen"):
        # without gender handling the feminine goes with its masculine, as Snowball had it
        if f.endswith(fem) and f[: -len(fem)] in GUARDED_ER:
            return f[: -len(fem)]
    return None


def _stem_plain(w: str, cfg: _Config) -> str:
    """Override or Snowball stem, then fold — no gender handling. With the guard on,
    -er nouns that the lexicon knows apart from a word of the same stem keep their own
    term (Messer/Messe, Feuerwerker/Feuerwerk)."""
    if cfg.overrides:
        o = _override(fold(w))
        if o is not None:
            return o
    if cfg.guard and len(w) >= 5:
        g = _guarded(fold(w)) or _participle_guard(_lfold(w))
        if g is not None:
            return g
    s = _snowball(w) if cfg.stem else w
    return fold(s) if cfg.fold else s
