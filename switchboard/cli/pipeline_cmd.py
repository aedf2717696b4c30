"""``switchboard leads ...`` and ``switchboard pipeline ...``: seed 002's lead pipeline.

With ``SWITCHBOARD_REDIS_URL`` set, ``leads source`` and ``pipeline retry`` publish to
Redis and return; ``pipeline run`` workers (any number, any machine) do the stages.
Without Redis they run the stages here, in-process, before returning.
"""

from __future__ import annotations

import asyncio
import json
import signal
from typing import Annotated, Any

import typer

from domain.errors import DomainError
from switchboard.cli.context import fail
from switchboard.settings import Settings, get_settings

leads_app = typer.Typer(help="Leads: source them into the pipeline, see their steps.")
pipeline_app = typer.Typer(
    help="The lead pipeline: run its workers, list its error queue, retry a step.",
    no_args_is_help=True,
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of lines.")]


def _services(settings: Settings) -> Any:
    from adapters.services import build_services

    try:
        return build_services(settings)
    except Exception as exc:  # an unreachable database: one line, not a traceback
        fail(f"cannot open the database: {exc}")


def _steps(services: Any, tenant: str, contact_id: int) -> list[dict[str, Any]]:
    from domain.leads.steps import lead_steps

    with services.scope(tenant) as scope:
        return [
            {
                "step_id": r.id,
                "stage": r.stage,
                "status": r.status,
                "advance": r.advance,
                "attempts": r.attempts,
                "error": r.error,
                "result": r.result,
            }
            for r in lead_steps(scope, contact_id)
        ]


async def _publish_and_maybe_drain(services: Any, event: Any) -> bool:
    """Publish; in embedded mode also run the stages here until they are drained."""
    from adapters.lead_bus import open_lead_bus
    from switchboard.lead_pipeline import run_until_idle

    bus = open_lead_bus(services.settings)
    try:
        await bus.publish(event)
        if bus.kind == "redis":
            return False
        return await run_until_idle(services, bus)
    finally:
        await bus.aclose()


def _print_steps(steps: list[dict[str, Any]], as_json: bool, extra: dict[str, Any]) -> None:
    if as_json:
        typer.echo(json.dumps({**extra, "steps": steps}, default=str))
        return
    for key, value in extra.items():
        typer.echo(f"{key}: {value}")
    for step in steps:
        line = f"  {step['stage']:<9} {step['status']:<7} attempts={step['attempts']}"
        if step["error"]:
            line += f"  error: {step['error']}"
        elif step["stage"] == "verified" and not step["advance"]:
            line += "  stopped: " + "; ".join(step["result"].get("reasons", []))
        elif step["stage"] == "scored":
            line += f"  score={step['result'].get('score')} tier={step['result'].get('tier')}"
        typer.echo(line)


@leads_app.command("source")
def source(
    company_id: Annotated[int | None, typer.Option(help="The lead's company.")] = None,
    email: Annotated[str | None, typer.Option(help="The lead's email address.")] = None,
    first_name: Annotated[str, typer.Option(help="First name.")] = "",
    last_name: Annotated[str, typer.Option(help="Last name.")] = "",
    title: Annotated[str, typer.Option(help="Job title (seniority is derived from it).")] = "",
    contact_id: Annotated[
        int | None, typer.Option(help="Or: put this existing contact into the pipeline.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Source a lead (a new contact, or an existing one) and publish lead.sourced."""
    from domain.leads.sourcing import source_contact, source_lead
    from switchboard.lead_pipeline import publish_event_for

    settings = get_settings()
    services = _services(settings)
    try:
        try:
            with services.scope(settings.tenant, actor="cli") as scope:
                if contact_id is not None:
                    lead, created = source_contact(scope, contact_id, consumer="cli"), False
                elif company_id is not None and email:
                    lead, created = source_lead(
                        scope,
                        company_id=company_id,
                        email=email,
                        first_name=first_name,
                        last_name=last_name,
                        title=title,
                        consumer="cli",
                    )
                else:
                    fail("give --contact-id, or --company-id and --email (with names)", code=2)
        except DomainError as exc:
            fail(f"cannot source the lead: {exc}", code=2)
        drained = asyncio.run(
            _publish_and_maybe_drain(services, publish_event_for(settings.tenant, lead))
        )
        extra = {"contact_id": lead, "created": created, "published": "lead.sourced"}
        if not drained:
            extra["note"] = "queued on Redis: `switchboard pipeline run` workers do the stages"
        _print_steps(_steps(services, settings.tenant, lead), as_json, extra)
    finally:
        services.engine.dispose()


@leads_app.command("show")
def show(
    contact_id: Annotated[int, typer.Argument(help="The lead (contact id).")],
    as_json: JsonOpt = False,
) -> None:
    """A lead's pipeline steps: status, attempts, result or error."""
    settings = get_settings()
    services = _services(settings)
    try:
        _print_steps(
            _steps(services, settings.tenant, contact_id), as_json, {"contact_id": contact_id}
        )
    finally:
        services.engine.dispose()


@pipeline_app.command("run")
def run(
    consumer: Annotated[
        str | None, typer.Option(help="This worker's consumer name (default host-pid-random).")
    ] = None,
) -> None:
    """Run the enrichment, verification and scoring consumer groups until interrupted."""
    from adapters.lead_bus import open_lead_bus
    from switchboard.lead_pipeline import PipelineWorker

    settings = get_settings()
    services = _services(settings)

    async def main() -> None:
        bus = open_lead_bus(settings)
        worker = PipelineWorker(services, bus, consumer=consumer)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, worker.stop.set)
        typer.echo(f"lead pipeline worker {worker.consumer} on {bus.kind} bus", err=True)
        if bus.kind == "in-process":
            typer.echo(
                "no SWITCHBOARD_REDIS_URL: this worker sees only what its sweep re-publishes "
                f"(every {settings.lead_sweep_seconds:g} s); the server and `leads source` "
                "run the embedded pipeline themselves",
                err=True,
            )
        try:
            await worker.run()
        finally:
            await bus.aclose()

    try:
        asyncio.run(main())
    finally:
        services.engine.dispose()


@pipeline_app.command("errors")
def errors(
    limit: Annotated[int, typer.Option(min=1, max=500, help="How many.")] = 50,
    as_json: JsonOpt = False,
) -> None:
    """List the error queue: lead steps that failed every attempt."""
    from domain.leads.steps import failed_steps

    settings = get_settings()
    services = _services(settings)
    try:
        with services.scope(settings.tenant) as scope:
            rows = [
                {
                    "step_id": r.id,
                    "contact_id": r.contact_id,
                    "stage": r.stage,
                    "attempts": r.attempts,
                    "error": r.error,
                    "failed_at": r.updated_at.isoformat(),
                }
                for r in failed_steps(scope, limit=limit)
            ]
    finally:
        services.engine.dispose()
    if as_json:
        typer.echo(json.dumps(rows))
        return
    if not rows:
        typer.echo("the error queue is empty")
    for row in rows:
        typer.echo(
            f"step {row['step_id']}: lead {row['contact_id']} {row['stage']} "
            f"after {row['attempts']} attempts: {row['error']}"
        )


@pipeline_app.command("retry")
def retry(
    step_id: Annotated[int, typer.Argument(help="The failed step (see `pipeline errors`).")],
    as_json: JsonOpt = False,
) -> None:
    """Run a failed lead step again (and the stages after it)."""
    from switchboard.lead_pipeline import retry_event

    settings = get_settings()
    services = _services(settings)
    try:
        try:
            event = retry_event(services, settings.tenant, step_id)
        except DomainError as exc:
            fail(f"cannot retry: {exc}", code=2)
        drained = asyncio.run(_publish_and_maybe_drain(services, event))
        extra: dict[str, Any] = {"retried": step_id, "published": event.name}
        if not drained:
            extra["note"] = "queued on Redis: `switchboard pipeline run` workers do the stages"
        _print_steps(_steps(services, settings.tenant, event.contact_id), as_json, extra)
    finally:
        services.engine.dispose()
