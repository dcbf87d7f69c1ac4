"""Whoosh's imports without the standard library's network and event-loop modules.

``whoosh.compat`` imports ``urlretrieve`` from ``urllib.request`` (which pulls in
``http.client``, ``email``, ``ssl`` and ``socket``), ``whoosh.reading`` imports the
``cached_property`` package, which imports ``asyncio``, and ``whoosh.query`` imports
``variations`` from ``whoosh.lang.morph_en`` (English word forms: large regular
expressions compiled at import); searcher uses none of them. Together they were
about a third of the CPU time of ``import searcher`` (some 60 ms of a cold
``searcher search``). ``whoosh.filedb.filetables`` takes ``md5`` from ``hashlib``,
which loads OpenSSL's ``_hashlib`` (about 4 ms); the stand-in's ``md5`` is CPython's
own ``_md5`` (the same digests, for the term table's hash). ``tempfile``, ``shutil``
(with ``bz2`` and ``lzma``) and ``calendar`` are asked only for temporary files, to
copy a file into a new segment and for a day-of-month check. :func:`apply` imports
those modules once with light stand-ins in ``sys.modules``, and takes the stand-ins
out again at once: whatever imports ``urllib.request``, ``asyncio``,
``whoosh.lang.morph_en``, ``hashlib``, ``tempfile``, ``shutil`` or ``calendar`` later
gets the real module. A stand-in's functions, and any other attribute asked of it,
import the real module.
"""
from __future__ import annotations

import importlib
import inspect
import sys
import types


def _urlretrieve(*args, **kwargs):
    return _real("urllib.request").urlretrieve(*args, **kwargs)


def _ensure_future(*args, **kwargs):
    return _real("asyncio").ensure_future(*args, **kwargs)


def _iscoroutinefunction(func) -> bool:
    real = sys.modules.get("asyncio")
    if real is not None and not getattr(real, "_searcher_stand_in", False):  # loaded since
        return real.iscoroutinefunction(func)
    return inspect.iscoroutinefunction(func)


def _variations(*args, **kwargs):
    return _real("whoosh.lang.morph_en").variations(*args, **kwargs)


def _md5(*args, **kwargs):
    try:  # CPython's own MD5: the same digests without loading OpenSSL (libcrypto) for hashlib
        from _md5 import md5
    except ImportError:  # pragma: no cover - a Python built without it
        md5 = _real("hashlib").md5
    return md5(*args, **kwargs)


def _sha1(*args, **kwargs):
    try:
        from _sha1 import sha1
    except ImportError:  # pragma: no cover - a Python built without it
        sha1 = _real("hashlib").sha1
    return sha1(*args, **kwargs)


def _copyfileobj(*args, **kwargs):
    return _real("shutil").copyfileobj(*args, **kwargs)


def _real(name: str) -> types.ModuleType:
    module = sys.modules.get(name)
    if module is None or getattr(module, "_searcher_stand_in", False):
        sys.modules.pop(name, None)
        module = importlib.import_module(name)
    return module


def _stand_in(name: str, **functions) -> types.ModuleType:
    module = types.ModuleType(name, f"searcher's stand-in for {name} while Whoosh is imported")
    module._searcher_stand_in = True
    for attr, func in functions.items():
        setattr(module, attr, func)

    def __getattr__(attr: str):  # anything else: the real module's (not the import system's probes)
        if attr.startswith("__"):
            raise AttributeError(attr)
        return getattr(_real(name), attr)

    module.__getattr__ = __getattr__
    return module


def apply() -> None:
    """Import ``whoosh.compat``, ``cached_property``, ``whoosh.query``,
    ``whoosh.filedb.filetables``, ``whoosh.filedb.compound`` and ``whoosh.writing``
    with the stand-ins (once; a no-op when they, or the real modules, are imported
    already)."""
    _import_with(("whoosh.compat", "cached_property", "whoosh.query", "whoosh.filedb.filetables",
                  "whoosh.filedb.compound", "whoosh.writing"), lambda: {
        "urllib.request": _stand_in("urllib.request", urlretrieve=_urlretrieve),
        "asyncio": _stand_in("asyncio", iscoroutinefunction=_iscoroutinefunction, ensure_future=_ensure_future),
        "whoosh.lang.morph_en": _stand_in("whoosh.lang.morph_en", variations=_variations),
        "hashlib": _stand_in("hashlib", md5=_md5, sha1=_sha1),
        # Whoosh's file storage asks tempfile (which imports shutil, bz2, lzma, random) only
        # for a temporary index, its dates calendar (and locale) only to check a day of a month
        "tempfile": _stand_in("tempfile"),
        "shutil": _stand_in("shutil", copyfileobj=_copyfileobj),
        "calendar": _stand_in("calendar"),
    })


def _import_with(modules, stand_ins) -> None:
    """Import ``modules`` (those not imported yet) with ``stand_ins()`` in
    ``sys.modules`` (those not imported yet), then take the stand-ins out."""
    todo = [m for m in modules if m not in sys.modules]
    if not todo:
        return
    stand_ins = stand_ins()
    placed = [name for name in stand_ins if name not in sys.modules]
    for name in placed:
        sys.modules[name] = stand_ins[name]
    try:
        for module in todo:
            try:
                importlib.import_module(module)
            except ImportError:  # not installed, or another version: imported normally later
                pass
    finally:
        for name in placed:
            if sys.modules.get(name) is stand_ins[name]:
                del sys.modules[name]
