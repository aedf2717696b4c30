"""The FastAPI app: built by ``create_app``; the lifespan builds the graph once.

Run it with ``switchboard serve`` (uvicorn with this factory). Importing this module
opens nothing.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline

from adapters.checkpoints import open_async_checkpointer
from adapters.run_events import open_run_events
from adapters.run_queue import open_run_queue
from adapters.services import build_services
from adapters.startup_heap import freeze_startup_heap
from graphs.supervisor import compile_supervisor
from nodes.routing.classifier import trained_classifier
from server.errors import install_error_handlers
from server.lead_workers import start_lead_pipeline, stop_lead_pipeline
from server.limits import BodySizeLimit
from server.mail_relay import start_relay, stop_relay
from server.openapi_roles import document_roles
from server.routers import (
    activity,
    agents,
    agui,
    approvals,
    budgets,
    crons,
    failed_runs,
    health,
    integrations,
    keys,
    langgraph_api,
    leads,
    messages,
    metrics,
    privacy,
    runs,
    session,
    tenant_settings,
    threads,
    unsubscribe,
)
from server.runtime import AppRuntime
from server.scheduler_loop import start_scheduler, stop_scheduler
from server.shutdown import stop_runs, stopped_at_shutdown
from server.usage_limits import install_usage_limits
from server.web_app import install_web, web_lifetime
from switchboard import __version__
from switchboard.recovery_sweep import sweep_forever
from switchboard.settings import Settings, get_settings


def create_app(settings: Settings | None = None) -> FastAPI:
    """The Switchboard service for ``settings`` (default: the environment's)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = await asyncio.to_thread(build_services, settings)
        await asyncio.to_thread(trained_classifier)  # train the router once, not per request
        try:
            async with open_async_checkpointer(settings) as saver, web_lifetime(node):
                graph = compile_supervisor(services, checkpointer=saver)
                pipeline = start_lead_pipeline(services)
                runtime = AppRuntime(
                    services=services,
                    graph=graph,
                    lead_bus=pipeline.bus,
                    run_queue=open_run_queue(settings),
                    run_events=open_run_events(settings),
                )
                app.state.runtime = runtime
                relay = start_relay(services)
                scheduler = start_scheduler(runtime)
                stop, stopped = threading.Event(), asyncio.Event()
                sweep = asyncio.create_task(
                    sweep_forever(
                        services,
                        graph,
                        at_start=settings.recover_on_startup,
                        interval=settings.recovery_sweep_interval_seconds,
                        stop=stop,
                        stopped=stopped,
                    ),
                    name="switchboard-recovery",
                )
                freeze_startup_heap()  # after everything startup builds, before serving
                with stopped_at_shutdown(runtime):
                    yield
                stop.set()
                stopped.set()
                await asyncio.gather(sweep, return_exceptions=True)
                await stop_scheduler(scheduler)
                await stop_relay(relay)
                await stop_lead_pipeline(pipeline)
                # Under `switchboard serve` done already as the server's shutdown began.
                await stop_runs(runtime)
                if runtime.run_queue is not None:
                    await runtime.run_queue.aclose()
                await runtime.run_events.aclose()  # after the runs closed their logs
        finally:
            services.engine.dispose()

    # Swagger UI and ReDoc from the installed fastapi-offline package, not a CDN: the docs
    # open on a machine with no internet, and the page loads no third-party script.
    app = FastAPIOffline(
        title="Switchboard",
        version=__version__,
        description="Multi-agent operations: AG-UI endpoint for CopilotKit and the agent "
        "console's REST API. Every route except /health acts for the tenant of the "
        "Bearer API key, within the key's role (viewer < operator < approver < admin; "
        "each operation names its role as x-required-role).",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
        )
    app.include_router(health.router)
    app.include_router(agui.router)
    app.include_router(agents.router)
    app.include_router(threads.router)
    app.include_router(runs.router)
    app.include_router(approvals.router)
    app.include_router(failed_runs.router)
    app.include_router(leads.router)
    app.include_router(activity.router)
    app.include_router(messages.router)
    app.include_router(metrics.router)
    app.include_router(integrations.router)
    app.include_router(keys.router)
    app.include_router(tenant_settings.router)
    app.include_router(unsubscribe.router)
    app.include_router(privacy.router)
    app.include_router(budgets.router)
    app.include_router(crons.router)
    app.include_router(session.router)
    node = install_web(app, settings)  # the browser app and its runtime, when built
    app.include_router(langgraph_api.router)
    install_usage_limits(app, settings)  # rate limits, 429 for spent budgets (after routers)
    document_roles(app)
    return app
