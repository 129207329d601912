"""Where benchmark inputs live: the shared data folder beside the repository (never copied into it)."""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

SHARED = Path(os.environ.get("COACHBOT_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))
DEV_SET = SHARED / "data" / "coaching-dev.jsonl"
REAL = SHARED / "data" / "real"


def records(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)
