"""Composition root: the one place that builds concrete pieces and wires them together."""
from __future__ import annotations

from bot.core.catalogue import Catalogue
from bot.core.clock import Clock, SystemClock
from bot.services.context import Context
from bot.services.engine import Engine
from bot.settings.model import Config
from bot.store.database import migrate_on_start, open_database
from bot.templates import Renderer, catalogue_path


def build_engine(config: Config, database_url: str | None = None, clock: Clock | None = None) -> Engine:
    """An engine on the given configuration, database (migrated on open) and clock."""
    override = config.workspace.prompts_dir
    context = Context(
        config=config,
        catalogue=Catalogue.load(catalogue_path(override)),
        renderer=Renderer(override),
        clock=clock or SystemClock(),
        database=open_database(database_url, migrate=migrate_on_start()),
    )
    return Engine(context)
