"""The one door to Whoosh's private internals: every private name searcher's
Whoosh modules rely on is listed here and checked when this module is imported,
so a Whoosh release that changed them fails loudly at once instead of
indexing or checking wrongly.

The segment writer (:mod:`._writer`: every private access of it is a
function below), the workarounds (:mod:`._whoosh_fixes`),
the integrity check (:mod:`.check`), the worker pool (:mod:`.pool`) and the
search engine (:mod:`searcher.search`: posting blocks, length and date
columns) import this module first and reach private names through it.
"""
from __future__ import annotations

import importlib
from array import array
from itertools import accumulate
from typing import Optional

# (module, dotted attribute) pairs that must exist for searcher to work
REQUIRED: tuple[tuple[str, str], ...] = (
    # the grouped segment writer and the one commit of the worker pool (_writer.py, pool.py)
    ("whoosh.writing", "SegmentWriter._check_state"),
    ("whoosh.writing", "SegmentWriter._doc_boost"),
    ("whoosh.writing", "SegmentWriter._field_boost"),
    ("whoosh.writing", "SegmentWriter._check_fields"),
    ("whoosh.writing", "SegmentWriter._merge_segments"),
    ("whoosh.writing", "SegmentWriter._close_segment"),
    ("whoosh.writing", "SegmentWriter._commit_toc"),
    ("whoosh.writing", "SegmentWriter._finish"),
    ("whoosh.writing", "SegmentWriter._finalize_segment"),
    ("whoosh.codec.whoosh3", "W3FieldWriter"),
    ("whoosh.codec.whoosh3", "W3PostingsWriter._new_block"),
    ("whoosh.codec.whoosh3", "W3PostingsWriter._mini_ids"),
    ("whoosh.codec.whoosh3", "W3PostingsWriter._mini_weights"),
    ("whoosh.codec.whoosh3", "W3PostingsWriter._mini_values"),
    ("whoosh.codec.whoosh3", "WHOOSH3_HEADER_MAGIC"),
    ("whoosh.util.numeric", "length_to_byte"),
    # the workarounds (_whoosh_fixes.py)
    ("whoosh.codec.base", "Segment._random_id"),
    ("whoosh.filedb.compound", "BufferFile"),
    ("whoosh.filedb.structfile", "BufferFile"),
    # the table of contents (check.py, pool.py)
    ("whoosh.index", "TOC._pattern"),
    ("whoosh.index", "TOC._filename"),
    ("whoosh.index", "TOC.read"),
    ("whoosh.index", "clean_files"),
    ("whoosh.index", "_INT_SIZE"),
    ("whoosh.index", "_LONG_SIZE"),
    ("whoosh.index", "_FLOAT_SIZE"),
    ("whoosh.index", "_CURRENT_TOC_VERSION"),
    ("whoosh.reading", "SegmentReader"),
    # the search engine's block reads of postings and columns (searcher.search)
    ("whoosh.codec.whoosh3", "W3LeafMatcher._read_ids"),
    ("whoosh.codec.whoosh3", "W3LeafMatcher._read_weights"),
    ("whoosh.codec.whoosh3", "W3LeafMatcher._read_values"),
    ("whoosh.codec.whoosh3", "W3LeafMatcher._read_data"),
    ("whoosh.codec.whoosh3", "W3LeafMatcher._next_block"),
    ("whoosh.codec.whoosh3", "W3LeafMatcher._goto"),
    ("whoosh.codec.whoosh3", "W3PerDocReader._cached_reader"),
    ("whoosh.codec.whoosh3", "LENGTHS_COLUMN"),
    ("whoosh.codec.whoosh3", "_lenfield"),
    ("whoosh.matching.wrappers", "FilterMatcher"),
)

# Attributes Whoosh sets on its objects when they are made, so they cannot be
# checked at import; the readers below look for them and fall back to Whoosh's
# public (slower) calls when an object lacks them.
BLOCK_MATCHER_ATTRS = ("_atend", "_ids", "_i", "_blocklength", "_maxid", "_baseoffset", "_lastblock",
                       "_nextoffset", "_read_ids", "_read_weights", "_read_values", "_next_block", "_goto",
                       "_data", "_read_data", "_byteids")
COLUMN_READER_ATTRS = ("_typecode", "_fixedlen", "_count", "_dbfile", "_basepos", "_default")
# ... and the ones the segment writer (_writer.py) sets on Whoosh's writers: a
# writer lacking one fails at once with WhooshInternalsChanged (see _require).
SEGMENT_WRITER_ATTRS = ("_tempstorage", "_added")
PERDOC_WRITER_ATTRS = ("_docnum",)
FIELD_WRITER_ATTRS = ("_postwriter", "_postfile", "_codec", "_tindex", "_fieldid", "_format")
POSTINGS_WRITER_ATTRS = ("_blocklimit", "_blockcount", "_postfile", "_terminfo", "_compression")


class WhooshInternalsChanged(ImportError):
    """The installed Whoosh lacks private names searcher relies on."""


def missing(required=REQUIRED) -> list[str]:
    """The ``module.attribute`` names of ``required`` that the installed Whoosh lacks."""
    gone = []
    for module_name, path in required:
        try:
            obj = importlib.import_module(module_name)
            for part in path.split("."):
                obj = getattr(obj, part)
        except (ImportError, AttributeError):
            gone.append(f"{module_name}.{path}")
    return gone


def verify(required=REQUIRED) -> None:
    """Raise :class:`WhooshInternalsChanged` naming every missing private name."""
    gone = missing(required)
    if gone:
        raise WhooshInternalsChanged(
            "searcher needs internals of whoosh-reloaded 2.7.5 that the installed Whoosh lacks: "
            + ", ".join(gone)
            + ". Install the version searcher pins (pip install -e . in the project) and try again."
        )


verify()


def toc_pattern(indexname: str):
    """The compiled pattern of a table of contents file name (group 1: its generation)."""
    from whoosh.index import TOC

    return TOC._pattern(indexname)


def toc_filename(indexname: str, gen: int) -> str:
    """The file name of the table of contents of generation ``gen``."""
    from whoosh.index import TOC

    return TOC._filename(indexname, gen)


def commit_segments(writer, segments) -> None:
    """Commit ``writer``'s own segment plus ``segments`` written by worker
    processes in one new table of contents (Whoosh's commit, without its merge policy)."""
    final = writer._merge_segments(None, None, False) + [seg for seg in segments if seg is not None]
    writer._close_segment()
    writer._commit_toc(final)
    writer._finish()


def finalize_segment(writer):
    """Finish a worker's segment without committing it; the segment, for the parent."""
    return writer._finalize_segment()


def close_segment(writer) -> None:
    """Close a worker's segment files without touching the writers' shared temp folder."""
    writer._close_segment()


# -- the search engine's reads (searcher.search) ---------------------------


def leaf_matcher(m):
    """(the codec's matcher of a segment's postings, the docnums it hides as
    deleted or None): unwraps Whoosh's deleted-documents filter."""
    from whoosh.matching.wrappers import FilterMatcher

    if isinstance(m, FilterMatcher):
        return m.child, m._ids
    return m, None


def is_block_matcher(m) -> bool:
    """Whether ``m`` is a W3 leaf matcher whose posting blocks can be read whole."""
    return all(hasattr(m, a) for a in BLOCK_MATCHER_ATTRS)


def read_blocks(m, values: bool, directory: Optional[tuple] = None):
    """(docnums, weights, encoded values) of every posting left in a block
    matcher, a block at a time (values empty unless ``values``). ``directory``:
    two lists the (last docnum, file offset) of each block read are appended to,
    as :func:`block_directory` gives them (``m`` at its first block)."""
    ids: list = []
    weights: list = []
    vals: list = []
    pos = m._baseoffset
    while not m._atend and m._i < m._blocklength:
        if directory is not None:
            directory[0].append(m._maxid)
            directory[1].append(pos)
        if m._ids is None:
            _read_ids(m)
        if m._weights is None:
            _read_weights(m)
        ids.extend(m._ids[m._i : m._blocklength])
        weights.extend(m._weights[m._i : m._blocklength])
        if values:
            if m._values is None:
                m._read_values()
            vals.extend(m._values[m._i : m._blocklength])
        m._i = m._blocklength
        pos = m._nextoffset
        m._next_block()
    return ids, weights, vals


def _read_ids(m) -> None:
    """``m._read_ids()`` with the docnums' deltas summed in C (Whoosh sums them
    in a Python generator, a call per posting: most of decoding a common word)."""
    if m._data is None:
        m._read_data()
    raw = m._data[0]
    m._ids = raw if m._byteids else tuple(accumulate(raw))


def _read_weights(m) -> None:
    """``m._read_weights()`` with a block of equal weights made by repeating one
    float32 (Whoosh fills the array from a Python generator)."""
    if m._data is None:
        m._read_data()
    w = m._data[1]
    if w is None:
        m._weights = array("f", (1.0,)) * m._blocklength
    elif isinstance(w, float):
        m._weights = array("f", (w,)) * m._blocklength
    else:
        m._weights = w


def block_directory(m) -> tuple[list[int], list[int]]:
    """(last docnum, file offset) of every posting block of a block matcher
    positioned at its first block: later reads jump to the block holding a
    docnum instead of reading every block header before it."""
    maxids: list[int] = []
    offsets: list[int] = []
    pos = m._baseoffset
    while True:
        m._goto(pos)
        maxids.append(m._maxid)
        offsets.append(pos)
        if m._lastblock:
            break
        pos = m._nextoffset
    return maxids, offsets


def block_at(m, offset: int):
    """(docnums, encoded values) of the posting block at file ``offset``."""
    m._goto(offset)
    _read_ids(m)
    m._read_values()
    return m._ids, m._values


def next_blocks(m, upto: int):
    """Skip a block matcher's blocks that end before docnum ``upto``; the
    current block's (docnums, encoded values, last docnum), or None at the end."""
    while not m._atend:
        if m._maxid < upto:
            m._next_block()
            continue
        if m._ids is None:
            _read_ids(m)
        if m._values is None:
            m._read_values()
        return m._ids, m._values, m._maxid
    return None


def next_block(m) -> None:
    """Move a block matcher to its next posting block."""
    m._next_block()


def segment_maps(reader) -> list:
    """The ``mmap`` objects through which Whoosh reads the segments' compound
    files (``CompoundStorage._source``; none for a segment read otherwise)."""
    import mmap

    out = []
    for leaf, _ in reader.leaf_readers():
        storage = getattr(leaf, "_storage", None)
        for st in (storage, getattr(storage, "a", None), getattr(storage, "b", None)):
            source = getattr(st, "_source", None)
            if isinstance(source, mmap.mmap) and all(source is not m for m in out):
                out.append(source)
    return out


def length_column(leaf, field: str):
    """The column reader of a segment's per-document lengths of ``field`` (None: no lengths)."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

    return leaf._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)


def column_bytes(col):
    """(array typecode, bytes per value, stored count, the stored bytes, default
    value) of a fixed-width numeric column reader."""
    typecode, fixedlen, count = col._typecode, col._fixedlen, col._count
    return typecode, fixedlen, count, bytes(col._dbfile.get(col._basepos, fixedlen * count)), col._default


# -- the grouped segment writer (_writer.py) ----------------------------------


def _require(obj, attrs) -> None:
    gone = [a for a in attrs if not hasattr(obj, a)]
    if gone:
        raise WhooshInternalsChanged(
            f"searcher needs internals of whoosh-reloaded 2.7.5 that the installed Whoosh's "
            f"{type(obj).__name__} lacks: {', '.join(gone)}. Install the version searcher pins "
            "(pip install -e . in the project) and try again."
        )


def writer_temp_storage(writer):
    """The temporary storage of a segment writer (for spilled posting runs)."""
    _require(writer, SEGMENT_WRITER_ATTRS)
    return writer._tempstorage


def writer_check_state(writer) -> None:
    writer._check_state()


def writer_doc_boost(writer, fields) -> float:
    return writer._doc_boost(fields)


def writer_field_boost(writer, fields, fieldname: str, docboost: float) -> float:
    return writer._field_boost(fields, fieldname, docboost)


def writer_check_fields(writer, schema, fieldnames) -> None:
    writer._check_fields(schema, fieldnames)


def writer_mark_added(writer) -> None:
    """Tell a segment writer a document was added (its commit writes a segment then)."""
    writer._added = True


def perdoc_docnum(perdocwriter) -> int:
    """The docnum the per-document writer is writing."""
    return perdocwriter._docnum


def is_w3_field_writer(fw) -> bool:
    from whoosh.codec.whoosh3 import W3FieldWriter

    if isinstance(fw, W3FieldWriter):
        _require(fw, FIELD_WRITER_ATTRS)
        return True
    return False


def postings_writer(fw):
    """The postings writer of a W3 field writer."""
    return fw._postwriter


def write_blocks_with(pw, write_block) -> None:
    """Make ``write_block(pw, last=False)`` write the posting blocks of ``pw``
    (Whoosh's ``finish_term`` writes the last block through it too)."""
    from types import MethodType

    _require(pw, POSTINGS_WRITER_ATTRS)
    pw._write_block = MethodType(write_block, pw)


def reset_postings_writer(fw) -> None:
    """Give a field writer a fresh postings writer (drops the hooked one)."""
    fw._postwriter = fw._codec.postings_writer(fw._postfile)


def block_limit(pw) -> int:
    """Postings a block of ``pw`` holds."""
    return pw._blocklimit


def fill_block(pw, *, ids, weights, maxweight, values, minlength, maxlength) -> None:
    """Set the postings of ``pw``'s current block and the block's statistics."""
    pw._ids = ids
    pw._weights = weights
    pw._maxweight = maxweight
    pw._values = values
    pw._minlength = minlength
    pw._maxlength = maxlength


def write_postings_block(pw, last: bool, protocol: int, compress_min: int) -> None:
    """Write ``pw``'s buffered block as ``W3PostingsWriter._write_block`` does,
    with the data pickled with ``protocol`` and compressed only from
    ``compress_min`` bytes on (the block header says whether it is compressed)."""
    import pickle
    import zlib

    from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
    from whoosh.util.numeric import length_to_byte

    if not pw._blockcount:
        pw._postfile.write(WHOOSH3_HEADER_MAGIC)
    pw._terminfo.add_block(pw)
    databytes = pickle.dumps((pw._mini_ids(), pw._mini_weights(), pw._mini_values()), protocol)
    comp = pw._compression if len(databytes) >= compress_min else 0
    if comp:
        databytes = zlib.compress(databytes, comp)
    ids = pw._ids
    infobytes = pickle.dumps(
        (len(ids), ids[-1], pw._maxweight, comp, length_to_byte(pw._minlength), length_to_byte(pw._maxlength)), 2
    )
    blocklength = len(infobytes) + len(databytes)
    postfile = pw._postfile
    postfile.write_int(-blocklength if last else blocklength)
    postfile.write(infobytes)
    postfile.write(databytes)
    pw._blockcount += 1
    pw._new_block()


def write_one_block_term(fw, btext: bytes, ids, weights, maxweight, values, minlength, maxlength,
                         protocol: int, compress_min: int) -> None:
    """``fw.start_term(btext)``, one block of postings (at most the block limit) and
    ``fw.finish_term()`` in one function, writing the same bytes to the postings
    and terms files as those calls through ``W3PostingsWriter`` with
    :func:`write_postings_block` (most terms have one block, and the per-term calls
    were most of a commit). ``weights`` is the block's ``array("f")``, ``values``
    the stored values (empty ones left out)."""
    import pickle
    import zlib

    from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
    from whoosh.system import pack_int, pack_long, pack_ushort
    from whoosh.util.numeric import length_to_byte

    pw = fw._postwriter
    postfile = pw._postfile
    start = postfile.tell()
    postfile.write(WHOOSH3_HEADER_MAGIC)
    # W3PostingsWriter._mini_ids / _mini_weights / _mini_values
    base = 0
    deltas = []
    for n in ids:
        deltas.append(n - base)
        base = n
    if all(w == 1.0 for w in weights):
        mini_weights = None
    elif all(w == weights[0] for w in weights):
        mini_weights = weights[0]
    else:
        mini_weights = tuple(weights)
    fixed = fw._format.fixed_value_size()
    if fixed is None or fixed < 0:
        mini_values = tuple(values)
    elif fixed == 0:
        mini_values = None
    else:
        mini_values = b"".join(values)
    databytes = pickle.dumps((tuple(deltas), mini_weights, mini_values), protocol)
    comp = pw._compression if len(databytes) >= compress_min else 0
    if comp:
        databytes = zlib.compress(databytes, comp)
    minbyte, maxbyte = length_to_byte(minlength), length_to_byte(maxlength)
    infobytes = pickle.dumps((len(ids), ids[-1], maxweight, comp, minbyte, maxbyte), 2)
    postfile.write_int(-(len(infobytes) + len(databytes)))  # negative: the last block
    postfile.write(infobytes)
    postfile.write(databytes)
    length = postfile.tell() - start
    # W3TermInfo after add_block of this one block, then to_bytes
    info = W3TermInfo._struct.pack(
        False, 0 + sum(weights), len(ids), 0 if minlength is None else minbyte,
        length_to_byte(max(0, maxlength)), max(0, maxweight), ids[0], ids[-1],
    ) + pack_long(start) + pack_int(length)
    fw._tindex.add(pack_ushort(fw._fieldid) + btext, info)
