"""The ``cms`` command: serve, seed, schema export. Wiring only; the work is elsewhere."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
import uvicorn
from pydantic import ValidationError

from cms import logs, model
from cms.app import create_app
from cms.config import Settings
from cms.demo import DemoAlreadyLoaded, DemoSummary, load_demo
from cms.domain import accounts, security
from cms.domain import media as media_domain
from cms.errors import CmsError
from cms.schema_files import write_schema_files
from cms.server.database import open_database
from cms.server.embedded import EmbeddedDatabase, EmbeddedDatabaseError
from cms.server.media_storage import open_media_files


def _settings(**overrides: Any) -> Settings:
    try:
        settings = Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as error:
        raise click.ClickException(f"invalid settings: {error}") from None
    security.configure_hashing(settings)
    return settings


@click.group()
def main() -> None:
    """Newsroom CMS: a headless CMS for news publishers. Settings come from CMS_* variables."""
    logs.configure_from_environment()


@main.command()
@click.option("--host", help="Interface to listen on (CMS_HOST, default 127.0.0.1).")
@click.option("--port", type=int, help="Port to listen on (CMS_PORT, default 8000).")
@click.option("--demo", is_flag=True, help="Load the demo newsroom if the database is empty.")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Server processes sharing the port; each is stateless over the same database.",
)
def serve(host: str | None, port: int | None, demo: bool, workers: int) -> None:
    """Run the server (and the embedded database when CMS_MONGODB_URI is not set)."""
    settings = _settings(host=host, port=port)
    base = settings.public_url
    click.echo(f"Desk           {base}/desk/  (the editors' web client)")
    click.echo(f"Delivery API   {base}/graphql")
    click.echo(f"Management API {base}/admin/graphql")
    if not settings.is_production:
        click.echo(f"GraphiQL       {base}/graphql  (open it in a browser)")
    click.echo(f"Media files    {base}/media/")
    click.echo(f"Feeds          {base}/feeds/rss  {base}/sitemap.xml  {base}/robots.txt")
    click.echo(f"Health         {base}/healthz  {base}/readyz  {base}/metrics")
    try:
        if workers == 1:
            app = create_app(settings, load_demo=demo, settle_heap=True)
            uvicorn.run(app, **uvicorn_options(settings))
        else:
            _serve_workers(settings, workers=workers, demo=demo)
    except EmbeddedDatabaseError as error:
        raise click.ClickException(str(error)) from None


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """How ``cms serve`` runs uvicorn, with one worker or several."""
    return {
        "host": settings.host,
        "port": settings.port,
        "log_level": "info",
        "log_config": None,
        "timeout_graceful_shutdown": 30,
        "timeout_keep_alive": settings.keep_alive_seconds,
        # Who the client is comes from CMS_TRUSTED_PROXIES alone
        # (cms.http.middleware.client_address):
        # uvicorn would believe X-Forwarded-For from any process on this machine.
        "proxy_headers": False,
        # Subscriptions' WebSockets, on the websockets library's current (Sans-I/O) core;
        # uvicorn's "auto" picks its deprecated legacy one.
        "ws": "websockets-sansio",
        # The loop and the HTTP parser stay "auto": uvloop and httptools (dependencies),
        # where they install; asyncio's loop and h11 elsewhere.
    }


def _serve_workers(settings: Settings, *, workers: int, demo: bool) -> None:
    """Several processes: the embedded database (if used) runs once, here, for all of them."""
    embedded = None if settings.mongodb_uri else EmbeddedDatabase(settings.db_path)
    try:
        if embedded is not None:
            os.environ["CMS_MONGODB_URI"] = embedded.start()
        if demo:
            with contextlib.suppress(DemoAlreadyLoaded):
                asyncio.run(_seed(_settings()))
        uvicorn.run(
            "cms.app:app_from_environment",
            factory=True,
            workers=workers,
            **uvicorn_options(settings),
        )
    finally:
        if embedded is not None:
            embedded.stop()


@main.command()
def seed() -> None:
    """Load the demo newsroom into an empty database; refuses to load it twice."""
    settings = _settings()
    try:
        summary = asyncio.run(_seed(settings))
    except (DemoAlreadyLoaded, EmbeddedDatabaseError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"Loaded {summary.published} published stories and {summary.drafts} drafts in "
        f"{summary.sections} sections by {summary.authors} authors. "
        f"Breaking story: {summary.breaking_slug}"
    )


async def _seed(settings: Settings) -> DemoSummary:
    async with open_media_files(settings) as files, open_database(settings) as store:
        return await load_demo(store, files, now=datetime.now(UTC))


@main.group()
def users() -> None:
    """Accounts for the management API; there is no default one."""


@users.command("create")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice(["writer", "editor", "admin"], case_sensitive=False),
    required=True,
)
@click.option("--name", help="How the user is shown to colleagues.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def users_create(email: str, role: str, name: str | None, password_stdin: bool) -> None:
    """Create a user; the password is read from stdin or prompted for, never an argument."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    settings = _settings()
    try:
        user = asyncio.run(_create_user(settings, email, model.Role(role.upper()), password, name))
    except (CmsError, EmbeddedDatabaseError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {user.role.lower()} {user.email} (id {user.id}).")


async def _create_user(
    settings: Settings, email: str, role: model.Role, password: str, name: str | None
) -> model.User:
    async with open_database(settings) as store:
        return await accounts.create_user(
            store, email=email, role=role, password=password, name=name, now=datetime.now(UTC)
        )


@main.group()
def media() -> None:
    """The media library's upkeep."""


@media.command("placeholders")
def media_placeholders() -> None:
    """Give pictures uploaded before placeholders were made theirs (safe to run again)."""
    settings = _settings()
    filled = asyncio.run(_fill_placeholders(settings))
    click.echo(f"Gave {filled} pictures a placeholder.")


async def _fill_placeholders(settings: Settings) -> int:
    async with open_media_files(settings) as files, open_database(settings) as store:
        return await media_domain.fill_placeholders(
            store, files, max_pixels=settings.max_image_pixels
        )


@main.group()
def schema() -> None:
    """The contracts under schema/: the GraphQL SDL and the MongoDB validators."""


@schema.command("costs")
def schema_costs() -> None:
    """Print what each list field of the delivery schema counts (README's cost table)."""
    from cms.api.cost import cost_table
    from cms.api.delivery import delivery_schema

    click.echo(cost_table(delivery_schema()._schema), nl=False)


@schema.command("export")
@click.option("--out", type=click.Path(path_type=Path), default=Path("schema"), show_default=True)
def schema_export(out: Path) -> None:
    """Rewrite the files under schema/ from the code."""
    for path in write_schema_files(out):
        click.echo(f"wrote {path}")


if __name__ == "__main__":  # pragma: no cover
    main()
