"""A tiny escape-by-default HTML helper: everything is escaped unless it is Markup.

    >>> H('<a href="{}">{}</a>', "/?q=a&b", "<script>")
    Markup('<a href="/?q=a&amp;b">&lt;script&gt;</a>')

Templates are files in ``templates/`` with ``$name`` placeholders
(:class:`string.Template`); :func:`render` escapes every value that is not
already :class:`Markup`.
"""
from __future__ import annotations

import html
import string
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable


class Markup(str):
    """A string that is already safe HTML (built by H, join or render)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Markup({str.__repr__(self)})"


def escape(value: Any) -> Markup:
    """``value`` as safe HTML: Markup passes through, None is empty, the rest is escaped."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    return Markup(html.escape(str(value), quote=True))


def H(fmt: str, *args: Any, **kwargs: Any) -> Markup:
    """``fmt.format`` with every argument escaped (``fmt`` itself is trusted code)."""
    return Markup(fmt.format(*(escape(a) for a in args), **{k: escape(v) for k, v in kwargs.items()}))


def join(parts: Iterable[Any], sep: str = "") -> Markup:
    """Escaped parts joined by ``sep`` (a trusted literal)."""
    return Markup(sep.join(escape(p) for p in parts))


@lru_cache(maxsize=None)
def _template(name: str) -> string.Template:
    text = resources.files(__package__).joinpath("templates", name).read_text(encoding="utf-8")
    return string.Template(text)


def render(name: str, **values: Any) -> Markup:
    """The template ``templates/NAME`` with its ``$placeholders`` filled, escaped."""
    return Markup(_template(name).substitute({k: escape(v) for k, v in values.items()}))
