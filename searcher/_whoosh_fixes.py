"""Old import path of :mod:`searcher.backends.whoosh._whoosh_fixes`, kept so code that imports it keeps working."""
import sys

from .backends.whoosh import _whoosh_fixes as _moved

sys.modules[__name__] = _moved
