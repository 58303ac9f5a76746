"""Back up and restore the database as a whole: all of it or none of it (docs/operations.md).

SQLite
    Backup: SQLite's online backup API (``sqlite3.Connection.backup``) copies a consistent
    snapshot while the application keeps running, into a temporary file next to the target;
    the copy is checked (``PRAGMA integrity_check``) and only then renamed to the target.
    Restore: the file is opened read-only and checked (integrity, a Xianfeng database), then
    copied over the live database by the same API in one step, which is one write
    transaction on the live database: other connections see the old database or the new one,
    and an error or a crash leaves the old one.

PostgreSQL
    Backup: ``pg_dump --format=custom`` into a temporary file, checked with
    ``pg_restore --list``, then renamed. Restore: the archive is checked (``pg_restore
    --list``: readable, a Xianfeng database), turned into SQL (``pg_restore --clean
    --if-exists --no-owner --no-acl``), and run by ``psql --single-transaction`` together
    with the application role's grants and a check that the restored database is Xianfeng's:
    PostgreSQL's DDL is transactional, so an error anywhere rolls everything back. It runs
    as the schema's owner (MIGRATION_DATABASE_URL), who then owns what it recreates.

Triggers are part of the schema in both, so they come back with the data.
"""

import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - runs pg_dump, pg_restore and psql with an argument list, never a shell
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.translation import gettext as _

from .database import app_role, as_owner, grant_statements, owner_credentials, quote_identifier


class BackupError(Exception):
    """A refused or failed backup or restore; the message is translated and says what was left."""


@dataclass(frozen=True)
class Outcome:
    path: Path
    size: int
    seconds: float


# -- checks shared by both databases ---------------------------------------------------------


def _readable_file(path: Path) -> None:
    if not path.exists():
        raise BackupError(_("备份文件“%(path)s”不存在。") % {"path": path})
    if not path.is_file() or not os.access(path, os.R_OK):
        raise BackupError(_("无法读取备份文件“%(path)s”。") % {"path": path})


def _writable_target(path: Path) -> None:
    if path.exists():
        raise BackupError(_("备份目标“%(path)s”已存在，不会覆盖。") % {"path": path})
    if not path.parent.is_dir() or not os.access(path.parent, os.W_OK):
        raise BackupError(_("备份目录“%(path)s”不存在或不可写。") % {"path": path.parent})


def _not_ours(path: Path, reason: str) -> BackupError:
    return BackupError(_("“%(path)s”不是先锋的数据库备份：%(reason)s") % {"path": path, "reason": reason})


@contextmanager
def _partial(target: Path) -> Iterator[Path]:
    """A temporary file beside ``target``, renamed to it if the block succeeds, removed if not."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(fd)
    partial = Path(name)
    try:
        yield partial
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _no_tables() -> str:
    return _("其中没有先锋的数据表。")


def _backup_failed() -> str:
    return _("备份失败，未生成文件：%(error)s")


def _restore_failed() -> str:
    return _("恢复失败，数据库未作任何改动：%(error)s")


def _unsupported(vendor: str) -> BackupError:
    return BackupError(_("不支持的数据库：%(vendor)s。") % {"vendor": vendor})


def _outside_transaction(connection: BaseDatabaseWrapper) -> None:
    if connection.in_atomic_block:
        raise BackupError(_("不能在事务中备份或恢复数据库。"))


# -- SQLite ----------------------------------------------------------------------------------


def _sqlite_raw(connection: BaseDatabaseWrapper) -> sqlite3.Connection:
    connection.ensure_connection()
    return connection.connection


def _sqlite_check(db: sqlite3.Connection, path: Path) -> None:
    """A sound SQLite database that Xianfeng's migrations built."""
    try:
        result = db.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise _not_ours(path, result)
        has_migrations = db.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
        ).fetchone()[0]
        if (
            not has_migrations
            or not db.execute("SELECT count(*) FROM django_migrations WHERE app = 'village_affairs'").fetchone()[0]
        ):
            raise _not_ours(path, _no_tables())
    except sqlite3.DatabaseError as exc:
        raise _not_ours(path, str(exc)) from None


def _sqlite_backup(connection: BaseDatabaseWrapper, target: Path) -> None:
    source = _sqlite_raw(connection)
    with _partial(target) as partial:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
            _sqlite_check(copy, target)
        except sqlite3.Error as exc:
            raise BackupError(_backup_failed() % {"error": exc}) from None
        finally:
            copy.close()


def _sqlite_restore(connection: BaseDatabaseWrapper, source: Path) -> None:
    try:
        backup = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise _not_ours(source, str(exc)) from None
    try:
        _sqlite_check(backup, source)
        live = _sqlite_raw(connection)
        try:
            # pages=-1: every page in one step, so one write transaction on the live database.
            backup.backup(live, pages=-1)
        except sqlite3.Error as exc:
            raise BackupError(_restore_failed() % {"error": exc}) from None
    finally:
        backup.close()
        connection.close()  # the schema was replaced: the next query starts afresh


# -- PostgreSQL ------------------------------------------------------------------------------


def _program(name: str) -> str:
    """A PostgreSQL client program: PG_BINDIR, then PATH, then Debian's newest /usr/lib/postgresql/*/bin."""
    candidates = []
    if bindir := os.environ.get("PG_BINDIR"):
        candidates.append(Path(bindir) / name)
    if found := shutil.which(name):
        candidates.append(Path(found))
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True)
    candidates += [p / name for p in versions if p.parent.name.isdigit()]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise BackupError(
        _("找不到PostgreSQL客户端程序%(program)s（Debian：apt-get install postgresql-client）。") % {"program": name}
    )


def _environment(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """libpq's environment for this connection: no password on the command line."""
    s = connection.settings_dict
    env = {**os.environ, "PGDATABASE": str(s["NAME"]), "PGCONNECT_TIMEOUT": "10"}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if s.get(key):
            env[variable] = str(s[key])
    if sslmode := (s.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = str(sslmode)
    return env


def _run(args: list[str], env: dict[str, str], failure: str) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - fixed programs
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip() or f"exit status {done.returncode}"
        raise BackupError(failure % {"error": detail})
    return done.stdout


def _postgres_listing(archive: Path, env: dict[str, str]) -> str:
    try:
        listing = _run([_program("pg_restore"), "--list", str(archive)], env, "%(error)s")
    except BackupError as exc:
        raise _not_ours(archive, str(exc)) from None
    if " TABLE public django_migrations " not in listing:
        raise _not_ours(archive, _no_tables())
    return listing


def _postgres_backup(connection: BaseDatabaseWrapper, target: Path) -> None:
    env = _environment(connection)
    failure = _backup_failed()
    with _partial(target) as partial:
        _run([_program("pg_dump"), "--format=custom", "--no-password", f"--file={partial}"], env, failure)
        _postgres_listing(partial, env)


# Run inside the restore's transaction, last: if it raises, nothing was restored.
_POSTGRES_VERIFY = (
    "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM public.django_migrations WHERE app = 'village_affairs') "
    "THEN RAISE EXCEPTION 'restore_database: the restored database has no Xianfeng migrations'; END IF; END $$;"
)


def _with_lock_timeout(script: Path, target: Path, lock_timeout: int) -> None:
    """Copy pg_restore's script, its ``SET lock_timeout = 0;`` (wait for ever) replaced by ``lock_timeout`` seconds.

    A session that keeps a table the restore must drop then makes the restore fail, changing
    nothing, instead of hanging.
    """
    with script.open(encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        for number, line in enumerate(lines):
            if number < 50 and line.strip() == "SET lock_timeout = 0;":  # the header, never a row of data
                line = f"SET lock_timeout = {lock_timeout * 1000};\n"
            out.write(line)


def _postgres_restore(connection: BaseDatabaseWrapper, source: Path, lock_timeout: int) -> None:
    connection.close()  # our own session must not hold the locks the restore waits for
    env = _environment(connection)
    _postgres_listing(source, env)
    failure = _restore_failed()
    owner = owner_credentials()
    role = app_role()
    with tempfile.TemporaryDirectory(prefix="xianfeng-restore-") as scratch:
        dumped = Path(scratch) / "pg_restore.sql"
        script = Path(scratch) / "restore.sql"
        finish = Path(scratch) / "finish.sql"
        _run(
            [
                _program("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-acl",
                f"--file={dumped}",
                str(source),
            ],
            env,
            failure,
        )
        _with_lock_timeout(dumped, script, lock_timeout)
        dumped.unlink()
        tail = []
        if owner is not None and role and role != owner["USER"]:
            tail += [f"{statement};" for statement in grant_statements(role, quote_identifier)]
        tail.append(_POSTGRES_VERIFY)
        finish.write_text("\n".join(tail) + "\n", encoding="utf-8")
        _run(
            [
                _program("psql"),
                "--no-psqlrc",
                "--no-password",
                "--quiet",
                "--single-transaction",
                "--set=ON_ERROR_STOP=1",
                f"--file={script}",
                f"--file={finish}",
            ],
            env,
            failure,
        )


# -- the two operations ----------------------------------------------------------------------


def backup_database(target: Path, alias: str = "default") -> Outcome:
    """Write a backup of the whole database to ``target`` (a new file), or raise BackupError."""
    started = time.monotonic()
    target = target.expanduser().absolute()
    _writable_target(target)
    with as_owner(alias) as connection:
        _outside_transaction(connection)
        if connection.vendor == "sqlite":
            _sqlite_backup(connection, target)
        elif connection.vendor == "postgresql":
            _postgres_backup(connection, target)
        else:
            raise _unsupported(connection.vendor)
    return Outcome(target, target.stat().st_size, time.monotonic() - started)


def restore_database(source: Path, alias: str = "default", lock_timeout: int = 60) -> Outcome:
    """Replace the whole database with the backup ``source``, or raise BackupError having changed nothing.

    ``lock_timeout`` (seconds, PostgreSQL): how long to wait for a table another session
    holds before giving up; stop the application first so that none does.
    """
    started = time.monotonic()
    source = source.expanduser().absolute()
    _readable_file(source)
    with as_owner(alias) as connection:
        _outside_transaction(connection)
        if connection.vendor == "sqlite":
            _sqlite_restore(connection, source)
        elif connection.vendor == "postgresql":
            _postgres_restore(connection, source, lock_timeout)
        else:
            raise _unsupported(connection.vendor)
    return Outcome(source, source.stat().st_size, time.monotonic() - started)
