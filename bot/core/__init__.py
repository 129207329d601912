"""The platform-free core: tickets, classifier, nudges, timers, catalogue. Standard library only."""
