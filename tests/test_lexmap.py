"""The lexicon's compact, memory-mapped form (searcher.analysis.lexmap) answers as the
lexicon's records do, and the cache file it lives in is rebuilt when it is damaged."""
from __future__ import annotations

import random
import subprocess
import sys

import pytest

from searcher.analysis import lexicon, lexmap

ROWS = [  # (lemma, genus, inflected forms, has a plural), as german-nouns gives them
    ("Haus", "n", ["Hauses", "Häuser", "Häusern"], True),
    ("Hau", "m", ["Haus"], False),
    ("Tür", "f", ["Türen"], True),
    ("Tat", "f", ["Taten"], True),
    ("Fahren", "n", [], False),
    ("Rad", "n", ["Räder", "Rades"], True),
    ("Fahrer", "m", ["Fahrers", "Fahrern"], True),
    ("Polizist", "m", ["Polizisten"], True),
    ("Genuslos", "", ["Genuslose"], True),
]


def test_a_table_answers_every_record_and_nothing_else():
    records = lexicon._build_records(ROWS)
    table = lexmap.Table(lexmap.encode(records))
    assert table.count == len(records)
    for key, rec in records.items():
        assert table.get(key) == rec
    assert records["haus"][0] == ("haus", "hau")  # a form that is a lemma reads as it first
    assert records["genuslos"][1] == ""  # a lemma without genders is still a lemma
    assert records["fahr"] == (None, None, None, "fahr", False)  # a verb stem only
    assert records["tat"][4] and not records["haus"][4]
    for absent in ("hausx", "ha", "", "zzz", "türe", "fahre"):
        assert table.get(absent) is None
    assert sorted(table.keys()) == sorted(records)


def test_the_lexicon_reads_the_same_from_the_compact_form_as_from_the_rows(tmp_path):
    records = lexicon._build_records(ROWS)
    path = tmp_path / "lex.lexmap"
    lexmap.write(path, records)
    mapped = lexicon._Lexicon(table=lexmap.Table.open(path))
    built = lexicon._Lexicon(ROWS)
    for word in ("radfahrer", "hauses", "polizistin", "türen", "fahrrad", "haustür", "xyz"):
        assert mapped.parts(word) == built.parts(word)
        assert mapped.feminine_base(word) == built.feminine_base(word)
        assert mapped.lemmas_of(word) == built.lemmas_of(word)
    assert built.parts("haustür") == ("haus", "tür")
    assert mapped.forms.get("hauses") == ("haus",) and "hauses" in mapped.forms
    assert mapped.forms.get("nichts") is None and "nichts" not in mapped.forms
    assert mapped.verb_stems["fahr"] == "fahr"
    with pytest.raises(KeyError):
        mapped.lemma["hauses"]


@pytest.mark.parametrize("damage", ["empty", "truncated", "garbage", "other-magic"])
def test_a_damaged_cache_file_is_rebuilt(tmp_path, monkeypatch, damage):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(lexicon, "_read_german_nouns", lambda: iter(ROWS))
    path = lexicon._lexicon_cache_path()
    if path is None:
        pytest.skip("german-nouns is not installed")
    lexmap.write(path, lexicon._build_records(ROWS))
    good = path.read_bytes()
    bad = {"empty": b"", "truncated": good[:-7], "garbage": b"\x00" * len(good),
           "other-magic": b"SLEXMAP0" + good[8:]}[damage]
    path.write_bytes(bad)
    with pytest.raises(lexmap.LexmapError):
        lexmap.Table.open(path)
    lex = lexicon._load_lexicon()
    assert lex.parts("haustür") == ("haus", "tür")
    assert path.read_bytes() == good


def test_without_a_writable_cache_directory_the_lexicon_still_works(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.setattr(lexicon, "_read_german_nouns", lambda: iter(ROWS))
    lex = lexicon._load_lexicon()
    assert lex.parts("haustür") == ("haus", "tür")
    assert lex.feminine_base("polizistin") == "polizist"


def test_the_lookup_memo_is_bounded():
    records = lexicon._build_records(ROWS)
    memo = lexmap.Records(lexmap.Table(lexmap.encode(records)), cap=5)
    for i in range(50):
        assert memo[f"nichtda{i}"] is lexmap.ABSENT
        assert len(memo) <= 5
    assert memo["haus"][0] == ("haus", "hau")


def test_a_table_with_a_separator_in_a_value_is_refused():
    with pytest.raises(ValueError):
        lexmap.encode({"haus": (("ha\x1fus",), "n", "haus", None, False)})


@pytest.fixture(scope="module")
def real_lexicon():
    try:
        rows = list(lexicon._read_german_nouns())
    except ImportError:
        pytest.skip("german-nouns is not installed")
    return lexicon._build_records(rows), lexicon._lexicon()


def test_the_cached_compact_lexicon_holds_german_nouns_as_read(real_lexicon):
    records, lex = real_lexicon
    assert lex.table.count == len(records)
    rng = random.Random(18)
    sample = rng.sample(sorted(records), 5000)
    for key in sample:
        assert lex.table.get(key) == records[key]
    for key in sample[:2000]:  # strings near the keys that are not keys
        for near in (key + "x", key[1:], key[:-1]):
            if near not in records:
                assert lex.table.get(near) is None


def test_a_process_that_splits_a_few_words_does_not_read_the_whole_lexicon(real_lexicon):
    # the compact form is mapped, not loaded: a handful of lookups keep the process small
    code = (
        "import searcher.analysis.lexicon as L\n"
        "def rss():\n"
        "    return int(open('/proc/self/status').read().split('VmRSS:')[1].split()[0]) // 1024\n"
        "before = rss()\n"
        "lex = L._lexicon()\n"
        "assert lex.parts('Verkehrsunfallursache')[:2] == ('verkehr', 'unfallursache')\n"
        "print(rss() - before)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert int(out) < 20  # MiB; the lexicon as Python dicts took about 60
