"""Open the database, bring its schema to the latest Alembic revision, and hand out sessions."""
from __future__ import annotations

import os
import threading
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")
DEFAULT_URL = "sqlite:///coachbot.db"


def database_url(explicit: str | None = None) -> str:
    """The URL to use: an explicit one, else COACHBOT_DATABASE_URL, else a SQLite file here."""
    return explicit or os.environ.get("COACHBOT_DATABASE_URL") or DEFAULT_URL


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    dbapi_connection.isolation_level = None  # type: ignore[attr-defined]  # we issue BEGIN ourselves (below)
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL; a power cut may lose the last commits, never corrupt
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _sqlite_begin_immediate(connection: Connection) -> None:
    """Take SQLite's write lock when a transaction starts, so concurrent handlers run one after the other
    and each sees what the previous one committed (SQLAlchemy's documented pysqlite recipe; it also makes
    savepoints behave)."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def alembic_config(engine: Engine) -> AlembicConfig:
    """An Alembic configuration bound to this engine (no alembic.ini needed)."""
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


#: Held while migrating on PostgreSQL, so instances starting together migrate one after the other.
MIGRATION_LOCK = 0x636F616368646221


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision; a no-op when it is already there."""
    if engine.dialect.name != "postgresql":
        command.upgrade(alembic_config(engine), "head")
        return
    with engine.connect() as guard:
        guard.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
        guard.commit()
        try:
            command.upgrade(alembic_config(engine), "head")
        finally:
            guard.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
            guard.commit()


@dataclass
class Database:
    """An engine and its session factory; the schema is migrated when it is opened."""

    engine: Engine
    sessions: sessionmaker[Session]
    _writer: threading.Lock | None = field(default=None, repr=False)

    def session(self) -> Session:
        return self.sessions()

    def one_writer(self) -> AbstractContextManager[object]:
        """Held around each transaction on SQLite: threads of this process take turns here instead of
        meeting at SQLite's file lock, whose busy handler sleeps for milliseconds at a time."""
        return self._writer if self._writer is not None else nullcontext()

    def readiness(self) -> tuple[bool, str]:
        """Reachable, and its schema at the newest migration this code knows."""
        try:
            with self.engine.connect() as connection:
                current = MigrationContext.configure(connection).get_current_revision()
        except Exception as error:  # noqa: BLE001 - any failure means not ready
            return False, f"database unreachable ({type(error).__name__})"
        head = ScriptDirectory.from_config(alembic_config(self.engine)).get_current_head()
        if current != head:
            return False, f"schema at {current}, code expects {head}: run `coachbot db upgrade`"
        return True, f"schema {current}"

    def dispose(self) -> None:
        self.engine.dispose()


def migrate_on_start() -> bool:
    """COACHBOT_MIGRATE_ON_START=0 leaves migrations to `coachbot db upgrade` (a deploy job)."""
    return os.environ.get("COACHBOT_MIGRATE_ON_START", "1") != "0"


def open_database(url: str | None = None, *, migrate: bool = True) -> Database:
    """Connect and upgrade the schema to head; SQLite runs in WAL mode with foreign keys on."""
    resolved = database_url(url)
    engine = create_engine(resolved, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
    if migrate:
        upgrade(engine)
    writer = threading.Lock() if engine.dialect.name == "sqlite" else None
    return Database(engine, sessionmaker(engine, expire_on_commit=False), writer)
