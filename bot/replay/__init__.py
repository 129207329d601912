"""Replay: run the real engine over a transcript on a simulated clock, to see what the bot would have said."""
