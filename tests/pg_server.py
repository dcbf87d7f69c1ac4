"""A throwaway PostgreSQL 15 server for the tests of the PostgreSQL backend.

``PgServer.start()`` runs ``initdb`` into a temporary folder and ``pg_ctl
start`` on 127.0.0.1 at a free port, with trust authentication on loopback.
``initdb`` refuses to run as root, so as root the binaries run as the
``postgres`` user (``runuser -u postgres --``) and the folder is given to it.

Where the binaries are missing the tests skip with the reason, except under
``CI=true``: there a missing server is a failure (``.ci/run`` installs it).
"""
from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Optional

BIN_DIRS = ("/usr/lib/postgresql/15/bin", "/usr/local/bin", "/usr/bin")
START_TIMEOUT = 60  # seconds pg_ctl waits for a server to accept connections


def find_bin(name: str) -> Optional[str]:
    for d in BIN_DIRS:
        path = Path(d) / name
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
    return shutil.which(name)


def missing_reason() -> Optional[str]:
    """Why no server can be started here, or None."""
    for name in ("initdb", "pg_ctl", "pg_basebackup"):
        if find_bin(name) is None:
            return f"PostgreSQL 15 binaries not found ({name}; looked in {', '.join(BIN_DIRS)}): apt-get install postgresql-15"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no postgres user to run initdb as"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed: pip install -e '.[postgres]'"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_owner(cmd: list[str]) -> list[str]:
    """The command, run as the postgres user when we are root (initdb refuses root)."""
    if os.geteuid() == 0:
        runuser = shutil.which("runuser")
        if runuser:
            return [runuser, "-u", "postgres", "--", *cmd]
        return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(_quote(c) for c in cmd)]
    return cmd


def _quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)


def _give_to_postgres(path: Path) -> None:
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(path, pw.pw_uid, pw.pw_gid)


class PgServer:
    """One server in ``root/name`` on 127.0.0.1:``port``."""

    def __init__(self, root: Path, name: str = "primary", port: Optional[int] = None):
        self.root = root
        self.data = root / name
        self.port = port or free_port()
        self.log = root / f"{name}.log"

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url_of(self, db: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{db}"

    def run(self, *cmd: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(_as_owner(list(cmd)), capture_output=True, text=True, check=check, timeout=120)

    def init(self, settings: Optional[dict] = None) -> "PgServer":
        """``initdb``, then the test settings (and ``settings``, e.g. a
        production-sized ``shared_buffers`` for a benchmark) into postgresql.conf."""
        self.run(find_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                 "--locale=C.UTF-8", "--no-sync")
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            # a small test server: little memory, no disk syncs, streaming replication allowed
            conf.write(
                "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\nfsync = off\n"
                "synchronous_commit = off\nfull_page_writes = off\nshared_buffers = 32MB\n"
                "max_connections = 60\nwal_level = replica\nmax_wal_senders = 4\n"
            )
            for key, value in (settings or {}).items():
                conf.write(f"{key} = '{value}'\n")
        with open(self.data / "pg_hba.conf", "a", encoding="utf-8") as hba:
            hba.write("host replication postgres 127.0.0.1/32 trust\n")
        return self

    def start(self) -> "PgServer":
        self.run(find_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", f"-p {self.port}",
                 "-w", "-t", str(START_TIMEOUT), "start")
        return self

    def stop(self) -> None:
        self.run(find_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)

    def replica(self, name: str = "replica") -> "PgServer":
        """A streaming replica of this server (pg_basebackup -R), started on another port."""
        rep = PgServer(self.root, name)
        self.run(find_bin("pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                 "-D", str(rep.data), "-R", "-X", "stream", "-c", "fast", "--no-sync")
        return rep.start()

    def sql(self, statement: str, db: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.url_of(db), autocommit=True) as conn:
            conn.execute(statement)


def start_server(settings: Optional[dict] = None) -> PgServer:
    root = Path(tempfile.mkdtemp(prefix="searcher-pg-"))
    _give_to_postgres(root)
    return PgServer(root).init(settings).start()


def remove(server: PgServer) -> None:
    shutil.rmtree(server.root, ignore_errors=True)


def wait_for(predicate, timeout: float = 30.0, step: float = 0.1):
    """Poll ``predicate`` until it returns a true value (returned) or ``timeout`` passes (None)."""
    deadline = time.monotonic() + timeout
    while True:
        got = predicate()
        if got or time.monotonic() >= deadline:
            return got
        time.sleep(step)
