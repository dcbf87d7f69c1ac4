"""The whoosh workarounds behave like the files they replace."""
from __future__ import annotations

import io
import pickle
import random

import pytest

from searcher._whoosh_fixes import _ViewReader


def test_view_reader_reads_like_bytesio():
    data = bytes(range(256)) * 40 + b"line one\nline two\n"
    view, ref = _ViewReader(memoryview(data)), io.BytesIO(data)
    rng = random.Random(3)
    for _ in range(200):
        n = rng.randrange(-1, 300)
        pos = rng.randrange(0, len(data))
        assert view.seek(pos) == ref.seek(pos)
        assert view.read(n) == ref.read(n)
        assert view.tell() == ref.tell()
    view.seek(-18, 2), ref.seek(-18, 2)
    assert view.readline() == ref.readline() == b"line one\n"
    with pytest.raises(ValueError):
        view.seek(-1)


@pytest.mark.parametrize("size", [10, 511, 513, 5000, 70000])
def test_read_pickle_handles_pickles_larger_than_its_first_chunk(size):
    objs = [("x" * size, list(range(size // 10))), {"a": 1}, 42]
    buf = io.BytesIO()
    for obj in objs:
        pickle.dump(obj, buf, 2)
    reader = _ViewReader(memoryview(buf.getvalue()))
    assert [reader.read_pickle() for _ in objs] == objs
    assert reader.tell() == len(buf.getvalue())
    with pytest.raises(EOFError):
        reader.read_pickle()


def test_segment_names_do_not_follow_the_global_random(tmp_path):
    from whoosh.codec.base import Segment

    from searcher._whoosh_fixes import apply

    apply()
    random.seed(0)
    a = Segment._random_id()
    random.seed(0)
    assert Segment._random_id() != a
