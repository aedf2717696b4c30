"""Alembic migrations for the business database."""
