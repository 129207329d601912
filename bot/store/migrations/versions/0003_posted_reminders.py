"""posted reminders

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 21:42:25.875240
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('posted_reminders',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('workspace', sa.String(length=64), nullable=False),
    sa.Column('ticket_number', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=64), nullable=False),
    sa.Column('message_ref', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('posted_reminders', schema=None) as batch_op:
        batch_op.create_index('ix_posted_ticket', ['workspace', 'ticket_number'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('posted_reminders', schema=None) as batch_op:
        batch_op.drop_index('ix_posted_ticket')

    op.drop_table('posted_reminders')
