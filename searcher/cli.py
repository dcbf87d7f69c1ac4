"""The ``searcher`` command line: a thin click layer over the library.

Each command parses its arguments, makes one library call and renders the
result. Library errors become one-line messages: exit 1 for runtime
problems (no index, index locked or damaged), exit 2 for usage errors.
Set ``SEARCHER_DEBUG=1`` to see a traceback for an unexpected error.

Everything printed for a human that comes from a release, a file name or the
query goes through :func:`searcher.snippets.printable` first, so no control
or escape sequence reaches the terminal except the colour searcher adds.
How results, releases, stats and JSON are printed: :mod:`searcher.cli_output`.
"""
from __future__ import annotations

import os
import sys
from typing import Iterable, Optional

import click

from . import settings
from .errors import IndexDamaged, IndexLocked, IndexNotFound, QueryError, ReleaseNotFound, SearcherError
from .cli_output import _PAIR, _RAW_IN_JSON, _emit_json, _json_text, _plural, _print_release, _print_result, _print_stats  # noqa: F401
from .cli_output import DONE, end_at_once
from .snippets import printable

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

index_option = click.option(
    "--index",
    "index_path",
    envvar="SEARCHER_INDEX",
    default="index",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Index folder (or set SEARCHER_INDEX).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


def _pairs(values: Iterable[str], option: str) -> dict[str, str]:
    result = {}
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{value!r} is not NAME=VALUE, e.g. {option} issuer=\"Polizei Berlin\"", param_hint=option)
        result[name.strip()] = rest
    return result


def _cli_message(err: SearcherError) -> str:
    """The error's message with the command line's advice in place of the library's."""
    if isinstance(err, IndexNotFound):
        return f"{err.problem} Build one with: searcher index [PATH ...] --index {err.path}"
    if isinstance(err, IndexLocked):
        return f"{err.problem} Try again when it finishes, or pass --wait SECONDS to wait longer."
    if isinstance(err, IndexDamaged):
        return f"{err.problem} Recover it from the sources with: searcher index --rebuild [PATH ...] --index {err.path}"
    if isinstance(err, ReleaseNotFound):
        return f"{err.problem} Search first and use an id from the results (searcher search WORDS --json)."
    return str(err)


class _Group(click.Group):
    """Maps library errors to one-line messages and exit codes; no tracebacks."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except SearcherError as err:
            click.echo(f"Error: {printable(_cli_message(err), keep='')}", err=True)
            ctx.exit(err.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            # the reader went away (`searcher search … | head`): stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
        except Exception as err:  # a bug: say so in one line unless debugging
            if settings.get("SEARCHER_DEBUG"):
                raise
            click.echo(
                f"Error: unexpected {err.__class__.__name__}: {printable(str(err), keep='')} "
                "(set SEARCHER_DEBUG=1 for details and please report it)",
                err=True,
            )
            ctx.exit(1)


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(package_name="searcher", prog_name="searcher")
def cli() -> None:
    """Search German press releases.

    Build an index from release files, then search it with German-aware
    matching, filters and highlighted snippets.

    \b
      searcher index seeds/
      searcher search Integration --person Köpping
    """


# ---------------------------------------------------------------------------
# index


class _Progress:
    """A one-line progress counter on stderr, shown only on a terminal."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.last = 0.0
        self.shown = False

    def __call__(self, n: int, total: int, name: str) -> None:
        import time

        if not self.enabled:
            return
        now = time.monotonic()
        if n != total and now - self.last < 0.1:
            return
        self.last = now
        self.shown = True
        line = f"[{n}/{total}] {printable(name, keep='')}"
        width = 78
        if len(line) > width:
            line = line[: width - 1] + "…"
        click.echo(f"\r{line:<{width}}", err=True, nl=False)

    def done(self) -> None:
        if self.shown:
            click.echo("\r" + " " * 78 + "\r", err=True, nl=False)


WARNINGS_SHOWN = 20  # parse warnings printed by `searcher index` (all of them in --json)


@cli.command("index", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path())
@index_option
@click.option("--rebuild", is_flag=True, help="Build a fresh index aside and switch to it atomically.")
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=30.0,
    show_default=True,
    help="Seconds to wait for another process that is writing the index.",
)
@click.option("--field", "fields", multiple=True, metavar="NAME=COLUMN", help="Read release field NAME from record column COLUMN (repeatable).")
@click.option("--set", "constants", multiple=True, metavar="NAME=VALUE", help="Set release field NAME to VALUE on every release (repeatable).")
@json_option
def index_command(paths, index_path, rebuild, wait, fields, constants, as_json) -> None:
    """Add new and changed releases from PATHS to the index.

    PATHS are files or folders (searched recursively for .txt, .md, .pdf,
    .html, .htm, .rss, .atom, .xml, .eml, .mbox, .jsonl and .csv); the
    default is seeds/. Unchanged files are skipped, changed ones re-indexed,
    and files that vanished from an indexed folder are removed. A file that
    cannot be read is reported and the rest still lands; what the parser
    missed in a release (no date, no issuer) is printed as a warning.

    \b
      searcher index seeds/
      searcher index berlin.csv --field body=description --field id=link --set issuer="Polizei Berlin"
    """
    from .backends import shown_location
    from .store import Index

    if not paths:
        if not os.path.isdir("seeds"):
            raise click.UsageError("No PATH given and there is no seeds/ folder here; name the files or folders to index.")
        paths = ("seeds",)
    field_map = _pairs(fields, "--field")
    const_map = _pairs(constants, "--set")
    progress = _Progress(sys.stderr.isatty() and not as_json)
    ix = Index(index_path, wait=wait)
    try:
        run = ix.rebuild if rebuild else ix.sync
        report = run(list(paths), fields=field_map or None, constants=const_map or None, progress=progress)
    finally:
        progress.done()
        ix.close()
    if as_json:
        _emit_json(report)
        return
    for failure in report.failures:
        click.echo(printable(f"failed: {failure.source}: {failure.error}", keep=""), err=True)
    for w in report.warnings[:WARNINGS_SHOWN]:
        where = w.source if os.path.basename(w.source) == w.id else f"{w.source} ({w.id})"
        click.echo(printable(f"warning: {where}: {w.warning}", keep=""), err=True)
    if len(report.warnings) > WARNINGS_SHOWN:
        click.echo(f"warning: … {len(report.warnings) - WARNINGS_SHOWN} more; --json lists them", err=True)
    warned = f", {report.warned} with warnings" if report.warned else ""
    click.echo(
        printable(
            f"{'Rebuilt' if rebuild else 'Indexed'} {', '.join(paths)}: {report.added} added, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.removed} removed, {report.failed} failed{warned}; "
            f"{report.total} releases in {shown_location(index_path)}",
            keep="",
        )
    )


# ---------------------------------------------------------------------------
# search


class _SearchCommand(click.Command):
    """``search`` reads a word starting with one dash (``-Raub``) as a query
    word: only the command's own options (known by name) are options. The
    words keep their order; a value of an option that takes one stays with it;
    an unknown ``--name`` is still an error (a mistyped option), and after
    ``--`` everything is query text, as usual."""

    def parse_args(self, ctx, args):
        takes_value: dict[str, bool] = {}
        for param in self.get_params(ctx):
            if isinstance(param, click.Option):
                for name in (*param.opts, *param.secondary_opts):
                    takes_value[name] = not (param.is_flag or param.count)
        options: list[str] = []
        words: list[str] = []
        i = 0
        while i < len(args):
            arg = args[i]
            i += 1
            if arg == "--":
                words.extend(args[i:])
                break
            name = arg.split("=", 1)[0] if arg.startswith("--") else arg
            if name in takes_value:
                options.append(arg)
                if takes_value[name] and name == arg and i < len(args):
                    options.append(args[i])  # the option's value, even if it starts with "-"
                    i += 1
            elif arg.startswith("--"):
                options.append(arg)  # an unknown --option: click names it as an error
            else:
                words.append(arg)
        return super().parse_args(ctx, [*options, "--", *words] if words else options)


@cli.command("search", cls=_SearchCommand, context_settings=CONTEXT)
@click.argument("query", nargs=-1)
@index_option
@click.option("--issuer", multiple=True, help="Only releases by this issuer: full name, part of it or abbreviation (repeatable).")
@click.option("--from", "date_from", metavar="DATE", help="Only releases on or after DATE (2023-01-27, 27.01.2023, 2023-01, 2023).")
@click.option("--to", "date_to", metavar="DATE", help="Only releases on or before DATE (same forms; a month or year counts whole).")
@click.option("--person", multiple=True, help="Only releases quoting this person: full name or surname (repeatable).")
@click.option("--location", multiple=True, help="Only releases naming this place (Ereignisort, dateline), or part of it (repeatable).")
@click.option("--all", "require_all", is_flag=True, help="Exact matches only: require every word (no related matches).")
@click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]), default="relevance", show_default=True,
              help="newest/oldest order the exact matches by date, then the related ones.")
@click.option("--mixed", is_flag=True, help="With --sort newest/oldest: order exact and related matches together.")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True, help="Hits per page.")
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--facets", is_flag=True, help="Also count matches by issuer, year, person quoted and location.")
@json_option
def search_command(query, index_path, issuer, date_from, date_to, person, location, require_all, sort, mixed, limit, page,
                   facets, as_json) -> None:
    """Search the index for QUERY.

    Releases containing every word (exact matches, the count at the top)
    come first; then related ones, containing most of the words or the
    last part of a compound (a line says where they begin; --all leaves
    them out). Words match their German forms (Flüchtling finds
    Flüchtlinge, Sicherung finds Fachkräftesicherung, Koepping finds
    Köpping). No words (or *) lists the releases of the filters, newest first.

    \b
    Query syntax:
      "exact phrase"   word OR word   NOT word, -word   prefix*   word~ (fuzzy)
      title:word  issuer:word  person:name  quote:word (inside quotations)
    """
    from .store import Index

    from .options import SearchOptions

    text = " ".join(query)
    options = SearchOptions(
        issuer=list(issuer) or None,
        date_from=date_from,
        date_to=date_to,
        person=list(person) or None,
        location=list(location) or None,
        require_all=require_all,
        sort=sort,
        limit=limit,
        offset=(page - 1) * limit,
        facets=facets,
        mixed=mixed,
    )
    with Index(index_path) as ix:
        try:
            result = ix.search(text, options=options)
        except QueryError as err:
            click.echo(printable(f"Note: {err} Searching the words literally instead.", keep=""), err=True)
            result = ix.search(text, options=options.replace(literal=True))
    if as_json:
        _emit_json(result)
    else:
        for note in result.notes:  # a bound on query cost cut something
            click.echo(printable(f"Note: {note}", keep=""), err=True)
        _print_result(text, result, page, limit)
    DONE.append(True)  # read only, the index closed, everything written: see main()


# ---------------------------------------------------------------------------
# show, stats, check, parse


@cli.command("show", context_settings=CONTEXT)
@click.argument("release_id")
@index_option
@json_option
def show_command(release_id, index_path, as_json) -> None:
    """Print the whole release with id RELEASE_ID (ids are shown by search)."""
    from .store import Index

    with Index(index_path) as ix:
        release = ix.get(release_id)
    if as_json:
        _emit_json(release)
    else:
        _print_release(release)


@cli.command("stats", context_settings=CONTEXT)
@index_option
@json_option
def stats_command(index_path, as_json) -> None:
    """Print document counts, the date span, issuers and the most quoted persons."""
    from .store import Index

    with Index(index_path) as ix:
        stats = ix.stats()
    if as_json:
        _emit_json(stats)
        return
    _print_stats(stats, index_path)


@cli.command("check", context_settings=CONTEXT)
@index_option
@json_option
def check_command(index_path, as_json) -> None:
    """Verify that every file of the index is present and readable.

    Exits 1 when the index is damaged; recover with searcher index --rebuild.
    """
    from .store import Index

    report = Index(index_path).check()
    if as_json:
        _emit_json(report)
    elif report.ok:
        click.echo(printable(f"OK: {report.documents} releases in {report.segments} segment(s) at {report.path}", keep=""))
    else:
        click.echo(printable(f"DAMAGED: index at {report.path}", keep=""), err=True)
        for problem in report.problems:
            click.echo(printable(f"  - {problem}", keep=""), err=True)
        click.echo(printable(f"Recover with: searcher index --rebuild [PATH ...] --index {index_path}", keep=""), err=True)
    if not report.ok:
        sys.exit(1)


@cli.command("parse", context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--field", "fields", multiple=True, metavar="NAME=COLUMN", help="Read release field NAME from record column COLUMN (repeatable).")
@click.option("--set", "constants", multiple=True, metavar="NAME=VALUE", help="Set release field NAME to VALUE on every release (repeatable).")
@json_option
def parse_command(files, fields, constants, as_json) -> None:
    """Parse release FILES and print what was extracted, without indexing.

    With --json, prints one JSON object per release, one per line.
    Files that cannot be parsed are reported on stderr; the rest still print.
    """
    from .models import Failure
    from .parse import parse_path

    field_map = _pairs(fields, "--field") or None
    const_map = _pairs(constants, "--set") or None
    failed = 0
    first = True
    for name in files:
        for item in parse_path(name, fields=field_map, constants=const_map):
            if isinstance(item, Failure):
                failed += 1
                click.echo(printable(f"failed: {item.source}: {item.error}", keep=""), err=True)
            elif as_json:
                click.echo(_json_text(item))
            else:
                if not first:
                    click.echo("\n" + "-" * 60)
                first = False
                _print_release(item)
    if failed:
        click.echo(f"{failed} file(s) or record(s) could not be parsed.", err=True)


@cli.command("serve", context_settings=CONTEXT)
@index_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; anything but localhost exposes the index.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on (0 picks a free one).")
def serve_command(index_path, host, port) -> None:
    """Serve a read-only search page and JSON API over the index.

    The page (German interface) searches like `searcher search`, with
    facets, a timeline and whole releases; /api/search, /api/releases/ID and
    /api/stats answer in JSON. Releases indexed by another process show up
    on the next request. Stop with Ctrl-C.

    \b
      searcher serve
      searcher serve --index /data/idx --port 8080
    """
    from .store import Index
    from .web import is_loopback, make_server

    ix = Index.open(index_path)
    try:
        server = make_server(ix, host, port)
    except OSError as err:
        raise click.ClickException(
            printable(f"Cannot listen on {host}:{port}: {err.strerror or err}. Pick another with --port or --host.", keep="")
        )
    if not is_loopback(host):
        click.echo(
            printable(f"Warning: listening on {host}: anyone who can reach this machine can read the whole index "
                      "(there is no login). Use --host 127.0.0.1 to keep it local.", keep=""),
            err=True,
        )
    bound_host, bound_port = server.server_address[:2]
    shown = f"[{bound_host}]" if ":" in str(bound_host) else bound_host
    click.echo(printable(f"Serving {ix.path} at http://{shown}:{bound_port}/ (Ctrl-C to stop)", keep=""), err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
    finally:
        server.server_close()
        ix.close()


# ---------------------------------------------------------------------------
# export


@cli.command("export", context_settings=CONTEXT)
@index_option
@click.option("-o", "--output", default="-", show_default=True, metavar="FILE",
              help="Write the export to FILE (- for standard output).")
@json_option
def export_command(index_path, output, as_json) -> None:
    """Write every release of the index to JSON Lines: a header line, then one
    release a line with all its fields, in id order.

    `searcher index FILE` reads it back as it was, into a Whoosh index or
    another backend. With --json the summary goes to standard error when the
    export itself goes to standard output.

    \b
      searcher export -o archive.jsonl
      searcher index archive.jsonl --index moved
    """
    from .export import export_index, utf8_stdout
    from .store import Index

    to_stdout = output == "-"
    progress = _Progress(sys.stderr.isatty() and not (to_stdout and sys.stdout.isatty()))
    with Index(index_path) as ix, utf8_stdout(to_stdout) as out:
        try:
            report = export_index(ix, None if to_stdout else output, out=out, progress=progress)
        finally:
            progress.done()
    if as_json:
        click.echo(_json_text(report), err=to_stdout)
    elif not to_stdout:
        click.echo(printable(f"Exported {_plural(report.releases)} from {index_path} to {output}", keep=""))


def main(argv: Optional[list[str]] = None) -> None:
    """Console-script entry point (ends at once after a search: see cli_output.end_at_once)."""
    DONE.clear()  # what an earlier call in this process said is not this one's
    try:
        cli.main(args=argv, prog_name="searcher")
    except SystemExit as done:
        if argv is None:
            end_at_once(done)
        raise


if __name__ == "__main__":  # pragma: no cover
    main()
