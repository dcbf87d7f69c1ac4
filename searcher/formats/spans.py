"""The posting format of the release text fields: positions and character spans
packed as 32-bit integers instead of pickled tuples.

Whoosh's ``Characters`` format pickles a list of ``(pos, startchar, endchar)``
deltas for every posting and unpickles it on every phrase check and highlight.
:class:`Spans` stores the same information as little-endian int32 triples::

    (pos - previous pos, start - previous start, end - start) per occurrence

so a value is built with one ``struct``/``array`` call and read back with array
slices and ``itertools.accumulate`` (C loops). The frequency is the value's
length / 12, so there is no header. Weights and frequencies mean the same as
with ``Characters`` (the weight is the sum of the token boosts times the field
boost), so scores do not change.

The format object is pickled into an index's schema, so an index written with
``Characters`` (before this module) keeps reading its postings with
``Characters``; new indexes use :class:`Spans`.
"""
from __future__ import annotations

import struct
import sys
from array import array
from itertools import accumulate
from operator import add

from whoosh.formats import Format

_TRIPLE = struct.Struct("<3i")
_BIG_ENDIAN = sys.byteorder == "big"
assert array("i").itemsize == 4


def _ints(valuestring) -> array:
    a = array("i")
    a.frombytes(valuestring)
    if _BIG_ENDIAN:  # pragma: no cover - values are stored little-endian
        a.byteswap()
    return a


def _pack(flat: list) -> bytes:
    """``[pos, start, end, pos, start, end, ...]`` -> the stored delta triples."""
    if len(flat) == 3:
        p, s, e = flat
        return _TRIPLE.pack(p, s, e - s)
    deltas = [0] * len(flat)
    lastp = lasts = 0
    for i in range(0, len(flat), 3):
        p = flat[i]
        s = flat[i + 1]
        deltas[i] = p - lastp
        deltas[i + 1] = s - lasts
        deltas[i + 2] = flat[i + 2] - s
        lastp, lasts = p, s
    a = array("i", deltas)
    if _BIG_ENDIAN:  # pragma: no cover
        a.byteswap()
    return a.tobytes()


def _token_stream(value, analyzer, chars: bool, kwargs: dict):
    """The tokens a posting format indexes: positions and boosts, with character
    spans when ``chars``; a pre-split ``value`` (a list) is taken as it is."""
    kwargs["positions"] = True
    kwargs["chars"] = chars
    kwargs["boosts"] = True
    if isinstance(value, (tuple, list)):
        from whoosh.analysis import entoken

        return entoken(value, **kwargs)
    return analyzer(value, **kwargs)


class Spans(Format):
    """Positions and character spans of every occurrence, as packed int32 deltas.

    Supports: frequency, weight, positions, position_boosts (always 1.0),
    characters — the same as whoosh's ``Characters``.
    """

    posting_size = -1
    __inittypes__ = dict(field_boost=float)

    def word_values(self, value, analyzer, **kwargs):
        """``(text, frequency, weight, encoded value)`` for each distinct term of ``value``."""
        fb = self.field_boost
        seen: dict = {}
        weights: dict = {}
        stream = _token_stream(value, analyzer, True, kwargs)
        get = seen.get
        wget = weights.get
        for t in stream:
            if t.stopped:
                continue
            text = t.text
            occ = get(text)
            if occ is None:
                seen[text] = [t.pos, t.startchar, t.endchar]
                weights[text] = t.boost
            else:
                occ += (t.pos, t.startchar, t.endchar)
                weights[text] = wget(text) + t.boost
        for text, flat in seen.items():
            yield text, len(flat) // 3, weights[text] * fb, _pack(flat)

    def encode(self, poslist) -> bytes:
        """``[(pos, startchar, endchar), ...]`` -> a stored value."""
        flat = [x for triple in poslist for x in triple]
        return _pack(flat) if flat else b""

    def decode_frequency(self, valuestring) -> int:
        return len(valuestring) // 12

    def decode_weight(self, valuestring) -> float:
        return self.decode_frequency(valuestring) * self.field_boost

    def decode_positions(self, valuestring) -> list:
        return list(accumulate(_ints(valuestring)[0::3]))

    def decode_characters(self, valuestring) -> list:
        a = _ints(valuestring)
        starts = list(accumulate(a[1::3]))
        return list(zip(accumulate(a[0::3]), starts, map(add, starts, a[2::3])))

    def decode_position_boosts(self, valuestring) -> list:
        return [(pos, 1) for pos in self.decode_positions(valuestring)]

    def combine(self, vs) -> bytes:
        spans: dict = {}
        for v in vs:
            for pos, sc, ec in self.decode_characters(v):
                old = spans.get(pos)
                spans[pos] = (sc, ec) if old is None else (min(sc, old[0]), max(ec, old[1]))
        return self.encode([(pos, *spans[pos]) for pos in sorted(spans)])


class PackedPositions(Format):
    """Positions of every occurrence, as packed deltas, without character spans.

    The text fields of new indexes use it: the character spans :class:`Spans`
    keeps in every posting (8 of its 12 bytes per occurrence, well over a third
    of an index) are needed only for the ten hits of a page, and the highlighter
    recomputes them there from the stored text and these positions
    (:func:`searcher.analysis.term_spans`). A value is the position deltas as
    little-endian uint16 (2 bytes an occurrence; an even length), or, when a
    delta does not fit, the byte ``W`` and int32 deltas (an odd length).
    Frequencies and weights mean the same as with :class:`Spans`, so scores
    do not change.
    """

    posting_size = -1
    __inittypes__ = dict(field_boost=float)

    def word_values(self, value, analyzer, **kwargs):
        """``(text, frequency, weight, encoded value)`` for each distinct term of ``value``."""
        fb = self.field_boost
        seen: dict = {}
        weights: dict = {}
        stream = _token_stream(value, analyzer, False, kwargs)
        get = seen.get
        wget = weights.get
        for t in stream:
            if t.stopped:
                continue
            text = t.text
            occ = get(text)
            if occ is None:
                seen[text] = [t.pos]
                weights[text] = t.boost
            else:
                occ.append(t.pos)
                weights[text] = wget(text) + t.boost
        for text, poss in seen.items():
            yield text, len(poss), weights[text] * fb, _pack_positions(poss)

    def encode(self, poslist) -> bytes:
        """``[pos, ...]`` -> a stored value."""
        return _pack_positions(list(poslist)) if poslist else b""

    def decode_frequency(self, valuestring) -> int:
        n = len(valuestring)
        return n // 2 if n % 2 == 0 else (n - 1) // 4

    def decode_weight(self, valuestring) -> float:
        return self.decode_frequency(valuestring) * self.field_boost

    def decode_positions(self, valuestring) -> list:
        if len(valuestring) % 2 == 0:
            a = array("H")
            a.frombytes(valuestring)
            if _BIG_ENDIAN:  # pragma: no cover - values are stored little-endian
                a.byteswap()
            return list(accumulate(a))
        return list(accumulate(_ints(valuestring[1:])))

    def decode_position_boosts(self, valuestring) -> list:
        return [(pos, 1) for pos in self.decode_positions(valuestring)]

    def combine(self, vs) -> bytes:
        return self.encode(sorted({pos for v in vs for pos in self.decode_positions(v)}))


_WIDE = b"W"


# The stored value of each single position below 4,096 (most postings hold one
# occurrence early in a text), made once.
_ONE_POSITION = tuple(p.to_bytes(2, "little") for p in range(4096))
_TWO_DELTAS = struct.Struct("<HH")


def pack_occurrences(occ: list) -> bytes:
    """The stored value of ``occ[1:]`` (``occ`` as
    :meth:`searcher.analysis.GermanAnalyzer.position_postings` gives them:
    the summed weight, then the positions)."""
    n = len(occ)
    if n == 2 and occ[1] < 4096:
        return _ONE_POSITION[occ[1]]
    if n == 3:  # two occurrences: the two uint16 deltas of _pack_positions, packed at once
        a = occ[1]
        d = occ[2] - a
        if a < 65536 and d < 65536:
            return _TWO_DELTAS.pack(a, d)
    return _pack_positions(occ[1:])


def _pack_positions(poss: list) -> bytes:
    """``[pos, ...]`` (ascending) -> the stored deltas: uint16 when they fit, else ``W`` + int32."""
    if len(poss) == 1:
        p = poss[0]
        if p < 65536:
            return p.to_bytes(2, "little")
        return _WIDE + p.to_bytes(4, "little", signed=True)
    deltas = [b - a for a, b in zip([0] + poss, poss)]
    if max(deltas) < 65536:
        a = array("H", deltas)
        if _BIG_ENDIAN:  # pragma: no cover
            a.byteswap()
        return a.tobytes()
    a = array("i", deltas)
    if _BIG_ENDIAN:  # pragma: no cover
        a.byteswap()
    return _WIDE + a.tobytes()
