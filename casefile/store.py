"""Opening the case store: SQLite by default, PostgreSQL by URL, migrated on opening.

A district with one reviewer needs nothing set up: the store is a SQLite file in the case
file's home (`DOSSIER_CASE_DIR`). A district with several reviewers points
`DOSSIER_CASE_DB_URL` at a PostgreSQL database. Either way the Alembic migrations run
when the store is opened, so a newer program upgrades an older store in place; on
PostgreSQL under an advisory lock, so two processes starting together do not both migrate.

SQLite transactions begin IMMEDIATE (they take the write lock at once): a transaction that
read first and wrote later could otherwise fail half-way when another process wrote in
between, and the 文号 sequence must be read and advanced under one lock.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import sessionmaker

from kernel.settings import Settings

MIGRATIONS = Path(__file__).with_name("migrations")
_MIGRATION_LOCK = 731_013  # any constant: the advisory lock key of the case file's migrations
SQLITE_BUSY_TIMEOUT_S = 30


class StoreError(RuntimeError):
    """The store cannot be opened; the message says why, in Chinese."""


def store_url(settings: Settings) -> str:
    """The configured database: `case_db_url`, else `case_dir/cases.sqlite3`."""
    if settings.case_db_url:
        return settings.case_db_url
    return f"sqlite:///{Path(settings.case_dir).expanduser() / 'cases.sqlite3'}"


def open_engine(url: str) -> Engine:
    """An engine on `url` with the schema at the newest migration."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"案卷数据库地址无效：{_without_password(url)}（示例：postgresql+psycopg://用户@主机/库名）") from None
    if parsed.get_backend_name() == "sqlite":
        engine = _sqlite_engine(url, parsed.database)
    elif parsed.get_backend_name() == "postgresql":
        engine = create_engine(url, pool_pre_ping=True)
    else:
        raise StoreError(f"案卷数据库只支持 SQLite 和 PostgreSQL，收到：{parsed.get_backend_name()}")
    try:
        migrate(engine)
    except OperationalError as exc:
        engine.dispose()
        raise StoreError(f"无法打开案卷数据库 {_without_password(url)}：{exc.orig}") from None
    return engine


@lru_cache(maxsize=4)
def shared_engine(url: str) -> Engine:
    """One engine per URL and process (the filing hook runs once per report)."""
    return open_engine(url)


def session_factory(engine: Engine) -> sessionmaker:
    return sessionmaker(engine, expire_on_commit=False)


def migrate(engine: Engine) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # transactions are begun below, not by the driver
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _without_password(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "（无法解析）"
