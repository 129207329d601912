"""delivery tracking

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 21:36:22.690094
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('seen_deliveries',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('workspace', sa.String(length=64), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('workspace', 'key', name='uq_seen_delivery')
    )
    with op.batch_alter_table('seen_deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_seen_at', ['at'], unique=False)

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('parked_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('error', sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('error')
        batch_op.drop_column('parked_at')
        batch_op.drop_column('attempts')

    with op.batch_alter_table('seen_deliveries', schema=None) as batch_op:
        batch_op.drop_index('ix_seen_at')

    op.drop_table('seen_deliveries')
