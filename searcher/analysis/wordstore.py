"""Word analyses kept between runs: the per-word index terms of earlier runs, in one
file of the user's cache directory beside the compact lexicon.

Working out a word's index terms the first time (stemming, the lexicon guard,
lemmas, feminine bases, compound splitting) is about a quarter of an indexing
run's CPU on short releases, and every worker process of a run, and every run,
did it again for the same vocabulary. Indexing now starts from the words earlier
runs worked out (:func:`load`: once per process, before workers fork, or once a run
has worked out :data:`LOAD_AFTER` words itself) and writes what it added at the end
(:func:`save`).

The file is named by a version of everything a word's terms depend on (the source
of the analysis package and the stem guard, the stemmer, Whoosh's stop words, the
lexicon file, the part weight, the Python version), so a change to any of them
starts a new file. On load a sample of the stored words is worked out again and
compared: a file that disagrees (or is damaged, or of another format) is ignored
and replaced at the end of the run. Without a writable cache directory nothing is
kept and indexing works as before.

Layout: ``MAGIC`` | CRC-32 of the payload (uint32 LE) | payload, the ``marshal``
of ``{word as written: (positions, ((offset, term as UTF-8, boost), ...)) or, for a word of
one position with one term of weight 1.0, that term as UTF-8}``.
Like the compact lexicon, the file is trusted as the user's own cache.
"""
from __future__ import annotations

import marshal
import os
import struct
import sys
from pathlib import Path
from typing import Optional
from zlib import crc32

MAGIC = b"SWORDS01"
_CRC = struct.Struct("<I")
# Words a file keeps at most (the newest): below the in-memory word cache's bound,
# so a run that adds many words does not clear what it loaded.
MAX_WORDS = 100_000
# A run writes the file only when it worked out at least this many new words.
MIN_NEW = 200
# A process loads the file once it has worked out this many words itself (about 0.1 s
# of work, what loading 36,000 words costs): a run of a few files never loads it.
# A parent loads it before its workers fork (:func:`load_all`): those runs are large.
LOAD_AFTER = 1000
SAMPLE = 24  # stored words worked out again on load
KEEP_FILES = 6  # files of other versions are removed past this many (the oldest first)

_STATE: dict[bool, Optional[int]] = {True: None, False: None}  # guard -> words loaded (None: not tried)


def _version(guard: bool) -> str:
    """A digest of what one word's terms depend on."""
    import hashlib  # here: a search never needs it, and hashlib loads OpenSSL (_hashlib)

    import whoosh

    from . import stemming, terms
    from .lexicon import _lexicon

    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for path in sorted(here.glob("*.py")) + [here.parent / "_stem_guard.py"]:
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    stemming._snowball("haus")  # the stemmer is created on first use
    stemmer = stemming._STEMMER
    module = sys.modules.get(type(stemmer).__module__)
    lex = _lexicon()
    table = getattr(lex, "table", None)
    h.update(repr((
        guard, terms.PART_BOOST, sys.version_info[:2], whoosh.__version__,
        type(stemmer).__module__, getattr(module, "__version__", None),
        _stemmer_file_stamp(module),
        getattr(table, "source", None), getattr(table, "count", None),
    )).encode())
    return h.hexdigest()[:20]


def _stemmer_file_stamp(module) -> tuple:
    """Size and modification time of the stemmer's module file (a reinstall changes them)."""
    try:
        st = os.stat(module.__file__)
        return (st.st_size, st.st_mtime_ns)
    except (AttributeError, TypeError, OSError):
        return ()


def cache_path(guard: bool) -> Path:
    """The file of this version's word analyses (with or without the lexicon guard)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "searcher" / f"words-{_version(guard)}.marshal"


def _read(path: Path) -> Optional[dict]:
    """The words stored in ``path``, or None when it is missing, damaged or of another format."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(MAGIC) + _CRC.size
    if len(data) < head or data[:len(MAGIC)] != MAGIC:
        return None
    (crc,) = _CRC.unpack_from(data, len(MAGIC))
    payload = memoryview(data)[head:]
    if crc32(payload) != crc:
        return None
    try:
        words = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    return words if type(words) is dict else None


def _agrees(words: dict, guard: bool) -> bool:
    """Whether a sample of the stored words gives the same terms when worked out now."""
    from .chain import _compute_word_terms

    if not words:
        return True
    keys = list(words)
    step = max(1, len(keys) // SAMPLE)
    for word in keys[::step][:SAMPLE]:
        if type(word) is not str or _compute_word_terms(word, guard) != words[word]:
            return False
    return True


def load(guard: bool, into: dict) -> int:
    """Put the stored word analyses into ``into`` (the in-memory word cache), once per
    process; returns how many words ``into`` held after loading."""
    if _STATE[guard] is not None:
        return _STATE[guard]
    _STATE[guard] = len(into)
    try:
        words = _read(cache_path(guard))
        if not words or not _agrees(words, guard):
            return _STATE[guard]
    except Exception:  # a cache must never stop a run: without it, words are worked out
        return _STATE[guard]
    for word, entry in words.items():
        into.setdefault(word, entry)
    _STATE[guard] = len(into)
    return _STATE[guard]


def save(guard: bool, words: dict) -> bool:
    """Write ``words`` (the in-memory word cache) with what the file holds now, when this
    process worked out at least :data:`MIN_NEW` words since :func:`load`; True if written."""
    loaded = _STATE[guard]
    if loaded is None or len(words) - loaded < MIN_NEW:
        return False
    try:
        path = cache_path(guard)
        merged = _read(path) or {}  # another process may have written it meanwhile
        if merged and not _agrees(merged, guard):
            merged = {}
        merged.update(words)
        if len(merged) > MAX_WORDS:
            keys = list(merged)[-MAX_WORDS:]
            merged = {k: merged[k] for k in keys}
        payload = marshal.dumps(merged)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as fh:
                fh.write(MAGIC + _CRC.pack(crc32(payload)) + payload)
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()
        _prune(path.parent)
    except OSError:
        return False
    _STATE[guard] = len(words)
    return True


def _prune(folder: Path) -> None:
    """Keep the :data:`KEEP_FILES` most recently written word files (other versions'
    files would otherwise pile up with every upgrade)."""
    files = []
    for f in folder.glob("words-*.marshal"):
        try:
            files.append((f.stat().st_mtime_ns, f))
        except OSError:
            continue
    for _, f in sorted(files, reverse=True)[KEEP_FILES:]:
        try:
            f.unlink()
        except OSError:
            pass


def load_all() -> None:
    """Load the stored words of the full chain (a parent does this before its workers fork)."""
    from .terms import _WORD_CACHE

    load(True, _WORD_CACHE[True])


def save_all() -> bool:
    """Write what this process added to the word caches it loaded (end of an indexing
    run); True if a file was written."""
    from .terms import _WORD_CACHE

    return any([save(guard, words) for guard, words in _WORD_CACHE.items()])


_LEN = struct.Struct("<I")


class Exchange:
    """Word analyses shared among the worker processes of one run as they are worked out.

    Each worker starts with the same words (those loaded before it forked) and, on a
    machine's first run, would work out most of the vocabulary again that the other
    worker works out too (on the Berlin releases each of two workers met about 70 %
    of the 36,000 distinct words). After each document a worker appends the words it
    worked out since (one ``marshal`` record with its length) to its own file in
    ``folder`` and takes in what the other workers appended to theirs, so a word is
    mostly worked out once per run. The files are read only by the run's own
    workers; a record that is cut short is read once it is whole. A failure only
    stops the sharing (each worker then works words out itself, as before).
    """

    def __init__(self, folder: str, me: int, count: int, cache: dict, log: list):
        # cache: the word cache; log: the words this process works out, appended as they are
        self.cache, self.log = cache, log
        self.out: Optional[int] = os.open(os.path.join(folder, f"words-{me}.xchg"),
                                          os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        # other workers' files: [path, fd or None, bytes read, bytes of an incomplete record]
        self.ins = [[os.path.join(folder, f"words-{k}.xchg"), None, 0, b""] for k in range(count) if k != me]

    def share(self) -> None:
        """Publish the words worked out since the last call; take in the others'."""
        if self.out is None:
            return
        try:
            self._publish()
            for source in self.ins:
                self._receive(source)
        except (OSError, ValueError, EOFError, TypeError):
            self.close()

    def _publish(self) -> None:
        log, cache = self.log, self.cache
        if not log:
            return
        payload = marshal.dumps({word: cache[word] for word in log if word in cache})
        log.clear()
        data = memoryview(_LEN.pack(len(payload)) + payload)
        while data:
            data = data[os.write(self.out, data):]

    def _receive(self, source: list) -> None:
        path, fd, offset, pending = source
        if fd is None:
            try:
                fd = source[1] = os.open(path, os.O_RDONLY)
            except FileNotFoundError:
                return
        size = os.fstat(fd).st_size
        if size <= offset:
            return
        data = pending + os.pread(fd, size - offset, offset)
        source[2] = size
        at = 0
        setdefault = self.cache.setdefault
        while at + _LEN.size <= len(data):
            (n,) = _LEN.unpack_from(data, at)
            if at + _LEN.size + n > len(data):
                break
            words = marshal.loads(data[at + _LEN.size:at + _LEN.size + n])
            for word, entry in words.items():
                setdefault(word, entry)
            at += _LEN.size + n
        source[3] = data[at:]

    def close(self) -> None:
        """Stop sharing and close the files."""
        for fd in [self.out] + [source[1] for source in self.ins]:
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.out = None
        for source in self.ins:
            source[1] = None
