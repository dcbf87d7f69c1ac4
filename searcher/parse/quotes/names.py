"""Old import path of :mod:`searcher.person_names` (moved out of the parser package so that
the search path matches person filters without importing the parser)."""
from ...person_names import name_matches

__all__ = ["name_matches"]
