"""File formats: the posting format of the index, and the readers of the
formats press releases are published in.

- :mod:`.spans`: :class:`Spans`, the packed positions/characters posting
  format of the text fields. It stays importable as ``searcher.formats.Spans``
  because indexes written before this package existed pickled it under that
  name in their schema. :class:`PackedPositions`, the positions-only format
  of the text fields of indexes written since (spans recomputed for a page's
  hits), is pickled as ``searcher.formats.spans.PackedPositions``.
- :mod:`.pdf`, :mod:`.html`, :mod:`.feeds`, :mod:`.mail`: bytes of a PDF, a web
  page, a feed or an e-mail to :class:`~searcher.formats.document.Document`\\ s
  (text for the parser plus what the format itself says: title, date, URL,
  sender). Each is imported only when a file of its kind is read.
"""
from .spans import PackedPositions, Spans

__all__ = ["PackedPositions", "Spans"]
