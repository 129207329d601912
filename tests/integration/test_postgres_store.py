"""The store on PostgreSQL: migrations, and two engine instances sharing one database without duplicates."""
from __future__ import annotations

import os
import uuid
from datetime import datetime

import pytest
from sqlalchemy import create_engine, text

from bot.bootstrap import build_engine
from bot.core.clock import SimulatedClock
from bot.core.events import MessagePosted
from bot.settings import parse_config
from tests.unit.engine_harness import CONFIG

URL = os.environ.get("COACHBOT_TEST_DATABASE_URL")
pytestmark = [pytest.mark.postgres, pytest.mark.skipif(not URL, reason="COACHBOT_TEST_DATABASE_URL not set")]


@pytest.fixture
def schema_url():
    """A fresh schema of our own, dropped afterwards (CI shares the server with other runs)."""
    schema = f"coachbot_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in URL else "?"
    yield f"{URL}{separator}options=-csearch_path%3D{schema}"
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def _engine(url: str, clock: SimulatedClock):
    engine = build_engine(parse_config(CONFIG.format(defaults="")), url, clock)
    engine.ensure_workspace("T0TEST")
    return engine


def test_two_instances_share_tickets_and_fire_each_timer_once(schema_url):
    clock = SimulatedClock(datetime.fromisoformat("2026-03-03T10:00:00-06:00"))
    first, second = _engine(schema_url, clock), _engine(schema_url, clock)
    for n in range(6):
        engine = first if n % 2 else second
        event = MessagePosted("T0TEST", "C0SUPPORT", f"U0CUST{n}", f"{n}.1", f"Export {n} fails", clock.now())
        engine.handle(event)
        (second if n % 2 else first).handle(event)  # the platform retried to the other instance
    clock.advance_to(datetime.fromisoformat("2026-03-03T10:06:00-06:00"))
    fired = first.sweep() + second.sweep()
    assert sorted(a.ticket_number for a in fired) == [1, 2, 3, 4, 5, 6]
    with first.ctx.database.session() as session:
        assert session.execute(text("select count(*) from tickets")).scalar() == 6
        assert session.execute(text("select max(number) from tickets")).scalar() == 6
        assert session.execute(text("select version_num from alembic_version")).scalar() == "0007"
    first.ctx.database.dispose()
    second.ctx.database.dispose()
