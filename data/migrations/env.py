"""Alembic environment: runs migrations on the engine the application hands over."""

from alembic import context

from data.models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # `alembic` run from the command line
    import os

    from data.db import make_engine

    engine = make_engine(os.environ["DASHBOARD_DATABASE_URL"])

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
        compare_type=True,
    )
    context.run_migrations()
