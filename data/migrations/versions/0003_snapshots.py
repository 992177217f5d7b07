"""snapshots: report packs as reported, and each indicator's figure as they showed it (issue 13)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 15:20:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add snapshots and snapshot_figures (a snapshot's figures go with it)."""
    op.create_table(
        "snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("scope_kind", sa.String(length=20), nullable=True),
        sa.Column("scope_slug", sa.String(length=200), nullable=True),
        sa.Column("scope_name", sa.String(length=200), nullable=True),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("as_at", sa.Date(), nullable=False),
        sa.Column("frozen_on", sa.Date(), nullable=False),
        sa.Column("data_version", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pack_json", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.CheckConstraint("audience IN ('cabinet', 'scrutiny')", name=op.f("ck_snapshots_audience")),
        sa.CheckConstraint("scope_kind IN ('theme', 'directorate')", name=op.f("ck_snapshots_scope_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_snapshots")),
        sa.UniqueConstraint("name", name=op.f("uq_snapshots_name")),
        sa.UniqueConstraint("slug", name=op.f("uq_snapshots_slug")),
    )
    op.create_table(
        "snapshot_figures",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("actual", sa.Float(), nullable=True),
        sa.Column("target_low", sa.Float(), nullable=True),
        sa.Column("target_high", sa.Float(), nullable=True),
        sa.Column("rating", sa.String(length=20), nullable=False),
        sa.Column("due", sa.String(length=20), nullable=True),
        sa.CheckConstraint("rating IN ('Green', 'Amber', 'Red', 'No target', 'Data only', 'No data')",
                           name=op.f("ck_snapshot_figures_rating")),
        sa.ForeignKeyConstraint(["snapshot_id"], ["snapshots.id"],
                                name=op.f("fk_snapshot_figures_snapshot_id_snapshots"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("snapshot_id", "code", name=op.f("pk_snapshot_figures")),
    )
    with op.batch_alter_table("snapshot_figures") as batch:
        batch.create_index(batch.f("ix_snapshot_figures_code"), ["code"], unique=False)


def downgrade() -> None:
    """Drop snapshot_figures and snapshots: every stored snapshot goes with them."""
    with op.batch_alter_table("snapshot_figures") as batch:
        batch.drop_index(batch.f("ix_snapshot_figures_code"))
    op.drop_table("snapshot_figures")
    op.drop_table("snapshots")
