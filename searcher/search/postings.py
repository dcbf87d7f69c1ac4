"""Decoding posting lists straight from Whoosh's codec: docnums, weights, positions, characters, and the per-term block directory."""
from __future__ import annotations

import bisect
from array import array
from itertools import accumulate
from typing import Optional

from ..backends.whoosh import internals
from .caches import _GenerationCache, _clock, _packed_bytes




def _term_postings(reader, fieldname: str, text, values: bool = False, directories: Optional[dict] = None):
    """(global docnums, weights, encoded values or None) of a term's postings,
    read a block at a time.

    Whoosh's W3 leaf matcher decodes a block of up to 128 postings at once;
    taking whole blocks avoids three Python calls per posting, which is what
    makes exact totals, filters and facets affordable. ``directories``: a dict
    that gets {segment index: (last docnums, offsets)} of the blocks read (the
    block directories :func:`_values` jumps with; read on the way, not again).
    """
    ids: list[int] = []
    weights: list[float] = []
    vals: Optional[list] = [] if values else None
    for i, (leaf, base) in enumerate(reader.leaf_readers()):
        try:
            m = leaf.postings(fieldname, text)
        except Exception:  # TermNotFound: not in this segment
            continue
        m, deleted = internals.leaf_matcher(m)
        lids: list[int] = []
        lweights: list[float] = []
        lvals: list = []
        if internals.is_block_matcher(m):
            directory = None if directories is None else directories.setdefault(i, ([], []))
            lids, lweights, lvals = internals.read_blocks(m, values, directory)
        else:  # pragma: no cover - another codec
            while m.is_active():
                lids.append(m.id())
                lweights.append(m.weight())
                if values:
                    lvals.append(m.value())
                m.next()
        if deleted:
            keep = [i for i, d in enumerate(lids) if d not in deleted]
            lids = [lids[i] for i in keep]
            lweights = [lweights[i] for i in keep]
            lvals = [lvals[i] for i in keep] if values else lvals
        if base:
            lids = list(map(base.__add__, lids))
        ids.extend(lids)
        weights.extend(lweights)
        if vals is not None:
            vals.extend(lvals)
    return ids, weights, vals


def _position_decoder(fmt):
    """A fast decoder of a posting value to its positions (the hot loop of phrase checks)."""
    from pickle import loads

    from whoosh.formats import Characters, Positions

    if type(fmt) is Characters:
        def decode(v: bytes) -> list[int]:
            codes = loads(v[4:] if v[-1:] == b"." else v[4:] + b".")
            return list(accumulate(c[0] for c in codes))
        return decode
    if type(fmt) is Positions:
        def decode(v: bytes) -> list[int]:
            return list(accumulate(loads(v[4:] if v[-1:] == b"." else v[4:] + b".")))
        return decode
    return fmt.decode_positions  # pragma: no cover - other formats


def _values(leaf, fieldname: str, text, local_ids: list[int], kind: str, blocks: Optional["_GenerationCache"] = None,
            block_key=None) -> dict[int, list]:
    """{local docnum: decoded value ("positions" or "characters")} for the given
    sorted docnums of one segment, skipping posting blocks that hold none of them."""
    out: dict[int, list] = {}
    try:
        m = leaf.postings(fieldname, text)
    except Exception:  # TermNotFound
        return out
    m, _ = internals.leaf_matcher(m)
    fmt = leaf.schema[fieldname].format
    decode = fmt.decode_positions if kind == "positions" else fmt.decode_characters
    if not internals.is_block_matcher(m):
        for d in local_ids:  # pragma: no cover - another codec
            if not m.is_active():
                break
            if m.id() < d:
                m.skip_to(d)
                if not m.is_active():
                    break
            if m.id() == d:
                out[d] = m.value_as(kind)
        return out
    if blocks is not None:
        # kept packed (12 bytes a block): a common term's directory is read again for
        # most pages of hits, and walking its block headers is the costly part
        got = blocks.get_packed(block_key)
        if got is None:
            t0 = _clock()
            maxids, offsets = _block_directory(m)
            got = (array("i", maxids), array("q", offsets))
            blocks.put_packed(block_key, got, _packed_bytes(got), cost=_clock() - t0)
        maxids, offsets = got
        wi, n = 0, len(local_ids)
        while wi < n:
            b = bisect.bisect_left(maxids, local_ids[wi])
            if b >= len(maxids):
                break
            ids, values = internals.block_at(m, offsets[b])
            wi = _take_block(ids, values, maxids[b], local_ids, wi, decode, out)
        return out
    wi, n = 0, len(local_ids)
    while wi < n:
        block = internals.next_blocks(m, local_ids[wi])
        if block is None:
            break
        ids, values, maxid = block
        wi = _take_block(ids, values, maxid, local_ids, wi, decode, out)
        internals.next_block(m)
    return out


def _take_block(ids, values, maxid: int, local_ids: list[int], wi: int, decode, out: dict) -> int:
    """Decode into ``out`` the values of one posting block (``ids``, ``values``, up
    to ``maxid``) for the wanted ``local_ids`` from index ``wi`` on; the index of
    the first wanted docnum after the block."""
    n = len(local_ids)
    while wi < n and local_ids[wi] <= maxid:
        d = local_ids[wi]
        j = bisect.bisect_left(ids, d)
        if j < len(ids) and ids[j] == d:
            out[d] = decode(values[j])
        wi += 1
    return wi


_block_directory = internals.block_directory


def _field_terms(reader, fieldname: str) -> list[str]:
    if fieldname not in reader.schema:
        return []
    out = []
    for t in reader.field_terms(fieldname):
        out.append(t.decode("utf-8") if isinstance(t, bytes) else t)
    return out
