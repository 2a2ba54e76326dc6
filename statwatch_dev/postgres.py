"""A project-local PostgreSQL for the cluster profile and its tests: one data directory, its own port on 127.0.0.1,
run as an unprivileged user (PostgreSQL refuses root), `lc_messages=C` (DuckLake retries match English error
text), password authentication with a generated password kept 0600 beside the data directory."""

from __future__ import annotations

import logging
import os
import pwd
import secrets
import shutil
import subprocess  # noqa: S404 - runs PostgreSQL's own programs with fixed arguments
import time
from pathlib import Path

log = logging.getLogger(__name__)

USER = "statwatch"  # the database superuser the project connects as
SERVICE_ACCOUNT = "postgres"  # the system user the server runs as when we are root


def bin_dir() -> Path | None:
    """The folder with initdb and pg_ctl (on PATH, else the newest /usr/lib/postgresql/*/bin), or None."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    return versions[-1].parent if versions else None


def available() -> str | None:
    """None when a local PostgreSQL can be started here, else why not (for skip messages)."""
    if bin_dir() is None:
        return "PostgreSQL is not installed (initdb not found; Debian: apt-get install postgresql-15)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVICE_ACCOUNT)
        except KeyError:
            return f"running as root and there is no {SERVICE_ACCOUNT!r} user to run PostgreSQL as"
    return None


class LocalPostgres:
    """One PostgreSQL server: `root/data` (the cluster), `root/password` (0600), `root/server.log`."""

    def __init__(self, root: Path, port: int) -> None:
        self.root = Path(root).resolve()
        self.data = self.root / "data"
        self.port = port
        self.password_file = self.root / "password"
        self.log_file = self.root / "server.log"
        found = bin_dir()
        if found is None:
            raise RuntimeError(available() or "PostgreSQL not found")
        self.bin: Path = found
        self._as_root = os.geteuid() == 0
        self.account = pwd.getpwnam(SERVICE_ACCOUNT) if self._as_root else pwd.getpwuid(os.geteuid())

    @property
    def password(self) -> str:
        return self.password_file.read_text(encoding="ascii").strip()

    def env(self) -> dict[str, str]:
        """libpq settings for clients of this server (DuckDB's postgres extension, psql, psycopg)."""
        return {"PGHOST": "127.0.0.1", "PGPORT": str(self.port), "PGUSER": USER, "PGPASSWORD": self.password}

    def conninfo(self, dbname: str) -> str:
        """A libpq conninfo without the password (that comes from PGPASSWORD)."""
        return f"dbname={dbname} host=127.0.0.1 port={self.port} user={USER}"

    def sqlalchemy_url(self, dbname: str) -> str:
        return f"postgresql+psycopg://{USER}:{self.password}@127.0.0.1:{self.port}/{dbname}"

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        kwargs = {"user": self.account.pw_uid, "group": self.account.pw_gid, "extra_groups": []} \
            if self._as_root else {}
        done = subprocess.run(list(args), capture_output=True, text=True, timeout=timeout, check=False,  # noqa: S603
                              cwd=self.root, **kwargs)  # type: ignore[call-overload]
        if done.returncode != 0:
            raise RuntimeError(f"{Path(args[0]).name} failed ({done.returncode}): "
                               f"{(done.stderr or done.stdout).strip()[-600:]}")
        return done

    def init(self) -> LocalPostgres:
        """Create the cluster once (initdb with scram-sha-256 and a generated password), owned by the account."""
        self.root.mkdir(parents=True, exist_ok=True)
        os.chmod(self.root, 0o711)  # noqa: S103 - the server account passes through to data/ (0700, its own)
        if self._as_root:
            for folder in self.root.parents:
                st = folder.stat()
                if not (st.st_mode & 0o001 or st.st_uid == self.account.pw_uid):
                    raise RuntimeError(f"PostgreSQL runs as {self.account.pw_name!r}, who cannot reach {self.root}: "
                                       f"{folder} is not searchable by others (chmod o+x it, or put var/ elsewhere "
                                       f"with STATWATCH_VAR)")
        if (self.data / "PG_VERSION").exists():
            return self
        if not self.password_file.exists():
            fd = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as f:
                f.write(secrets.token_urlsafe(24))
        pwfile = self.root / ".initdb-pw"
        fd = os.open(pwfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(self.password + "\n")
        os.chown(pwfile, self.account.pw_uid, self.account.pw_gid)
        self.data.mkdir(mode=0o700, exist_ok=True)
        os.chown(self.data, self.account.pw_uid, self.account.pw_gid)
        try:
            self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", USER, "--auth=scram-sha-256",
                      f"--pwfile={pwfile}", "--locale=C", "--encoding=UTF8")
        finally:
            pwfile.unlink(missing_ok=True)
        return self

    def start(self, timeout: float = 60) -> LocalPostgres:
        """Start the server on 127.0.0.1:port (no Unix socket outside the data directory) and wait for it."""
        self.init()
        if self.running():  # left running by an earlier run: use it, on the port it listens on
            self.port = int((self.data / "postmaster.pid").read_text(encoding="ascii").splitlines()[3])
            return self
        if not self.log_file.exists():
            self.log_file.touch(mode=0o600)
        os.chown(self.log_file, self.account.pw_uid, self.account.pw_gid)
        options = " ".join([
            "-c listen_addresses=127.0.0.1", f"-p {self.port}", f"-c unix_socket_directories={self.data}",
            "-c lc_messages=C", "-c max_connections=200", "-c shared_buffers=64MB",
        ])
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log_file), "-o", options,
                  "-w", "-t", str(int(timeout)), "start", timeout=timeout + 10)
        log.info("postgres on 127.0.0.1:%d (data %s)", self.port, self.data)
        return self

    def running(self) -> bool:
        if not (self.data / "postmaster.pid").exists():
            return False
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "status", timeout=20)
            return True
        except RuntimeError:
            return False

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (idempotent)."""
        if self.running():
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop", timeout=90)

    def drop_database(self, name: str) -> None:
        """DROP DATABASE name if it exists (its connections are ended first)."""
        env = {**os.environ, **self.env()}
        subprocess.run([str(self.bin / "psql"), "-d", "postgres", "-c",  # noqa: S603
                        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
                       capture_output=True, text=True, env=env, timeout=60, check=True)

    def create_database(self, name: str) -> None:
        """CREATE DATABASE name unless it exists (psql as the project's user, over TCP)."""
        psql = str(self.bin / "psql")
        env = {**os.environ, **self.env()}
        deadline = time.monotonic() + 30
        while True:
            found = subprocess.run([psql, "-d", "postgres", "-tAc",  # noqa: S603
                                    f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
                                   capture_output=True, text=True, env=env, timeout=30, check=False)
            if found.returncode == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        if found.returncode != 0:
            raise RuntimeError(f"psql failed: {found.stderr.strip()}")
        if found.stdout.strip() != "1":
            subprocess.run([psql, "-d", "postgres", "-c", f'CREATE DATABASE "{name}"'],  # noqa: S603
                           capture_output=True, text=True, env=env, timeout=30, check=True)
