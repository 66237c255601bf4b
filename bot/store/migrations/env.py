"""Alembic's environment: migrations run on the connection :func:`bot.store.migrate.upgrade`
passes (it holds the start-up lock), never on one of their own."""

from alembic import context

from bot.store.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata)
with context.begin_transaction():
    context.run_migrations()
