"""The one settings class. Nothing else in Switchboard reads ``os.environ``.

Every setting can be given as an environment variable with the ``SWITCHBOARD_``
prefix (``SWITCHBOARD_DATABASE_URL``) or in a ``.env`` file in the working folder.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATA_DIR = Path("var")


class Settings(BaseSettings):
    """Runtime configuration, embedded defaults first."""

    model_config = SettingsConfigDict(
        env_prefix="SWITCHBOARD_", env_file=".env", extra="ignore", frozen=True
    )

    data_dir: Path = Field(
        default=DEFAULT_DATA_DIR, description="Folder for the embedded SQLite files."
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the business database; SQLite in data_dir when unset. "
        "A postgresql:// URL uses psycopg 3.",
    )
    tenant: str = Field(default="demo", description="Tenant the CLI acts for.")
    today: date | None = Field(
        default=None,
        description="Pins the business clock (YYYY-MM-DD). Unset: the tenant's demo "
        "snapshot date, else the real date.",
    )
    model: str = Field(
        default="offline",
        description="Chat model: 'offline' or any init_chat_model string such as "
        "'openai:gpt-4o-mini'.",
    )
    test_postgres_url: str = Field(
        default="postgresql://postgres@127.0.0.1:5432/postgres",
        description="Postgres server the integration tests use; they create and drop "
        "their own scratch databases on it.",
    )
    test_redis_url: str = Field(
        default="redis://127.0.0.1:6379/15", description="Redis server the integration tests use."
    )
    test_require_services: bool = Field(
        default=False,
        description="Fail, instead of skip, tests whose Postgres or Redis is unreachable "
        "(set by .ci/run).",
    )

    def resolved_database_url(self) -> str:
        """The business database URL, with the embedded SQLite default filled in."""
        if self.database_url:
            return normalise_database_url(self.database_url)
        return f"sqlite:///{(self.data_dir / 'switchboard.db').as_posix()}"


def normalise_database_url(url: str) -> str:
    """Point bare ``postgresql://`` URLs at the psycopg 3 driver SQLAlchemy ships."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
