"""`coachbot teams-package`: the zip an admin uploads to Teams, from the manifest template and the icons."""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import bot
from bot.settings import ConfigError

_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-zA-Z0-9-]{1,63}\.)+[a-zA-Z]{2,63}$")
FILES = ("manifest.json", "color.png", "outline.png")


def sources() -> Path:
    """The bundled manifest template and icons: inside the installed package, or in deploy/ in a checkout."""
    packaged = Path(bot.__file__).parent / "_teams"
    return packaged if packaged.is_dir() else Path(bot.__file__).resolve().parents[1] / "deploy" / "teams"


def build(app_id: str, domain: str, out: Path, version: str = "1.0.0") -> Path:
    """Write the upload zip: the manifest with the Azure Bot's app id and the bot's public host name."""
    if not _GUID.match(app_id or ""):
        raise ConfigError("the Teams package needs the Azure Bot's app id (MicrosoftAppId, a GUID)")
    if not _DOMAIN.match(domain or ""):
        raise ConfigError(f"--domain must be the bot's public host name (like bot.example.com), not {domain!r}")
    folder = sources()
    text = (folder / "manifest.json").read_text().replace("${APP_ID}", app_id).replace("${BOT_DOMAIN}", domain)
    manifest = json.loads(text)
    manifest["version"] = version
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
        for name in FILES[1:]:
            archive.write(folder / name, name)
    return out
