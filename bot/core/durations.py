"""Durations written the way people configure them: `90s`, `5m`, `1h30m`, `7d`."""
from __future__ import annotations

import re
from datetime import timedelta

_PART = re.compile(r"(\d+)\s*([smhd])")
_WHOLE = re.compile(r"^\s*(?:\d+\s*[smhd]\s*)+$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> timedelta:
    """Parse `1h30m`-style text; raises ValueError naming the bad text."""
    if not isinstance(text, str) or not _WHOLE.match(text.lower()):
        raise ValueError(f"not a duration: {text!r} (use combinations of s, m, h, d such as '1h30m')")
    seconds = sum(int(n) * _UNIT_SECONDS[u] for n, u in _PART.findall(text.lower()))
    return timedelta(seconds=seconds)


def format_duration(delta: timedelta) -> str:
    """The inverse of parse_duration, for messages and `config show`: `1h30m`, `0m`."""
    seconds = int(delta.total_seconds())
    if seconds <= 0:
        return "0m"
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts)
