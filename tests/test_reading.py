import time

import pytest

from searcher.errors import ParseError
from searcher.reading import MAX_BYTES, decode, normalize


def test_utf8_with_and_without_bom():
    assert decode("Grüße".encode()) == "Grüße"
    assert decode(b"\xef\xbb\xbf" + "Grüße".encode()) == "Grüße"


def test_windows_1252_fallback():
    assert decode("„Straße“ – 5 €".encode("cp1252")) == "„Straße“ – 5 €"


def test_nfc_line_ends_soft_hyphen_nbsp():
    assert decode("Ko\u0308pping\r\nZeile\rZwei\u00a0Drei Fach\u00adkraft".encode()) == "Köpping\nZeile\nZwei Drei Fachkraft"


@pytest.mark.parametrize("raw, expected", [
    ("Fachkräfte-\nsicherung", "Fachkräftesicherung"),
    ("Fachkräfte-  \n  sicherung", "Fachkräftesicherung"),
    ("Arbeits-\nund Kommunalverwaltung", "Arbeits- und Kommunalverwaltung"),
    ("IQ-\nNetzwerk", "IQ-Netzwerk"),
    ("Wort -\nnächstes", "Wort -\nnächstes"),
    ("2023-\n2024", "2023-\n2024"),
])
def test_line_end_hyphenation(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize("data, message", [
    (b"\x00\x01\x02binary\x00", "binary"),
    (bytes(range(1, 9)) * 100, "binary"),
    (b"", "empty"),
    (b"  \n\r\n ", "empty"),
])
def test_refuses_binary_and_empty(data, message):
    with pytest.raises(ParseError) as e:
        decode(data, "x.txt")
    assert message in str(e.value) and "x.txt" in str(e.value)


def test_refuses_huge_input():
    with pytest.raises(ParseError, match=r"file too large \(\d+\.\d MB > 20 MB limit\)"):
        decode(b"a" * (MAX_BYTES + 1), "big.txt")


def test_large_single_line_decodes():
    data = ("Wort-\nteil „Zitat »mit« Marken " * 200_000).encode()[:5_000_000]
    t0 = time.perf_counter()
    text = decode(data)
    assert "Zitat »mit« Marken" in text
    assert time.perf_counter() - t0 < 300  # a hang guard, not a speed requirement
