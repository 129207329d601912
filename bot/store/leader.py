"""Which instance runs the calendar side (timer sweep, daily tips, purge). On PostgreSQL: whoever holds a
session advisory lock on its own connection; the lock goes with the connection, so when the leader dies
another instance takes over at its next try. Session locks need a direct connection (not PgBouncer in
transaction mode). On SQLite there is one host, and the process is the leader."""
from __future__ import annotations

import logging
import threading

from sqlalchemy import Connection, text

from bot.store.database import Database

log = logging.getLogger(__name__)
#: The advisory lock's key, per database and schema: deployments sharing a server never block each other.
_TRY_LOCK = text("SELECT pg_try_advisory_lock(hashtextextended("
                 "current_database() || '.' || current_schema() || '.' || :name, 0))")
_UNLOCK = text("SELECT pg_advisory_unlock(hashtextextended("
               "current_database() || '.' || current_schema() || '.' || :name, 0))")


class Leadership:
    def __init__(self, database: Database, name: str = "coachbot-scheduler") -> None:
        self.database = database
        self.name = name
        self._connection: Connection | None = None
        self._lock = threading.Lock()

    @property
    def shared(self) -> bool:
        return self.database.engine.dialect.name == "postgresql"

    def lead(self) -> bool:
        """True while this instance leads: keeps the lock if held (checking its connection is alive),
        else tries to take it. Blocking; call from a worker thread."""
        if not self.shared:
            return True
        with self._lock:
            if self._connection is not None:
                try:
                    self._connection.execute(text("SELECT 1"))
                    self._connection.commit()  # never sit idle inside a transaction
                    return True
                except Exception:  # the connection died, and the lock with it
                    log.warning("lost the scheduler lock's connection")
                    self._drop()
            try:
                connection = self.database.engine.connect()
            except Exception as error:  # noqa: BLE001 - the database is away; try at the next tick
                log.warning("cannot reach the database to lead: %s", type(error).__name__)
                return False
            got = bool(connection.execute(_TRY_LOCK, {"name": self.name}).scalar())
            connection.commit()
            if got:
                self._connection = connection
                log.info("this instance now runs the scheduler")
            else:
                connection.close()
            return got

    def release(self) -> None:
        with self._lock:
            if self._connection is not None:
                try:
                    self._connection.execute(_UNLOCK, {"name": self.name})
                    self._connection.commit()
                except Exception:  # noqa: BLE001 - closing the connection frees the lock anyway
                    pass
                self._drop()

    def _drop(self) -> None:
        if self._connection is not None:
            try:
                self._connection.invalidate()
                self._connection.close()
            except Exception:  # noqa: BLE001
                pass
            self._connection = None
