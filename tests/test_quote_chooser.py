"""The learned speaker chooser: its model file, its errors, and that it names
the speaker a reader would for the usual German constructions (fixture
texts written for these tests)."""
import json

import pytest

from searcher.errors import SearcherError
from searcher.parse.quotes import QuoteExtractor
from searcher.parse.quotes import chooser as ch

CASES = [
    # speech verb after the quote
    ("„Wir werden die Wache im Herbst wieder öffnen“, sagte Innenministerin Anna Beispiel am Montag.",
     "Anna Beispiel", "person"),
    # colon introduction
    ("Polizeipräsident Karl Muster sagte bei der Vorstellung der Zahlen: „Die Lage hat sich deutlich beruhigt.“",
     "Karl Muster", "person"),
    # pronoun resolved to the person named before
    ("Bürgermeisterin Petra Probe besuchte am Dienstag die neue Feuerwache. "
     "„Hier wird jeder Euro gut angelegt“, sagte sie.", "Petra Probe", "person"),
    # a surname alone resolved to the full name
    ("Am Vormittag eröffnete Jonas Testmann die Ausstellung im Rathaus. "
     "„Kunst gehört in die Mitte der Stadt“, so Testmann.", "Jonas Testmann", "person"),
    # an organisation speaks, and is no person
    ("„Die Straße bleibt bis zum Abend gesperrt“, teilte die Polizei mit.", "die Polizei", "organisation"),
    # a role noun without a name
    ("„Wir haben mit so vielen Besuchern nicht gerechnet“, sagte ein Polizeisprecher am Abend.",
     "ein Polizeisprecher", "role"),
]


@pytest.fixture(autouse=True)
def fresh_model_cache():
    ch._MODEL_CACHE.clear()
    yield
    ch._MODEL_CACHE.clear()


def _first(text, chooser):
    qs = [q for q in QuoteExtractor([text], chooser=chooser).extract(text) if q.kind == "direct"]
    assert qs, text
    return qs[0]


@pytest.mark.parametrize("chooser", ["rules", "learned"])
@pytest.mark.parametrize("text, speaker, kind", CASES)
def test_usual_constructions_get_the_right_speaker(chooser, text, speaker, kind):
    q = _first(text, chooser)
    assert q.speaker == speaker
    assert q.speaker_kind == kind


def test_learned_chooser_picks_among_all_cues_not_only_the_first():
    # the rules take the subject of the clause; the cue names a second person:
    # whatever the choice, the candidates the model sees hold both
    text = ("Ministerin Anna Beispiel traf am Montag den Landrat Otto Probe. "
            "„Wir müssen schneller bauen“, sagte Probe nach dem Treffen.")
    got = []
    QuoteExtractor([text], chooser="rules", collect=got).extract(text)
    (start, end, cands), = got
    assert text[start:end] == "Wir müssen schneller bauen"
    shown = [c.text for c in cands]
    assert "Otto Probe" in shown and "Anna Beispiel" in shown
    assert "rule" in cands[0].sources and cands[0].text == "Otto Probe"
    assert all(c.features for c in cands)


def test_shipped_model_loads():
    model = ch.load_model()
    assert ch.MODEL_PATH.name == "speaker_model.json"
    assert model.weights and all(isinstance(v, float) for v in model.weights.values())
    assert model.meta.get("trained_on", "").startswith("wikinews-quotes")


def test_missing_model_file_is_a_clear_error(tmp_path):
    path = tmp_path / "nope.json"
    with pytest.raises(ch.SpeakerModelError) as e:
        ch.load_model(path)
    assert isinstance(e.value, SearcherError)
    assert str(path) in str(e.value) and "file not found" in str(e.value)
    assert "bench/quotes_train.py" in str(e.value) and "chooser='rules'" in str(e.value)


@pytest.mark.parametrize("content, problem", [
    ("{not json", "not readable as JSON"),
    (json.dumps({"format": "something-else", "weights": {}}), "not a searcher-speaker-ranker/1 file"),
    (json.dumps({"format": ch.MODEL_FORMAT, "weights": {"src:rule": "high"}}), "a weight is not a number"),
])
def test_corrupt_model_file_is_a_clear_error(tmp_path, content, problem):
    path = tmp_path / "model.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ch.SpeakerModelError, match=problem):
        ch.load_model(path)


def test_asking_for_the_learned_chooser_without_a_model_raises(tmp_path, monkeypatch):
    monkeypatch.setattr(ch, "MODEL_PATH", tmp_path / "gone.json")
    with pytest.raises(ch.SpeakerModelError, match="gone.json"):
        QuoteExtractor(["Text"], chooser="learned")


def test_default_learned_chooser_without_a_model_falls_back_to_the_rules(tmp_path, monkeypatch):
    monkeypatch.setattr(ch, "MODEL_PATH", tmp_path / "gone.json")
    monkeypatch.setattr(ch, "DEFAULT_CHOOSER", "learned")
    monkeypatch.setattr(ch, "_warned", [])
    text = CASES[0][0]
    with pytest.warns(RuntimeWarning, match="using the rule chooser"):
        q = QuoteExtractor([text]).extract(text)[0]
    assert q.speaker == "Anna Beispiel"


def test_unknown_chooser_names_the_choices():
    with pytest.raises(ValueError, match="use one of rules, learned"):
        QuoteExtractor(["Text"], chooser="neural")


def test_a_model_that_prefers_another_cue_changes_the_speaker_only():
    # a hand-made model that trusts the person named before the quote over
    # the cue after it: the quote itself (and so found/precision) stays
    text = ("Ministerin Anna Beispiel traf am Montag den Landrat Otto Probe. "
            "„Wir müssen schneller bauen“, sagte Probe nach dem Treffen.")
    rules = QuoteExtractor([text], chooser="rules").extract(text)
    ex = QuoteExtractor([text], chooser="rules")
    ex._model = ch.SpeakerModel({"src:prevperson": 5.0})
    learned = ex.extract(text)
    assert [(q.start, q.end) for q in rules] == [(q.start, q.end) for q in learned]
    assert rules[0].speaker == "Otto Probe" and learned[0].speaker == "Anna Beispiel"
