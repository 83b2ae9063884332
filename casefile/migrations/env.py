"""Alembic environment: migrations run on the connection the store hands in (casefile/store.py)."""

from alembic import context

from casefile.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
