"""How the command line prints for people and scripts: search results, a
release, index stats, and JSON with no raw control characters.

Everything printed for a human that comes from a release, a file name or the
query goes through :func:`searcher.snippets.printable` first.
"""
from __future__ import annotations

import json
import os
import re
import sys
from typing import Optional

import click

from . import settings
from .models import to_jsonable
from .snippets import printable

_PAIR = re.compile(r"\[\s+(-?\d+),\s+(-?\d+)\s+\]")
# json.dumps escapes U+0000-U+001F only; DEL and the C1 controls (U+009B starts
# a CSI sequence on many terminals) would reach a terminal raw
_RAW_IN_JSON = re.compile(r"[\x7f-\x9f]")


def _json_text(obj, indent: Optional[int] = None) -> str:
    text = json.dumps(to_jsonable(obj), ensure_ascii=False, indent=indent)
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _emit_json(obj) -> None:
    # highlight spans read better as [start, end] on one line
    click.echo(_PAIR.sub(r"[\1, \2]", _json_text(obj, indent=2)))


def _plural(n: int, word: str = "release") -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _print_result(text: str, result, page: int, limit: int) -> None:
    color = settings.use_color()
    what = f' for "{printable(text, keep="")}"' if text else ""
    related = getattr(result, "related", 0)
    listed = result.total + related
    first = (page - 1) * limit + 1
    last = first + len(result.hits) - 1
    shown = f"{first}–{last} of {listed}" if result.hits else f"none on page {page} of {listed}"
    if listed == 0:
        click.echo(f"No releases found{what}.")
    elif not related:
        click.echo(f"{_plural(result.total)}{what} (showing {shown})")
    elif result.total:
        click.echo(f"{_plural(result.total)}{what}, and {related} related (showing {shown})")
    else:
        of = f' of "{printable(text, keep="")}"' if text else ""
        click.echo(f"No release contains every word{of}; {related} related (showing {shown})")
    if result.suggestion:
        click.echo(f"Did you mean: {printable(result.suggestion, keep='')}?")
    boundary_shown = False
    for rank, hit in enumerate(result.hits, (page - 1) * limit + 1):
        click.echo()
        if getattr(hit, "related", False) and not boundary_shown:
            # where the exact matches end (with --mixed, at the first related hit)
            boundary_shown = True
            line = (f"--- {_plural(related, 'related release')}, not counted above: they contain only some "
                    "of the words, or only the last part of a compound ---")
            click.echo(click.style(line, dim=True) if color else line)
            click.echo()
        date = hit.date.isoformat() if hit.date else "no date"
        title = printable(hit.title or "(no title)", keep="")
        click.echo(f"{rank:>3}. {click.style(title, bold=True) if color else title}")
        place = f" · {hit.location}" if hit.location else ""
        click.echo(printable(f"     {date} · {hit.issuer or 'unknown issuer'}{place}", keep=""))
        if hit.persons_quoted:
            click.echo(printable(f"     quoted: {', '.join(hit.persons_quoted)}", keep=""))
        for snip in hit.snippets:
            click.echo(f"     {snip.to_terminal(color=color)}")
        ident = printable(f"     id: {hit.id}" + (f" · {hit.url}" if hit.url and hit.url != hit.id else ""), keep="")
        click.echo(click.style(ident, dim=True) if color else ident)
    if result.facets:
        for name, counts in result.facets.items():
            if counts:
                click.echo()
                click.echo(printable(f"{name}: " + ", ".join(f"{k} ({v})" for k, v in counts.items()), keep=""))


def _print_release(release) -> None:
    def line(label: str, value) -> None:
        if value:
            click.echo(f"{label:<15}{printable(str(value), keep='')}")

    line("id:", release.id)
    line("source:", release.source)
    line("issuer:", release.issuer)
    if release.issuer_aliases:
        line("also known as:", ", ".join(release.issuer_aliases))
    line("date:", release.date.isoformat() if release.date else None)
    line("number:", release.number)
    line("location:", release.location)
    line("url:", release.url)
    line("title:", release.title)
    line("subtitle:", release.subtitle)
    for c in release.contacts:
        parts = [c.name, c.role, c.phone and f"Tel. {c.phone}", c.fax and f"Fax {c.fax}", c.email]
        line("contact:", ", ".join(p for p in parts if p))
    if release.persons_quoted:
        line("quoted:", ", ".join(release.persons_quoted))
    for q in release.quotes:
        who = q.speaker or "unattributed"
        if q.role:
            who += f" ({q.role})"
        line("quote:", f"{who}: {q.text[:160]}{'…' if len(q.text) > 160 else ''}")
    for link in release.links:
        line("link:", link)
    for warning in release.warnings:
        line("warning:", warning)
    if release.body:
        click.echo()
        click.echo(printable(release.body))


def _print_stats(stats, index_path) -> None:
    click.echo(printable(f"{stats.documents} releases in {stats.path or index_path}", keep=""))
    if stats.date_from or stats.date_to:
        click.echo(f"dates: {stats.date_from or '?'} to {stats.date_to or '?'}")
    if stats.issuers:
        click.echo("issuers:")
        for name, n in stats.issuers.items():
            click.echo(f"  {n:>7}  {printable(name, keep='')}")
    if stats.persons_quoted:
        click.echo("most quoted:")
        for name, n in stats.persons_quoted.items():
            click.echo(f"  {n:>7}  {printable(name, keep='')}")


# A command that has written all it prints and closed what it opened appends here (search).
DONE: list = []


def end_at_once(done: SystemExit) -> None:
    """End the process now (``os._exit``, output flushed) when a command said it
    is done (:data:`DONE`) and succeeded: Python's teardown of every module and
    object (about 20 ms of CPU, more than a rare word's search) does nothing the
    operating system does not. Otherwise return (the caller raises ``done``)."""
    if not DONE or done.code not in (None, 0):
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:  # e.g. the reader went away: the ordinary exit deals with it
        return
    os._exit(0)
