"""Imports run one way: adapters -> services -> core. The core knows nothing of chat platforms,
databases or templates."""
from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"
PLATFORMS = ("slack_bolt", "slack_sdk", "botbuilder", "botframework")
WEB_SERVER = {"web.py", "serve.py"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_imports_only_the_standard_library_and_itself():
    for path in (BOT / "core").rglob("*.py"):
        for name in _imports(path):
            top = name.split(".")[0]
            assert top != "bot" or name.startswith(("bot.core", "bot.settings.model")), (path, name)
            assert top not in ("sqlalchemy", "jinja2", "alembic", "apscheduler", "aiohttp", *PLATFORMS), (path, name)


def test_nothing_outside_the_platform_adapters_imports_a_platform_sdk():
    for path in BOT.rglob("*.py"):
        if any(part in ("slack", "teams") for part in path.relative_to(BOT).parts):
            continue
        assert not {n for n in _imports(path) if n.split(".")[0] in PLATFORMS}, path


def test_each_platform_sdk_stays_in_its_own_adapter():
    """Every botbuilder import lives in bot/teams (so moving to the Microsoft 365 Agents SDK stays small),
    every Slack SDK import in bot/slack, and neither adapter imports the other."""
    owners = {"slack_bolt": "slack", "slack_sdk": "slack", "botbuilder": "teams", "botframework": "teams"}
    for path in BOT.rglob("*.py"):
        parts = path.relative_to(BOT).parts
        for name in _imports(path):
            owner = owners.get(name.split(".")[0])
            assert owner is None or parts[0] == owner, (path, name)
            if parts[0] in ("slack", "teams"):
                other = "teams" if parts[0] == "slack" else "slack"
                assert not name.startswith(f"bot.{other}"), (path, name)


def test_only_the_server_and_adapters_speak_http():
    for path in BOT.rglob("*.py"):
        relative = path.relative_to(BOT)
        if relative.parts[0] in ("slack", "teams", "playground") or str(relative) in WEB_SERVER:
            continue
        assert "aiohttp" not in {n.split(".")[0] for n in _imports(path)}, path


def test_services_do_not_import_replay_or_cli():
    for path in (BOT / "services").rglob("*.py"):
        assert not {n for n in _imports(path) if n.startswith(("bot.replay", "bot.cli"))}, path


def test_modules_stay_small():
    assert [p for p in BOT.rglob("*.py") if len(p.read_text().splitlines()) > 320] == []
