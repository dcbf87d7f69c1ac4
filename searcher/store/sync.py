"""The incremental diff: read and parse sources, and decide for each release
whether it is new, changed, unchanged, taken over from a vanished file or gone."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Callable, Iterator

from ..errors import ParseError, SearcherError
from ..models import MAX_REPORTED_WARNINGS, Failure, Release, ReleaseWarning
from ..reading import display_path as _display
from ..reading import read_source as _read_bytes
from ..sources import _absent, _Source, kind_of, read_releases

ProgressFn = Callable[[int, int, str], None]


def content_hash(data: bytes, extra: bytes = b"") -> str:
    import hashlib  # here: a search never hashes, and hashlib loads OpenSSL (_hashlib)

    h = hashlib.blake2b(data, digest_size=16)
    if extra:
        h.update(extra)
    return h.hexdigest()


def release_hash(release: Release) -> str:
    from ..models import to_jsonable

    blob = json.dumps(to_jsonable(release), sort_keys=True, ensure_ascii=False).encode("utf-8")
    return content_hash(blob)


@dataclass
class _Counts:
    """What one update pass did, counted as it streams."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    warned: int = 0
    warnings: list = field(default_factory=list)

    def note(self, release: Release, source: str) -> None:
        """Remember what the parser missed in a release that is written."""
        if release.warnings:
            self.warned += 1
            for w in release.warnings:
                if len(self.warnings) < MAX_REPORTED_WARNINGS:
                    self.warnings.append(ReleaseWarning(source, release.id, w))


def _first_time(rid: str, written: dict[str, str], failures: list[Failure], source: str) -> bool:
    """True the first time a release id is written in this run; a repeat is
    reported naming both files (ids are unique across everything indexed)."""
    first = written.get(rid)
    if first is not None:
        failures.append(_collision(rid, source, first))
        return False
    written[rid] = source
    return True


def _collision(rid: str, source: str, owner: str) -> Failure:
    where = "used earlier in the same file" if owner == source else f"already used by {_display(owner)}"
    return Failure(
        _display(source),
        f"release id {rid!r} is {where}; the first one indexed keeps it. Rename one of the files "
        "(or index their common parent folder, which makes text-file ids longer) or give the record its own id",
    )


def parse_sources(
    sources, failures, fields, constants, progress, fingerprint: bytes, skip=None, partial=None
) -> Iterator[tuple[Release, dict]]:
    """Read and parse each source, yielding (release, document); failures are
    collected, and the key of every source with a failure goes into ``partial``.
    ``fingerprint`` (the field mapping) is folded into each file's hash."""
    total = len(sources)
    for n, src in enumerate(sources, 1):
        if progress:
            progress(n, total, _display(src.path))
        shown = _display(src.path)
        try:
            data = _read_bytes(src.path)
        except ParseError as err:
            failures.append(Failure(shown, err.reason))
            if partial is not None:
                partial.add(src.key)
            continue
        digest = content_hash(data, fingerprint)
        if skip is not None and skip(src, digest):
            continue
        try:
            yield from _documents_of(src, data, digest, n, total, shown, failures, fields, constants, progress, partial)
        except SearcherError as err:
            if not isinstance(err, ParseError):
                raise
            failures.append(Failure(shown, err.reason))
            if partial is not None:
                partial.add(src.key)
        except Exception as err:  # a parser bug must not stop the batch
            failures.append(Failure(shown, f"could not parse ({err.__class__.__name__}: {err})"))
            if partial is not None:
                partial.add(src.key)


def _documents_of(src, data, digest, n, total, shown, failures, fields, constants, progress, partial):
    """The (release, document) pairs of one file's bytes."""
    from ..export import is_export
    from ..schema import to_document

    kind = kind_of(src.path)
    items = read_releases(kind, data, shown, id=src.rel_id, fields=fields, constants=constants)
    if not kind.many:
        release = next(items)
        yield release, to_document(release, content_hash=digest, size=len(data), source=src.key, file_hash=digest)
        return
    # a searcher export: each release keeps the source it was exported with
    exported = kind.name == "jsonl" and is_export(data)
    for k, item in enumerate(items, 1):
        if progress and k % 500 == 0:
            progress(n, total, f"{shown}, record {k:,}")
        if isinstance(item, Failure):
            failures.append(item)
            if partial is not None:
                partial.add(src.key)
            continue
        yield item, to_document(item, content_hash=release_hash(item), size=len(data), source=src.key, file_hash=digest,
                                exported=exported)


class Diff:
    """One update pass against the committed state ``known`` (a backend's
    :class:`~searcher.backends.base.IndexedState`), writing into ``write``.

    Removal needs certainty: a records file is trimmed only when it was read
    through without any failure, and a file counts as vanished only when it is
    absent (not merely unreadable) and no folder above it failed to be walked.
    """

    def __init__(self, known, write, counts: _Counts, failures: list[Failure]):
        self.known = known
        self.write = write
        self.counts = counts
        self.failures = failures
        self.seen_sources: set[str] = set()
        self.seen: set[tuple[str, str]] = set()  # (source, id) of every release read this run
        self.written: dict[str, str] = {}  # id -> source that holds it in this run
        self.unsure: set[str] = set()  # sources with any failure this run: nothing of theirs is removed
        self.moved: set[str] = set()  # ids taken over from a file that is gone
        self.skipped_sources: set[str] = set()  # files found unchanged as a whole
        self.reread_record_sources: set[str] = set()  # many-release files read again

    def run(self, sources, folders, remove_vanished, fields, constants, progress, fingerprint, unreadable=frozenset()):
        """Stream new and changed releases into the write, so memory stays flat however large the batch."""
        for release, doc in parse_sources(
            sources, self.failures, fields, constants, progress, fingerprint,
            skip=self.skip_unchanged_file, partial=self.unsure,
        ):
            self._one(release, doc)
        self.seen_sources |= self.skipped_sources  # sources seen unchanged count as seen too
        if remove_vanished:
            self._remove_vanished_records()
            self._remove_vanished_files(folders, unreadable)

    def _one(self, release: Release, doc: dict) -> None:
        src, counts, write = doc["source"], self.counts, self.write
        self.seen_sources.add(src)
        self.seen.add((src, release.id))
        if not _first_time(release.id, self.written, self.failures, src):
            self.unsure.add(src)
            return
        owner, old_hash, old_file_hash = self.known.owner_of(release.id)
        if owner is not None and owner != src:
            if not _absent(owner):  # ids are unique: the first indexed keeps it
                del self.written[release.id]
                self.failures.append(_collision(release.id, src, owner))
                self.unsure.add(src)
                return
            # its file is gone: the id moves with the release
            self.moved.add(release.id)
            counts.updated += 1
            write.delete_id(release.id)
            write.add(doc)
            return
        if old_hash is not None and old_hash == doc["content_hash"]:
            counts.unchanged += 1
            if old_file_hash != doc["file_hash"]:
                # the release is the same but its file changed around it (or the
                # index predates hashing the mapping): store the file's new
                # hash, so the next run skips the whole file
                write.delete_id(release.id)
                write.add(doc)
            return
        if old_hash is None:
            counts.added += 1
        else:
            counts.updated += 1
            write.delete_id(release.id)
        write.add(doc)
        counts.note(release, src)

    def _remove_vanished_records(self) -> None:
        """Records that vanished from a records file read through without any
        failure (a file with a bad record, or one that could not be read, keeps
        its old records: nothing is lost because one row could not be read)."""
        for src in self.reread_record_sources - self.unsure:
            for rid in self.known.ids_of_source(src):
                if (src, rid) not in self.seen:
                    self.write.delete_id(rid)
                    self.counts.removed += 1

    def _remove_vanished_files(self, folders, unreadable) -> None:
        """Files that vanished from a walked folder."""
        blind = tuple(str(d) + os.sep for d in unreadable)
        for folder in folders:
            prefix = str(folder) + os.sep
            for src in self.known.sources_under(prefix):
                if src in self.seen_sources or src in self.unsure or src.startswith(blind):
                    continue
                if _absent(src):
                    self.counts.removed += sum(1 for rid in self.known.ids_of_source(src) if rid not in self.moved)
                    self.write.delete_source(src)

    def skip_unchanged_file(self, src: _Source, digest: str) -> bool:
        """True when a whole file is unchanged (counted, not re-parsed); its ids
        are taken as written, so another file of this run cannot take them over."""
        stored = self.known.stored_of_source(src.key)
        if not stored:
            return False
        if all(f.get("file_hash") == digest for f in stored):
            self.counts.unchanged += len(stored)
            self.skipped_sources.add(src.key)
            for f in stored:
                self.written.setdefault(f["id"], src.key)
            return True
        if kind_of(src.path).many:  # records, feeds, mailboxes: items may vanish
            self.reread_record_sources.add(src.key)
        return False


def rebuild_into(write, sources, failures, fields, constants, progress, fingerprint) -> _Counts:
    """Stream every release of ``sources`` into a fresh index (no diff: ids still unique)."""
    counts = _Counts()
    written: dict[str, str] = {}
    for release, doc in parse_sources(sources, failures, fields, constants, progress, fingerprint):
        if _first_time(release.id, written, failures, doc["source"]):
            write.add(doc)
            counts.added += 1
            counts.note(release, doc["source"])
    return counts
