"""Shared helpers of the reliability tests and the long runs in bench/.

- a deterministic generator of synthetic German-ish press releases (fixed
  seed; nothing is copied from a real corpus);
- ``run_searcher``: the real CLI as a subprocess (``python -m searcher``);
- ``index_state``: what an index folder holds, read straight from Whoosh
  (document count, every stored id) without going through ``searcher.store``,
  so a bug in the store cannot hide itself;
- ``CrashHarness``: SIGKILL a running ``searcher index`` at random moments,
  some of them inside the Whoosh commit, and verify after every kill.

The test modules import this file as ``reliability_helpers`` (pytest puts
``tests/`` on ``sys.path``); ``bench/crash_trials.py`` adds ``tests/`` itself.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
import threading
from typing import Callable, Optional

REPO = Path(__file__).resolve().parent.parent
#: click's CliRunner swaps sys.stdout: only one in-process CLI call at a time.
CLI_LOCK = threading.Lock()
SEARCHER = [sys.executable, "-m", "searcher"]
#: A word in the body of every generated release: a search for it must find them all.
COMMON_WORD = "Landesregierung"

# ---------------------------------------------------------------------------
# Synthetic releases

_ISSUERS = [
    "Sächsisches Staatsministerium für Soziales",
    "Landesamt für Umwelt und Geologie",
    "Polizeidirektion Leipzig",
    "Ministerium für Wirtschaft, Arbeit und Verkehr",
    "Stadtverwaltung Görlitz",
    "Landratsamt Bautzen",
    "Staatskanzlei Thüringen",
]
_FIRST = ["Petra", "Jürgen", "Anna-Lena", "Sebastian", "Özlem", "Klaus", "Marie", "Günther", "Sören", "Dagmar"]
_LAST = ["Köpping", "Vogel", "Müller", "Schäfer", "Weiß", "Öztürk", "Brückner", "Groß", "Lehmann", "Krüger"]
_ROLES = ["Staatsministerin", "Staatssekretär", "Oberbürgermeister", "Leiterin des Landesamtes", "Polizeipräsident"]
_NOUNS = [
    "Fachkräftesicherung", "Integration", "Verkehrswende", "Kindertagesstätte", "Hochwasserschutz",
    "Digitalisierung", "Pflegeversicherung", "Straßenbahn", "Grundschule", "Feuerwehr", "Ausbildung",
    "Wohnungsbau", "Förderprogramm", "Breitbandausbau", "Klimaanpassung", "Gesundheitsamt",
]
_VERBS = ["fördert", "unterstützt", "plant", "eröffnet", "prüft", "verbessert", "startet", "beschließt"]
_ADJ = ["neue", "zusätzliche", "regionale", "nachhaltige", "öffentliche", "moderne", "gemeinsame"]
_CITIES = ["Dresden", "Leipzig", "Chemnitz", "Görlitz", "Zwickau", "Plauen", "Bautzen", "Erfurt"]
_QUOTES = [("„", "“"), ("»", "«"), ('"', '"')]


def release_text(n: int, seed: int = 0, revision: int = 0) -> str:
    """The text of synthetic release number ``n`` (deterministic in n, seed, revision).

    Every release has a letterhead, a date, a title with a unique marker word
    (``Vorgang{n}``), a body that contains :data:`COMMON_WORD`, and usually a
    quotation with a speaker, in one of the German quotation styles.
    """
    rng = random.Random(seed * 1_000_003 + n * 7919 + revision)
    issuer = rng.choice(_ISSUERS)
    date = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
    noun, noun2 = rng.sample(_NOUNS, 2)
    city = rng.choice(_CITIES)
    speaker = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    role = rng.choice(_ROLES)
    title = f"{rng.choice(_ADJ).capitalize()} {noun} in {city}: Vorgang{n}"
    sentences = []
    for _ in range(rng.randint(3, 9)):
        sentences.append(
            f"Die {COMMON_WORD if not sentences else 'Verwaltung'} {rng.choice(_VERBS)} "
            f"die {rng.choice(_ADJ)} {rng.choice(_NOUNS)} im Landkreis {rng.choice(_CITIES)}."
        )
    if rng.random() < 0.8:
        o, c = rng.choice(_QUOTES)
        quote = f"Wir {rng.choice(_VERBS)} die {noun2} mit aller Kraft"
        if rng.random() < 0.5:
            sentences.append(f"{role} {speaker}: {o}{quote}.{c}")
        else:
            sentences.append(f"{o}{quote}{c}, sagte {role} {speaker}.")
    if revision:
        sentences.append(f"Aktualisiert in Fassung {revision}.")
    body = " ".join(sentences)
    return (
        f"Pressemitteilung\n\n{issuer}\n\n{date:%d.%m.%Y}\n\n{title}\n\n{body}\n\n"
        f"Pressekontakt: {rng.choice(_FIRST)} {rng.choice(_LAST)}, Telefon 0351 {rng.randrange(10**5, 10**6)}\n"
    )


def release_name(n: int) -> str:
    """File name of release n, spread over a few subfolders (ids are relative paths)."""
    return f"{n % 7:02d}/rel-{n:05d}.txt"


def write_releases(folder: Path, numbers, seed: int = 0, revision: int = 0) -> list[Path]:
    paths = []
    for n in numbers:
        p = folder / release_name(n)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(release_text(n, seed, revision), encoding="utf-8")
        paths.append(p)
    return paths


# ---------------------------------------------------------------------------
# Running the CLI


def run_searcher(*args: str, timeout: float = 120, cwd: Optional[Path] = None, env=None) -> subprocess.CompletedProcess:
    """``python -m searcher ARGS`` as a real subprocess; text output captured."""
    full_env = dict(os.environ)
    full_env.pop("SEARCHER_DEBUG", None)
    if env:
        full_env.update(env)
    return subprocess.run(
        [*SEARCHER, *map(str, args)], capture_output=True, text=True, timeout=timeout, cwd=cwd, env=full_env
    )


def start_searcher(*args: str, cwd: Optional[Path] = None) -> subprocess.Popen:
    env = dict(os.environ)
    env.pop("SEARCHER_DEBUG", None)
    return subprocess.Popen(
        [*SEARCHER, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd, env=env
    )


#: Runs the real CLI (``searcher.cli.main``) with every file-system mutation
#: counted: os.rename/replace/remove/unlink/symlink/mkdir/rmdir/fsync/ftruncate
#: and every open() for writing. With SEARCHER_KILL_AT=N the process SIGKILLs
#: itself just before (N odd) or just after (N even) mutation (N+1)//2 and
#: writes which one to SEARCHER_KILL_LOG first; with N=0 it only counts and
#: writes the count at exit. SEARCHER_KILL_MATCH="before os.rename .toc." kills
#: at the first mutation of that kind whose arguments contain the substring.
#: A real SIGKILL of a real process, at a precise point.
KILL_HOOK = r"""
import builtins, os, signal, sys
_at = int(os.environ.get("SEARCHER_KILL_AT", "0"))
_log = os.environ.get("SEARCHER_KILL_LOG")
_match = os.environ.get("SEARCHER_KILL_MATCH", "").split(" ", 2)  # "before|after OP SUBSTRING"
_state = {"n": 0}
_raw_open = builtins.open
_pid = os.getpid()  # forked indexing workers inherit the hook: only the parent counts and dies

def _matches(when, name, target):
    return len(_match) == 3 and _match[0] == when and _match[1] == name and _match[2] in target

def _note(text):
    if _log:
        with _raw_open(_log, "w") as fh:
            fh.write(text)

def _point(name, args):
    if os.getpid() != _pid:
        return 0, ""
    _state["n"] += 1
    k = _state["n"]
    target = " ".join(str(a) for a in args[:2])
    if (_at and 2 * k - 1 == _at) or _matches("before", name, target):
        _note(f"before {name} {target}")
        os.kill(os.getpid(), signal.SIGKILL)
    return k, target

def _after(k, name, target):
    if not k:
        return
    if (_at and 2 * k == _at) or _matches("after", name, target):
        _note(f"after {name} {target}")
        os.kill(os.getpid(), signal.SIGKILL)

def _wrap(name):
    orig = getattr(os, name)
    def hooked(*args, **kwargs):
        k, target = _point("os." + name, args)
        result = orig(*args, **kwargs)
        _after(k, "os." + name, target)
        return result
    setattr(os, name, hooked)

for _name in ("rename", "replace", "remove", "unlink", "symlink", "mkdir", "rmdir", "fsync", "ftruncate"):
    _wrap(_name)

def _open(file, mode="r", *args, **kwargs):
    if isinstance(file, (str, bytes, os.PathLike)) and any(c in mode for c in "wax+"):
        k, target = _point("open-for-write", (file,))
        fh = _raw_open(file, mode, *args, **kwargs)
        _after(k, "open-for-write", target)
        return fh
    return _raw_open(file, mode, *args, **kwargs)
builtins.open = _open

if not _at and len(_match) != 3:
    import atexit
    atexit.register(lambda: _note(str(_state["n"])))

from searcher.cli import main
main(sys.argv[1:])
"""


def start_hooked(args, kill_at: int, log: Path, match: str = "") -> subprocess.Popen:
    """Start ``searcher ARGS`` under :data:`KILL_HOOK` (see there)."""
    env = dict(os.environ)
    env.pop("SEARCHER_DEBUG", None)
    env.update(SEARCHER_KILL_AT=str(kill_at), SEARCHER_KILL_LOG=str(log), SEARCHER_KILL_MATCH=match)
    return subprocess.Popen(
        [sys.executable, "-c", KILL_HOOK, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def children_of(pid: int) -> set[int]:
    """Direct child processes of ``pid`` (Linux /proc; empty elsewhere)."""
    try:
        return {int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except (OSError, ValueError):
        return set()


def survivors(pids: set[int], wait: float = 10.0) -> set[int]:
    """Those of ``pids`` still running after up to ``wait`` seconds (zombies count as gone)."""
    deadline = time.monotonic() + wait
    alive = set(pids)
    while alive:
        for pid in list(alive):
            try:
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except (OSError, IndexError):
                state = "Z"
            if state in ("Z", "X"):
                alive.discard(pid)
        if not alive or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    return alive


def describe_mutation(note: str) -> str:
    """'before os.rename …/_MAIN_3.toc.17 …/_MAIN_3.toc' -> a kill point class."""
    when, op, *rest = note.split(" ", 2)
    first = (rest[0] if rest else "").split(" ")[0]
    name = os.path.basename(first)
    if op == "os.rename" and ".toc." in name:
        what = "rename of the new TOC (the commit point)"
    elif op == "os.replace" and ".current-" in name:
        what = "replace of the current link (the rebuild switch)"
    elif op == "os.symlink":
        what = "symlink of the new current link"
    elif ".toc." in name:
        what = "write of the new TOC temp file"
    elif "MAIN.tmp" in first:
        what = f"{op} in the writer's temp folder"
    elif op == "os.remove" and name.endswith(".toc"):
        what = "remove of the old TOC (cleanup after the commit)"
    elif op == "os.remove" and name.endswith(".seg"):
        what = "remove of a merged-away segment (cleanup after the commit)"
    elif op == "os.remove" and name.startswith("MAIN_"):
        what = "remove of a segment part after assembling the compound segment"
    elif op == "open-for-write" and name.endswith(".seg"):
        what = "write of the compound segment file"
    elif op == "open-for-write" and name.startswith("MAIN_"):
        what = "write of a segment part file"
    elif op in ("os.unlink", "os.rmdir", "os.remove") and "/gen-" in first:
        what = "delete of an old generation (after the switch)"
    elif op == "os.ftruncate":
        what = "write of the lock owner"
    elif op == "os.mkdir":
        what = "mkdir of the index folder or a new generation"
    elif op == "os.rmdir":
        what = f"rmdir {name}"
    else:
        what = f"{op} {name}"
    return f"{when} {what}"


def assert_no_traceback(*texts: str) -> None:
    for t in texts:
        assert "Traceback (most recent call last)" not in (t or ""), t


# ---------------------------------------------------------------------------
# Reading an index folder directly


@dataclass(frozen=True)
class IndexState:
    """What an index folder holds, as Whoosh sees it."""

    generation: str
    doc_count: int
    ids: tuple[str, ...]  # one entry per live stored document (duplicates kept)

    @property
    def id_set(self) -> frozenset:
        return frozenset(self.ids)

    @property
    def duplicates(self) -> list[str]:
        return [i for i, c in Counter(self.ids).items() if c > 1]


def live_generation(index_dir: Path) -> Path:
    return index_dir / os.readlink(index_dir / "current")


def index_state(index_dir: Path) -> IndexState:
    """Count and ids of the live generation, read with Whoosh alone."""
    from whoosh import index as windex

    gen = live_generation(index_dir)
    wix = windex.open_dir(str(gen), readonly=True)
    try:
        with wix.reader() as reader:
            ids = tuple(stored["id"] for stored in reader.all_stored_fields())
            count = reader.doc_count()
    finally:
        wix.close()
    return IndexState(gen.name, count, ids)


def whoosh_files(gen: Path) -> list[Path]:
    """Segment and table-of-contents files of a generation (not the lock, not temp folders)."""
    return sorted(p for p in gen.iterdir() if p.is_file() and not p.name.endswith("WRITELOCK"))


def segment_files(gen: Path) -> list[Path]:
    return [p for p in whoosh_files(gen) if not p.name.endswith(".toc")]


def toc_files(gen: Path) -> list[Path]:
    return [p for p in whoosh_files(gen) if p.name.endswith(".toc")]


# ---------------------------------------------------------------------------
# Crash trials


@dataclass
class CrashStats:
    """Figures of a crash run (all counts)."""

    trials: int = 0  # runs that were killed
    survived: int = 0  # killed runs after which every check passed
    finished_first: int = 0  # runs that completed before the kill came (not counted as trials)
    kill_points: Counter = field(default_factory=Counter)
    strategies: Counter = field(default_factory=Counter)
    documents_lost: int = 0
    partial_or_duplicate: int = 0
    worker_kills: int = 0  # kills while the run had indexing worker processes
    orphans: int = 0  # workers still alive 10 s after their parent was killed
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    final_count: int = 0
    expected_final: int = 0

    def summary(self) -> str:
        points = ", ".join(f"{k}: {v}" for k, v in sorted(self.kill_points.items()))
        strategies = ", ".join(f"{k}: {v}" for k, v in sorted(self.strategies.items()))
        return (
            f"trials (SIGKILLed runs): {self.trials}, survived: {self.survived}, "
            f"runs that finished before the kill: {self.finished_first}\n"
            f"kill strategies: {strategies}\n"
            f"kill points: {points}\n"
            f"documents lost: {self.documents_lost}, partial/duplicate states: {self.partial_or_duplicate}\n"
            f"kills while worker processes ran: {self.worker_kills}, workers outliving their parent: {self.orphans}\n"
            f"final count {self.final_count} (expected {self.expected_final}); {self.seconds:.1f} s"
        )


class CrashHarness:
    """Kill ``searcher index`` with SIGKILL at random moments, then verify.

    The source folder grows in batches (and releases are edited and deleted
    now and then), so every run has something to commit. A run is one Whoosh
    commit (``sync``) or, every ``rebuild_every``-th attempt, a rebuild into a
    new generation. After each kill:

    1. the index opens and is undamaged (``check``);
    2. its set of ids is exactly the committed state before the run or the
       one after it — never a partial document set, never a duplicate
       (distinct ids == document count == the library's ``doc_count()``);
    3. ``searcher search`` works and finds every release holding the common word;
    4. re-running ``searcher index`` completes to the exact expected set.

    Kill strategies:

    - ``uniform``: a random delay over the whole measured run time;
    - ``writer``: from the moment Whoosh's writer temp folder ``MAIN.tmp``
      appears in the live generation (the writer exists), a random fraction
      of the measured writer time;
    - ``commit``: from the moment a new compound segment file ``*.seg``
      appears (the commit is assembling the segment), a random fraction of
      1.5x the measured commit time, so kills land in the segment write, the
      TOC rename and the cleanup of old files.
    """

    def __init__(
        self,
        workdir: Path,
        *,
        docs: int,
        seed: int = 20240501,
        batch: tuple[int, int] = (5, 40),
        edit: tuple[int, int] = (1, 8),
        rebuild_every: int = 7,
        cli_in_process: bool = False,
        log: Callable[[str], None] = lambda s: None,
    ):
        self.work = Path(workdir)
        self.src = self.work / "src"
        self.idx = self.work / "idx"
        self.docs = docs
        self.rng = random.Random(seed)
        self.seed = seed
        self.batch = batch
        self.edit = edit
        self.rebuild_every = rebuild_every
        self.cli_in_process = cli_in_process
        self.log = log
        self.next_number = 0
        self.revision: dict[int, int] = {}
        self.present: set[int] = set()
        self.stats = CrashStats()
        self.run_seconds = 0.5  # measured whole-run time
        self.writer_seconds = 0.05  # measured time the writer temp folder exists
        self.commit_seconds = 0.02  # measured time from the new segment file to the end of the commit
        self.mutations = {False: 40, True: 200}  # file-system mutations of a sync / rebuild run

    # -- the source folder -------------------------------------------------

    def _expected_ids(self) -> frozenset:
        return frozenset(release_name(n) for n in self.present)

    def _grow(self) -> str:
        """Change the source folder for the next run; returns what was done."""
        what = ""
        if self.next_number < self.docs:
            k = min(self.rng.randint(*self.batch), self.docs - self.next_number)
            numbers = range(self.next_number, self.next_number + k)
            write_releases(self.src, numbers, self.seed)
            self.present.update(numbers)
            self.next_number += k
            what = f"+{k}"
        # now and then (always once the pool is used up) edit and delete some too
        if self.present and (self.next_number >= self.docs or self.rng.random() < 0.3):
            edit = self.rng.sample(sorted(self.present), min(len(self.present), self.rng.randint(*self.edit)))
            for n in edit:
                self.revision[n] = self.revision.get(n, 0) + 1
                write_releases(self.src, [n], self.seed, self.revision[n])
            gone = self.rng.sample(sorted(self.present), min(len(self.present) - 1, self.rng.randint(0, 3)))
            for n in gone:
                (self.src / release_name(n)).unlink()
                self.present.discard(n)
            what += f" ~{len(edit)} -{len(gone)}"
        return what.strip()

    # -- running ------------------------------------------------------------

    def _index_args(self, rebuild: bool) -> list[str]:
        args = ["index", str(self.src), "--index", str(self.idx), "--wait", "10", "--json"]
        return args + (["--rebuild"] if rebuild else [])

    def _complete_run(self, rebuild: bool = False) -> None:
        """Run ``searcher index`` to the end (in-process through click when
        ``cli_in_process``: the same command code, without paying the process
        start and the lexicon load again)."""
        code, out, err = self._cli(self._index_args(rebuild))
        if code != 0:
            raise AssertionError(f"index run failed (exit {code}): {err.strip()[:300]}")
        report = json.loads(out)
        if report["failed"]:
            raise AssertionError(f"index run reported failures: {report['failures'][:3]}")

    def setup(self, first_batch: Optional[int] = None) -> None:
        self.src.mkdir(parents=True, exist_ok=True)
        k = first_batch or max(self.batch)
        write_releases(self.src, range(k), self.seed)
        self.present.update(range(k))
        self.next_number = k
        self._complete_run()
        if index_state(self.idx).id_set != self._expected_ids():
            raise AssertionError("the first complete run did not index every release")
        self.mutations[True] = self._count_mutations(rebuild=True)

    def _count_mutations(self, rebuild: bool) -> int:
        """Run to the end under the hook in counting mode; the number of file-system mutations."""
        log = self.work / "mutations.log"
        proc = start_hooked(self._index_args(rebuild), 0, log)
        out, err = proc.communicate()
        assert_no_traceback(out, err)
        if proc.returncode != 0:
            raise AssertionError(f"index run failed (exit {proc.returncode}): {err.strip()[:300]}")
        return int(log.read_text())

    def _killed_run(self, rebuild: bool, strategy: str) -> tuple[bool, dict]:
        """Start a run and SIGKILL it; returns (killed?, what was observed)."""
        gen = live_generation(self.idx)
        tmp = gen / "MAIN.tmp"
        old_segs = {p.name for p in gen.glob("*.seg")}
        old_gens = {p.name for p in self.idx.glob("gen-*")}
        seen = {"writer_seen": False, "seg_seen": False}
        if strategy == "mutation":
            return self._mutation_kill(rebuild, seen)
        if strategy == "uniform":
            target = self.rng.uniform(0.0, 1.15 * self.run_seconds)
        elif strategy == "writer":
            # a rebuild's new generation appears before parsing; a sync's writer after it
            target = self.rng.uniform(0.0, 1.2) * (self.run_seconds if rebuild else self.writer_seconds)
        else:
            target = self.rng.uniform(0.0, 1.5) * self.commit_seconds
        proc = start_searcher(*self._index_args(rebuild))
        workers: set[int] = set()
        t0 = time.monotonic()
        trigger = t0 if strategy == "uniform" else None
        new_gen: Optional[Path] = None
        while proc.poll() is None:
            now = time.monotonic()
            if not seen["writer_seen"]:
                if rebuild:
                    fresh = [p for p in self.idx.glob("gen-*") if p.name not in old_gens]
                    new_gen = fresh[0] if fresh else None
                if tmp.exists() or new_gen is not None:
                    seen["writer_seen"] = True
                    if strategy == "writer":
                        trigger = now
            elif not seen["seg_seen"]:
                if rebuild:
                    new_seg = new_gen is not None and any(new_gen.glob("*.seg"))
                else:
                    new_seg = any(p.name not in old_segs for p in gen.glob("*.seg"))
                if new_seg:
                    seen["seg_seen"] = True
                    if strategy == "commit":
                        trigger = now
            if trigger is not None and now - trigger >= target:
                break
            if now - t0 > 120:
                break
            workers |= children_of(proc.pid)
            time.sleep(0.0003)
        if proc.poll() is None:
            workers |= children_of(proc.pid)
            proc.send_signal(signal.SIGKILL)
            proc.communicate()
            seen["elapsed"] = time.monotonic() - t0
            seen["tmp_left"] = tmp.exists()
            seen["workers"], seen["orphans"] = workers, survivors(workers)
            return True, seen
        out, err = proc.communicate()
        assert_no_traceback(out, err)
        if proc.returncode != 0:
            raise AssertionError(f"an unkilled index run failed (exit {proc.returncode}): {err.strip()}")
        return False, seen

    def _mutation_kill(self, rebuild: bool, seen: dict) -> tuple[bool, dict]:
        log = self.work / "kill.log"
        log.unlink(missing_ok=True)
        at = self.rng.randint(1, 2 * self.mutations[rebuild])
        t0 = time.monotonic()
        proc = start_hooked(self._index_args(rebuild), at, log)
        workers: set[int] = set()
        while proc.poll() is None:  # the pipes hold a few lines at most: no deadlock
            workers |= children_of(proc.pid)
            time.sleep(0.001)
        out, err = proc.communicate()
        seen["elapsed"] = time.monotonic() - t0
        if proc.returncode == -signal.SIGKILL:
            seen["workers"], seen["orphans"] = workers, survivors(workers)
            seen["mutation"] = log.read_text() if log.exists() else "?"
            seen["tmp_left"] = (live_generation(self.idx) / "MAIN.tmp").exists()
            return True, seen
        assert_no_traceback(out, err)
        if proc.returncode != 0:
            raise AssertionError(f"an unkilled index run failed (exit {proc.returncode}): {err.strip()}")
        return False, seen

    def _measure(self) -> None:
        """Grow the sources and index them in a complete subprocess run, timing
        the whole run, the Whoosh writer (while MAIN.tmp exists) and the commit
        (from the new compound segment file to MAIN.tmp vanishing)."""
        self._grow()
        gen = live_generation(self.idx)
        tmp = gen / "MAIN.tmp"
        old_segs = {p.name for p in gen.glob("*.seg")}
        log = self.work / "mutations.log"
        proc = start_hooked(self._index_args(False), 0, log)
        t0 = time.monotonic()
        appeared = seg = gone = None
        while proc.poll() is None:
            now = time.monotonic()
            exists = tmp.exists()
            if exists and appeared is None:
                appeared = now
            if appeared is not None and seg is None and any(p.name not in old_segs for p in gen.glob("*.seg")):
                seg = now
            if not exists and appeared is not None and gone is None:
                gone = now
            time.sleep(0.0002)
        out, err = proc.communicate()
        end = time.monotonic()
        assert_no_traceback(out, err)
        if proc.returncode != 0:
            raise AssertionError(f"index run failed: {err.strip()}")
        self.run_seconds = end - t0
        self.mutations[False] = int(log.read_text())
        if appeared is not None:
            self.writer_seconds = max(0.005, (gone or end) - appeared)
        if seg is not None:
            self.commit_seconds = max(0.002, (gone or end) - seg)
        state = index_state(self.idx)
        if state.id_set != self._expected_ids() or state.duplicates:
            raise AssertionError("a complete run did not index exactly the sources")

    # -- verifying ----------------------------------------------------------

    def _cli(self, args: list[str]) -> tuple[int, str, str]:
        if self.cli_in_process:
            from click.testing import CliRunner

            from searcher.cli import cli

            with CLI_LOCK:
                res = CliRunner().invoke(cli, args)
            if res.exception and not isinstance(res.exception, SystemExit):
                raise AssertionError(f"{args[0]} raised {res.exception!r}")
            out, err, code = res.stdout, res.stderr, res.exit_code
        else:
            proc = run_searcher(*args)
            out, err, code = proc.stdout, proc.stderr, proc.returncode
        assert_no_traceback(out, err)
        return code, out, err

    def _search_count(self) -> int:
        code, out, err = self._cli(["search", COMMON_WORD, "--index", str(self.idx), "--json", "--limit", "1"])
        if code != 0:
            raise AssertionError(f"search failed after a kill (exit {code}): {err.strip()[:300]}")
        return json.loads(out)["total"]

    def _check_ok(self) -> None:
        code, out, err = self._cli(["check", "--index", str(self.idx), "--json"])
        report = json.loads(out)
        if code != 0 or not report["ok"]:
            raise AssertionError(f"check found damage after a kill: {report['problems']}")

    def _verify(self, before: frozenset, after: frozenset) -> str:
        """All checks after a kill; returns which committed state was found."""
        from searcher.store import Index

        state = index_state(self.idx)
        with Index(self.idx) as ix:
            lib_count = ix.doc_count()
        if state.duplicates or len(state.ids) != state.doc_count or lib_count != state.doc_count:
            self.stats.partial_or_duplicate += 1
            raise AssertionError(
                f"distinct ids {len(state.id_set)}, stored {len(state.ids)}, doc_count {state.doc_count}, "
                f"library doc_count {lib_count}; duplicates {state.duplicates[:5]}"
            )
        if state.id_set == after:
            found = "after"
        elif state.id_set == before:
            found = "before"
        else:
            self.stats.partial_or_duplicate += 1
            lost = len((before & after) - state.id_set)
            self.stats.documents_lost += lost
            raise AssertionError(
                f"not a committed state: {len(state.id_set)} ids; {len(state.id_set - before - after)} unknown, "
                f"{lost} lost, before {len(before)}, after {len(after)}"
            )
        self._check_ok()
        total = self._search_count()
        if total != state.doc_count:
            raise AssertionError(f"search for the common word found {total} of {state.doc_count} releases")
        return found

    @staticmethod
    def _kill_point(rebuild: bool, found: str, seen: dict) -> str:
        if "mutation" in seen:
            return ("rebuild: " if rebuild else "sync: ") + describe_mutation(seen["mutation"]) + f" -> {found}"
        if rebuild:
            if found == "after":
                return "rebuild: after the switch of current"
            if seen["seg_seen"]:
                return "rebuild: new generation's segment written, current not yet switched"
            if seen["writer_seen"]:
                return "rebuild: new generation started (reading, parsing, adding)"
            return "rebuild: before the new generation"
        if found == "after":
            return "commit: TOC switched, writer still cleaning up" if seen.get("tmp_left") else "after the commit, before exit"
        if seen["seg_seen"]:
            return "commit: segment file being written, TOC not yet switched"
        if seen["writer_seen"]:
            return "writer: adding documents (analysis), nothing committed"
        return "before the writer (reading, parsing)"

    # -- the loop -------------------------------------------------------------

    def run(self, trials: int, max_attempts: Optional[int] = None) -> CrashStats:
        """Kill ``trials`` runs (runs that finish before the kill do not count); verify after each."""
        start = time.monotonic()
        if not self.idx.exists():
            self.setup()
        self._measure()
        attempts = 0
        max_attempts = max_attempts or trials * 3
        before = index_state(self.idx).id_set
        while self.stats.trials < trials and attempts < max_attempts:
            attempts += 1
            rebuild = self.rebuild_every > 0 and attempts % self.rebuild_every == 0
            what = self._grow()
            after = self._expected_ids()
            strategy = self.rng.choices(["uniform", "writer", "commit", "mutation"], weights=[2, 1, 2, 5])[0]
            killed, seen = self._killed_run(rebuild, strategy)
            if not killed:
                self.stats.finished_first += 1
                state = index_state(self.idx)
                if state.id_set != after or state.duplicates:
                    self.stats.documents_lost += len(after - state.id_set)
                    self.stats.problems.append(
                        f"attempt {attempts}: a complete run left {len(state.id_set)} ids, expected {len(after)}"
                    )
                before = after
                continue
            self.stats.trials += 1
            self.stats.strategies[strategy] += 1
            if seen.get("workers"):
                self.stats.worker_kills += 1
            if seen.get("orphans"):
                self.stats.orphans += 1
                self.stats.problems.append(
                    f"trial {self.stats.trials}: worker(s) {sorted(seen['orphans'])} outlived the killed parent"
                )
                for pid in seen["orphans"]:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except OSError:
                        pass
            try:
                found = self._verify(before, after)
                point = self._kill_point(rebuild, found, seen)
                self.stats.kill_points[point] += 1
                self._complete_run()
                state = index_state(self.idx)
                if state.id_set != after or state.duplicates or state.doc_count != len(after):
                    lost = len(after - state.id_set)
                    self.stats.documents_lost += lost
                    raise AssertionError(
                        f"re-run after the kill left {state.doc_count} documents ({len(state.id_set)} distinct), "
                        f"expected {len(after)}; {lost} lost"
                    )
                self.stats.survived += 1
                raw = f" [{seen['mutation'].strip()}]" if "mutation" in seen else ""
                same = " (before == after)" if before == after else ""
                self.log(
                    f"trial {self.stats.trials}: {what or 'no change'}, {'rebuild' if rebuild else 'sync'}, "
                    f"{strategy} kill at {seen.get('elapsed', 0):.3f}s -> {point}{same}{raw}; recovered to {len(after)}"
                )
            except AssertionError as err:
                self.stats.problems.append(
                    f"trial {self.stats.trials} ({strategy}, {'rebuild' if rebuild else 'sync'}): {err}"
                )
                self.log(f"trial {self.stats.trials}: FAILED: {err}")
                self._complete_run(rebuild=True)  # back to a known state so the run can go on
            before = after
            if self.stats.trials % 10 == 0 and self.stats.trials < trials:
                self._measure()
                before = index_state(self.idx).id_set
        final = index_state(self.idx)
        self.stats.final_count = final.doc_count
        self.stats.expected_final = len(self._expected_ids())
        self.stats.seconds = time.monotonic() - start
        return self.stats
