"""Old import path of :mod:`searcher.backends.whoosh.check`, kept so code that imports it keeps working."""
import sys

from .backends.whoosh import check as _moved

sys.modules[__name__] = _moved
