"""Persistence: SQLAlchemy models, Alembic migrations, and the database handle."""
