"""Every environment variable searcher reads, in one place.

Each :class:`Setting` has a name, a default, a one-line help and a parser
that checks the value. Values are read from the environment when they are
needed (never at import), so a bad value is reported where it is used, as a
:class:`~searcher.errors.SettingError` naming the variable and the values it
accepts, instead of surfacing later as some unrelated failure.

    >>> import os
    >>> os.environ["SEARCHER_PROCS"] = "many"
    >>> get("SEARCHER_PROCS")
    Traceback (most recent call last):
    ...
    searcher.errors.SettingError: SEARCHER_PROCS='many' is not accepted: use a whole number from 1 to 8 (1 = index in one process), or leave it unset.
    >>> del os.environ["SEARCHER_PROCS"]
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Optional

from .errors import SettingError

MAX_PROCS = 8  # more worker processes than this do not index faster on one machine
MAX_TERM_CACHE = 1_000_000_000
MAX_CACHE_MB = 1_000_000  # MiB; a budget this large is no bound on one machine
DEFAULT_CACHE_MB = 160


@dataclass(frozen=True)
class Setting:
    """One environment variable: its default, what it does, what it accepts."""

    name: str
    default: Any
    help: str
    accepted: str  # the accepted values, as the error message and README state them
    parse: Callable[[str], Any]  # raises ValueError for a value outside ``accepted``


def _whole_number(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = int(text.strip().replace("_", ""), 10)
        if not low <= value <= high:
            raise ValueError(text)
        return value

    return parse


def _text(text: str) -> str:
    return text


_OFF = frozenset({"0", "false", "no", "off"})


def _switch(text: str) -> bool:
    return text.strip().lower() not in _OFF


def _any_value_is_on(text: str) -> bool:
    return True  # no-color.org: any non-empty value turns colour off


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "SEARCHER_INDEX",
        "index",
        "the index folder when none is given (--index, Index(path))",
        "a folder path",
        _text,
    ),
    Setting(
        "SEARCHER_PROCS",
        None,
        "worker processes for indexing large inputs; unset: one per core (at most "
        f"{MAX_PROCS}) for inputs over 2 MB, else one",
        f"a whole number from 1 to {MAX_PROCS} (1 = index in one process)",
        _whole_number(1, MAX_PROCS),
    ),
    Setting(
        "SEARCHER_CACHE_MB",
        DEFAULT_CACHE_MB,
        "memory budget (MiB, estimated) of the caches of one open index: decoded postings of "
        "query terms and per-index tables (dates, lengths, vocabularies); least recently used "
        "entries are dropped beyond it",
        f"a whole number of MiB from 0 to {MAX_CACHE_MB:_} (0 = cache nothing, slow)",
        _whole_number(0, MAX_CACHE_MB),
    ),
    Setting(
        "SEARCHER_TERM_CACHE",
        None,
        "also caps the postings of query terms kept decoded (inside SEARCHER_CACHE_MB); "
        "unset: only the memory budget bounds them",
        f"a whole number from 0 to {MAX_TERM_CACHE:_} (0 = no term cache)",
        _whole_number(0, MAX_TERM_CACHE),
    ),
    Setting(
        "SEARCHER_DEBUG",
        False,
        "show the traceback of an unexpected error instead of a one-line message",
        "any value to turn it on; 0, false, no or off to turn it off",
        _switch,
    ),
    Setting(
        "NO_COLOR",
        False,
        "plain output without colour on a terminal (https://no-color.org)",
        "any value to turn colour off",
        _any_value_is_on,
    ),
)

_BY_NAME: Mapping[str, Setting] = {s.name: s for s in SETTINGS}


def get(name: str, environ: Optional[Mapping[str, str]] = None) -> Any:
    """The checked value of setting ``name``: its default when the variable is
    unset or empty, else the parsed value. Raises :class:`SettingError` for a
    value the setting does not accept."""
    setting = _BY_NAME[name]
    raw = (os.environ if environ is None else environ).get(name)
    if raw is None or raw.strip() == "":
        return setting.default
    try:
        return setting.parse(raw)
    except ValueError:
        raise SettingError(name, raw, setting.accepted) from None


def check_cache_mb(value: Any) -> float:
    """``value`` as a cache budget in MiB (a number from 0 to MAX_CACHE_MB);
    :class:`~searcher.errors.UsageError` naming ``cache_mb`` otherwise."""
    from .errors import UsageError

    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= MAX_CACHE_MB
    if not ok:
        raise UsageError(
            f"cache_mb={value!r} is not accepted:",
            f"use a number of MiB from 0 to {MAX_CACHE_MB:_} (0 = cache nothing), or None for SEARCHER_CACHE_MB.",
        )
    return float(value)


def check(environ: Optional[Mapping[str, str]] = None) -> None:
    """Check every setting at once; raises :class:`SettingError` for the first bad one."""
    for setting in SETTINGS:
        get(setting.name, environ)


def use_color(stream=None) -> bool:
    """Colour when ``stream`` (default stdout) is a terminal and ``NO_COLOR`` is unset or empty."""
    import sys

    if get("NO_COLOR"):
        return False
    stream = stream if stream is not None else sys.stdout
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


__all__ = ["SETTINGS", "Setting", "check", "check_cache_mb", "get", "use_color"]
