"""Use cases: handle a chat event, sweep due timers, send daily tips, run a command."""
