"""Group commit for chat events: events that arrive together share one engine transaction, and each
caller resumes only once its event is committed, so an adapter answers the platform after nothing can be
lost (a failure reaches the caller, whose error status makes the platform deliver again)."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from bot import metrics
from bot.core.actions import Action
from bot.core.events import Event
from bot.services.engine import Engine, Incoming

log = logging.getLogger(__name__)
#: Most events applied in one transaction; a longer burst simply takes several. Large enough that a burst of
#: new requests is opened with few multi-row inserts (about 0.2 ms a ticket), small enough to commit in ~0.2 s.
MAX_BATCH = 1000

Waiting = tuple[Incoming, "asyncio.Future[list[Action] | None]"]


class Intake:
    """Queues events for one worker task that applies whatever has gathered while the last batch ran:
    no added delay when traffic is light, one commit per burst when it is heavy."""

    def __init__(self, engine: Engine, committed: Callable[[], None], max_batch: int = MAX_BATCH) -> None:
        self.engine = engine
        self.committed = committed
        self.max_batch = max_batch
        self._queue: asyncio.Queue[Waiting] = asyncio.Queue()
        self._worker: asyncio.Task[Any] | None = None
        self._applying: list[Waiting] = []

    async def submit(self, event: Event, key: str | None = None) -> list[Action] | None:
        """Apply one event; returns its actions, or None when `key` was delivered before."""
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._run())
        done: asyncio.Future[list[Action] | None] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(((event, key), done))
        return await done

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self.max_batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            self._applying = batch
            try:
                results = await asyncio.to_thread(self.engine.handle_batch, [incoming for incoming, _ in batch])
            except Exception as error:  # the database is away, say: every waiting caller hears it
                log.error("could not apply %d events: %s", len(batch), type(error).__name__)
                for _, done in batch:
                    if not done.done():
                        done.set_exception(error)
                continue
            for ((event, _), done), result in zip(batch, results, strict=True):
                if result is not None:
                    metrics.EVENTS.labels(type(event).__name__).inc()
                if not done.done():
                    done.set_result(result)
            self.committed()

    async def close(self) -> None:
        """Stop the worker; callers still waiting get an error (their platform will deliver again)."""
        if self._worker is not None:
            self._worker.cancel()
            await asyncio.gather(self._worker, return_exceptions=True)
        waiting = list(self._applying)
        while not self._queue.empty():
            waiting.append(self._queue.get_nowait())
        for _, done in waiting:
            if not done.done():
                done.set_exception(ConnectionAbortedError("shutting down"))
