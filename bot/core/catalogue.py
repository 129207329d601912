"""The coaching catalogue: principles and tips, loaded from `prompts/catalogue.toml` as data."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Tip:
    """One tip; its id (`principle-n`) is stable so tip history survives catalogue edits that append."""

    id: str
    principle: str
    text: str


@dataclass(frozen=True)
class Principle:
    id: str
    name: str
    source: str
    summary: str
    why: str
    do: str
    suggestion: str
    tips: tuple[Tip, ...]


class CatalogueError(ValueError):
    """The catalogue file is missing fields or breaks its own rules."""


_FIELDS = ("id", "name", "source", "summary", "why", "do", "suggestion", "tips")


@dataclass(frozen=True)
class Catalogue:
    principles: tuple[Principle, ...]

    @classmethod
    def load(cls, path: Path) -> Catalogue:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise CatalogueError(f"{path}: {exc}") from None
        principles = []
        seen: set[str] = set()
        for index, entry in enumerate(data.get("principles", [])):
            missing = [f for f in _FIELDS if not entry.get(f)]
            if missing:
                raise CatalogueError(f"{path}: principle {index} lacks {', '.join(missing)}")
            if entry["id"] in seen:
                raise CatalogueError(f"{path}: principle id {entry['id']} appears twice")
            seen.add(entry["id"])
            tips = tuple(Tip(f"{entry['id']}-{n}", entry["id"], text) for n, text in enumerate(entry["tips"], 1))
            principles.append(Principle(**{k: entry[k] for k in _FIELDS if k != "tips"}, tips=tips))
        return cls(tuple(principles))

    def get(self, principle_id: str) -> Principle | None:
        return next((p for p in self.principles if p.id == principle_id), None)

    def find(self, query: str) -> Principle | None:
        """A principle by id, or by a loose name ("create options", "ownership")."""
        wanted = query.strip().lower().replace("-", "_").replace(" ", "_")
        if exact := self.get(wanted):
            return exact
        return next((p for p in self.principles if wanted in p.id or wanted.replace("_", " ") in p.name.lower()), None)

    @property
    def tips(self) -> tuple[Tip, ...]:
        return tuple(tip for p in self.principles for tip in p.tips)

    def tip(self, tip_id: str) -> Tip | None:
        return next((t for t in self.tips if t.id == tip_id), None)
