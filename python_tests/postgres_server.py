"""A throwaway PostgreSQL server for the tests: its own data directory in a temporary
folder, a free localhost port, trust authentication, stopped and deleted afterwards.

The binaries come from /usr/lib/postgresql/<version>/bin (Debian / Ubuntu layout) or
the PATH; when there are none and we are root, `apt-get install postgresql` provides
them. PostgreSQL refuses to run as root, so as root the server runs as the
unprivileged `postgres` system user (created when missing).

Run it on its own to get a server for a manual session:
    .venv/bin/python python_tests/postgres_server.py     # prints the connection, Ctrl-C stops it
"""
from __future__ import annotations

import atexit
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

SERVER_USER = "postgres"
SUPERUSER = "postgres"


def _version_key(path: str) -> tuple:
    version = Path(path).parents[1].name
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


def find_binaries(install: bool = True) -> Path:
    """The folder holding initdb and pg_ctl (the newest installed version)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version_key)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).parent
    if install and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update"], check=True, capture_output=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", "postgresql"],
                       check=True, capture_output=True, env=env)
        return find_binaries(install=False)
    raise RuntimeError("PostgreSQL binaries not found: install the `postgresql` package "
                       "(apt-get install postgresql) or put initdb and pg_ctl on the PATH")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_account() -> pwd.struct_passwd | None:
    """The account the server runs as: none (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(SERVER_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVER_USER],
                       check=True, capture_output=True)
        return pwd.getpwnam(SERVER_USER)


class PostgresServer:
    """Start with `start()` (or as a context manager); `stop()` ends it and removes its files."""

    def __init__(self):
        self.bin_dir = find_binaries()
        self.account = _server_account()
        self.root: Path | None = None
        self.port: int | None = None
        self.host = "127.0.0.1"
        self.user = SUPERUSER

    # -- lifecycle -------------------------------------------------------------
    def _run(self, *command: str) -> subprocess.CompletedProcess:
        options = {}
        if self.account is not None:
            options = {"user": self.account.pw_uid, "group": self.account.pw_gid, "extra_groups": []}
        env = {**os.environ, "LC_ALL": "C", "HOME": str(self.root)}
        result = subprocess.run(list(command), capture_output=True, text=True, env=env, cwd=self.root, **options)
        if result.returncode != 0:
            log = self.root / "server.log"
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}\n"
                               f"{log.read_text() if log.exists() else ''}")
        return result

    def start(self) -> "PostgresServer":
        self.root = Path(tempfile.mkdtemp(prefix="ml_tracing_postgres_"))
        if self.account is not None:
            os.chown(self.root, self.account.pw_uid, self.account.pw_gid)
        data = self.root / "data"
        self._run(str(self.bin_dir / "initdb"), "--pgdata", str(data), "--username", self.user,
                  "--auth", "trust", "--encoding", "UTF8", "--locale", "C", "--no-sync")
        # a test server: durability off, sockets in our folder, TCP on localhost only
        settings = {"listen_addresses": self.host, "unix_socket_directories": str(self.root), "fsync": "off",
                    "synchronous_commit": "off", "full_page_writes": "off", "max_connections": "50"}
        atexit.register(self.stop)
        _stop_on_sigterm()
        for _ in range(5):  # another process may take the port between probing and binding
            self.port = _free_port()
            options = " ".join(f"-c {key}={value}" for key, value in settings.items())
            try:
                self._run(str(self.bin_dir / "pg_ctl"), "--pgdata", str(data), "--log", str(self.root / "server.log"),
                          "--options", f"-p {self.port} {options}", "--wait", "--timeout", "60", "start")
                return self
            except RuntimeError:
                if "could not bind" not in (self.root / "server.log").read_text():
                    raise
        raise RuntimeError("PostgreSQL could not bind a free port")

    def stop(self) -> None:
        if self.root is None:
            return
        data = self.root / "data"
        if (data / "postmaster.pid").exists():
            try:
                self._run(str(self.bin_dir / "pg_ctl"), "--pgdata", str(data), "--mode", "fast", "--wait", "stop")
            except RuntimeError:
                time.sleep(1)
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    def __enter__(self) -> "PostgresServer":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # -- databases -------------------------------------------------------------
    def connect(self, database: str = "postgres"):
        import psycopg2

        return psycopg2.connect(host=self.host, port=self.port, user=self.user, dbname=database)

    def create_database(self, name: str, icu_locale: str | None = None) -> None:
        """A database with the server's C collation, or with an ICU locale's (text
        then sorts as people read it: case-insensitively first, accents after)."""
        collation = f" template template0 locale_provider icu icu_locale '{icu_locale}'" if icu_locale else ""
        connection = self.connect()
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(f'create database "{name}"{collation}')
        finally:
            connection.close()


def _stop_on_sigterm() -> None:
    """A SIGTERM (a CI timeout, `kill`) ends the process like Ctrl-C does, so pytest's
    teardown and atexit stop the server instead of leaving it running."""
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, signal.default_int_handler)


if __name__ == "__main__":
    with PostgresServer() as server:
        print(f"PostgreSQL on {server.host}:{server.port}, user {server.user}, no password "
              f"(psql -h {server.host} -p {server.port} -U {server.user}); Ctrl-C stops it")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
