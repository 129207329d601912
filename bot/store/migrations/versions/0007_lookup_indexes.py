"""indexes for lookups that must not scan every open ticket or message

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 23:55:00
"""
from __future__ import annotations

from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_ticket_customer', 'tickets', ['workspace', 'channel', 'customer', 'last_top_level_at'])
    op.create_index('ix_message_thread', 'messages', ['workspace', 'channel', 'thread_ts'])
    op.create_index('ix_posted_ref', 'posted_reminders', ['workspace', 'message_ref'])


def downgrade() -> None:
    op.drop_index('ix_posted_ref', 'posted_reminders')
    op.drop_index('ix_message_thread', 'messages')
    op.drop_index('ix_ticket_customer', 'tickets')
