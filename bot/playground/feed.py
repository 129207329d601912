"""What the playground shows: the support channel as people wrote it, the team channel as the bot posted
to it, and each person's private messages. Kept in memory; the engine's own state is in the database."""
from __future__ import annotations

import itertools
import threading
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class Post:
    id: str
    at: datetime
    author: str
    text: str
    thread: str | None = None
    kind: str = "message"  # message, nudge, reminder, tip, notice, reply
    reactions: list[str] = field(default_factory=list)
    ticket: int | None = None
    buttons: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["at"] = self.at.isoformat()
        return data


class Feed:
    """Thread-safe lists of posts: `support`, `team`, and `private:<person>`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._posts: dict[str, list[Post]] = {}

    def next_ts(self, at: datetime) -> str:
        return f"{at.timestamp():.0f}.{next(self._ids):06d}"

    def add(self, where: str, post: Post) -> Post:
        with self._lock:
            self._posts.setdefault(where, []).append(post)
        return post

    def find(self, where: str, post_id: str) -> Post | None:
        with self._lock:
            return next((p for p in self._posts.get(where, []) if p.id == post_id), None)

    def update(self, where: str, post_id: str, text: str) -> None:
        with self._lock:
            for post in self._posts.get(where, []):
                if post.id == post_id:
                    post.text, post.buttons = text, []

    def view(self, where: str) -> list[dict[str, Any]]:
        with self._lock:
            return [p.to_json() for p in self._posts.get(where, [])]
