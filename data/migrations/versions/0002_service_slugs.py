"""services get a slug: the drill-down's URL names a service (/directorates/<slug>/<service slug>)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 10:30:00

"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _slug(name: str, taken: set[str]) -> str:
    # as data.importer makes slugs (a migration keeps its own copy: the app's code may change later)
    base = slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:180].strip("-") or "item"
    n = 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def upgrade() -> None:
    """Add services.slug, unique council-wide, filled from each service's name in the order they were made."""
    with op.batch_alter_table("services") as batch:
        batch.add_column(sa.Column("slug", sa.String(length=200), nullable=True))
    services = sa.table("services", sa.column("id", sa.Integer), sa.column("name", sa.String),
                        sa.column("slug", sa.String))
    connection = op.get_bind()
    taken: set[str] = set()
    for service_id, name in connection.execute(sa.select(services.c.id, services.c.name).order_by(services.c.id)):
        connection.execute(services.update().where(services.c.id == service_id).values(slug=_slug(name, taken)))
    with op.batch_alter_table("services") as batch:
        batch.alter_column("slug", existing_type=sa.String(length=200), nullable=False)
        batch.create_unique_constraint(op.f("uq_services_slug"), ["slug"])


def downgrade() -> None:
    """Drop services.slug."""
    with op.batch_alter_table("services") as batch:
        batch.drop_constraint(op.f("uq_services_slug"), type_="unique")
        batch.drop_column("slug")
