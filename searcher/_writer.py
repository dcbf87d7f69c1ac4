"""Old import path of :mod:`searcher.backends.whoosh._writer`, kept so code that imports it keeps working."""
import sys

from .backends.whoosh import _writer as _moved

sys.modules[__name__] = _moved
