"""Single-statement writes that lean on unique keys instead of a read before the write."""
from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Insert, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.store.models import Base


@cache
def _insert_ignoring_conflicts(dialect: str, model: type[Base]) -> Insert:
    """Built once per table: statement construction costs more than SQLite takes to run it."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(model.__table__).on_conflict_do_nothing()  # type: ignore[arg-type]


def insert_new(session: Session, model: type[Base], values: dict[str, Any]) -> bool:
    """Insert a row unless a unique key already holds it; True when it was inserted.
    `ON CONFLICT DO NOTHING` on SQLite and PostgreSQL, so a retry costs no savepoint and no error."""
    connection = session.connection()
    statement = _insert_ignoring_conflicts(connection.dialect.name, model)
    return bool(connection.execute(statement, values).rowcount)


@cache
def _plain_insert(model: type[Base]) -> Insert:
    return insert(model.__table__)  # type: ignore[arg-type]


def insert_row(session: Session, model: type[Base], values: dict[str, Any]) -> int:
    """Insert one row on the hot path without the ORM's unit of work; returns its primary key."""
    result = session.connection().execute(_plain_insert(model), values)
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def upsert(session: Session, model: type[Base], keys: tuple[str, ...], values: dict[str, Any]) -> None:
    """Insert a row, or update the non-key columns of the row its unique `keys` already name."""
    dialect = session.get_bind().dialect.name
    insert_ = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert_(model.__table__).values(**values)  # type: ignore[arg-type]
    changes = {k: statement.excluded[k] for k in values if k not in keys}
    session.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=changes))
