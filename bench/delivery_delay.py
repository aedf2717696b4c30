"""Delivery delay and lead pipeline throughput, each against its own baseline, in one run.

1. Approval → SMTP delivery. Outreach emails are proposed by the supervisor graph
   (offline model), approved through the real approval path
   (``switchboard.approval_flow.answer_thread``: lock, decision row, resume, outbox),
   and mailed by the server's relay loop (``server.mail_relay``) to a local aiosmtpd
   server. The delay runs from the approval call to the SMTP server's DATA. The
   baseline is the relay's own polling interval: a delay near ``interval / 2`` (p50)
   and under ``interval`` plus the resume (p99) means the relay adds nothing but its wait.
2. Lead events through ``lead.sourced → enriched → verified → scored`` with the same
   worker on Redis Streams and on the in-process bus: a burst of leads (throughput) and
   leads one at a time (end-to-end latency). The in-process bus is the baseline.

Run: ``python -m bench.delivery_delay [--emails 20] [--interval 1.0] [--leads 200]``.
Redis is ``--redis-url`` (default the test Redis); without it the Redis rows are skipped.
"""

from __future__ import annotations

import argparse
import asyncio
import threading
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiosmtpd.controller import Controller
from langchain_core.messages import HumanMessage
from langgraph.checkpoint.memory import InMemorySaver
from sqlalchemy import select

from adapters.lead_bus import LeadBus
from adapters.lead_bus.in_process import InProcessBus
from adapters.lead_bus.redis_streams import RedisStreamsBus
from adapters.services import Services, build_services
from adapters.thread_locks import thread_lock
from bench.demo_db import DemoCopies, demo_copies
from bench.report import ratio
from domain.approvals import Decision
from domain.demo import anchors
from domain.leads.events import LeadEvent, Stage
from domain.leads.sourcing import source_lead
from domain.models import Company, Contact
from graphs.context import Context
from graphs.supervisor import compile_supervisor
from server.mail_relay import start_relay, stop_relay
from switchboard.approval_flow import answer_thread
from switchboard.lead_pipeline import PipelineWorker, publish_event_for
from switchboard.runs import recorded_execute
from switchboard.settings import Settings

TENANT = anchors.TENANT_ID


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0–1) by nearest rank; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


# --- 1. approval to SMTP delivery -------------------------------------------------------


@dataclass
class Arrivals:
    """aiosmtpd handler: when each recipient's message arrived (perf_counter)."""

    at: dict[str, float] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        now = time.perf_counter()
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.at.setdefault(rcpt.lower(), now)
        return "250 OK"

    def arrived(self, address: str) -> float | None:
        with self.lock:
            return self.at.get(address.lower())


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _recipients(services: Services, count: int) -> list[tuple[str, str]]:
    """(full name, email) of contacts one may email: verified, not opted out, one per company."""
    with services.scope(TENANT) as scope:
        rows = scope.session.execute(
            select(Contact.first_name, Contact.last_name, Contact.email, Contact.company_id)
            .where(Contact.email_status == "verified", Contact.opted_out.is_(False))
            .order_by(Contact.id)
        ).all()
    seen: set[int] = set()
    names: set[str] = set()
    out = []
    for first, last, email, company in rows:
        name = f"{first} {last}"
        if company in seen or name in names:
            continue
        seen.add(company)
        names.add(name)
        out.append((name, email))
    return out[:count]


def _approve_one(
    services: Services, graph: Any, name: str, email: str
) -> tuple[float, float, str] | None:
    """Propose an email to ``name`` and approve it: perf_counter when the approval was
    given and when the resume (decision, graph, outbox row) returned; the address."""
    context = Context(tenant_id=TENANT, actor="bench")
    thread_id = uuid.uuid4().hex
    text = f"Email {name} about sponsoring the AI Summit"
    with thread_lock(services.engine, thread_id):
        proposed = recorded_execute(
            services,
            graph,
            {"messages": [HumanMessage(text)]},
            thread_id=thread_id,
            context=context,
            kind="run",
            run_input={"text": text},
        )
    if proposed.status != "interrupted":
        return None
    approved_at = time.perf_counter()
    answer_thread(
        services, graph, context=context, thread_id=thread_id, decision=Decision(type="approve")
    )
    return approved_at, time.perf_counter(), email


@dataclass
class DeliveryResult:
    interval: float
    delays: list[float]
    """Approval given → SMTP DATA."""
    waits: list[float]
    """Resume returned (outbox row queued) → SMTP DATA: the relay's own share."""
    skipped: int


async def delivery_delays(copies: DemoCopies, *, emails: int, interval: float) -> DeliveryResult:
    """Approve ``emails`` outreach emails one after another; each one's approval→DATA delay."""
    arrivals = Arrivals()
    port = _free_port()
    controller = Controller(arrivals, hostname="127.0.0.1", port=port)
    controller.start()
    settings = copies.settings("delivery").model_copy(
        update={
            "smtp_url": f"smtp://127.0.0.1:{port}",
            "smtp_from": "Switchboard <events@northwind.example>",
            "relay_interval_seconds": interval,
            "relay_retry_seconds": 0.0,
            "budgets_enabled": False,
        }
    )
    services = build_services(settings)
    graph = compile_supervisor(services, checkpointer=InMemorySaver())
    relay = start_relay(services)
    delays: list[float] = []
    waits: list[float] = []
    skipped = 0
    try:
        for name, email in _recipients(services, emails):
            approved = await asyncio.to_thread(_approve_one, services, graph, name, email)
            if approved is None:
                skipped += 1
                continue
            at, queued, address = approved
            deadline = time.monotonic() + interval * 4 + 30
            while (arrived := arrivals.arrived(address)) is None:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the email to {address} never arrived")
                await asyncio.sleep(0.005)
            delays.append(arrived - at)
            waits.append(arrived - queued)
            # a random phase against the relay's clock, as real approvals have
            await asyncio.sleep((hash(address) % 1000) / 1000 * interval)
    finally:
        await stop_relay(relay)
        controller.stop()
        services.engine.dispose()
    return DeliveryResult(interval, delays, waits, skipped)


# --- 2. lead pipeline: Redis Streams vs in-process ------------------------------------


@dataclass
class LeadResult:
    bus: str
    burst_leads: int
    burst_seconds: float
    single_latencies: list[float]

    @property
    def throughput(self) -> float:
        return self.burst_leads / self.burst_seconds if self.burst_seconds else 0.0


def _make_leads(services: Services, count: int) -> list[int]:
    """``count`` new contacts at demo companies, each recorded sourced (committed)."""
    with services.scope(TENANT) as scope:
        companies = scope.session.scalars(select(Company.id).order_by(Company.id)).all()
        domains = dict(scope.session.execute(select(Company.id, Company.domain)).all())
    out = []
    for i in range(count):
        company = companies[i % len(companies)]
        tag = uuid.uuid4().hex[:8]
        with services.scope(TENANT) as scope:
            contact_id, _ = source_lead(
                scope,
                company_id=company,
                email=f"bench.{tag}@{domains[company]}",
                first_name="Bench",
                last_name=f"Lead{tag}",
                title="Director of Partnerships",
            )
        out.append(contact_id)
    return out


async def _through_pipeline(
    services: Services, bus: LeadBus, leads: list[int], *, one_at_a_time: bool
) -> tuple[float, list[float]]:
    """Publish ``lead.sourced`` for each lead; seconds until all are scored, and each latency."""
    scored: dict[int, float] = {}
    done = asyncio.Event()

    def observe(stage: Stage, event: LeadEvent, result: str) -> None:
        if stage == "scored":
            scored[event.contact_id] = time.time() - event.origin
            if len(scored) >= len(leads):
                done.set()

    worker = PipelineWorker(services, bus, block=0.05, sweep=False, observer=observe)
    task = asyncio.create_task(worker.run())
    started = time.perf_counter()
    try:
        if one_at_a_time:
            for lead in leads:
                await bus.publish(publish_event_for(TENANT, lead))
                while lead not in scored:
                    await asyncio.sleep(0.001)
        else:
            for lead in leads:
                await bus.publish(publish_event_for(TENANT, lead))
        await asyncio.wait_for(done.wait(), timeout=600)
        elapsed = time.perf_counter() - started
    finally:
        worker.stop.set()
        await asyncio.wait_for(task, timeout=30)
    return elapsed, [scored[lead] for lead in leads]


async def lead_pipeline(
    copies: DemoCopies,
    name: str,
    open_bus: Callable[[], Awaitable[LeadBus]],
    leads: int,
    singles: int,
) -> LeadResult:
    """Burst and one-at-a-time runs on a fresh demo copy with the bus ``open_bus`` gives."""
    settings = copies.settings(f"leads-{name}")
    services = build_services(settings)
    bus = await open_bus()
    try:
        warm = await asyncio.to_thread(_make_leads, services, 5)
        await _through_pipeline(services, bus, warm, one_at_a_time=False)  # not measured
        burst = await asyncio.to_thread(_make_leads, services, leads)
        seconds, _ = await _through_pipeline(services, bus, burst, one_at_a_time=False)
        single = await asyncio.to_thread(_make_leads, services, singles)
        _, latencies = await _through_pipeline(services, bus, single, one_at_a_time=True)
    finally:
        if isinstance(bus, RedisStreamsBus):
            await bus.delete_streams()
        await bus.aclose()
        services.engine.dispose()
    return LeadResult(name, leads, seconds, latencies)


def _redis_reachable(url: str) -> bool:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return False
    return True


# --- report ---------------------------------------------------------------------------


def report(delivery: DeliveryResult, leads: list[LeadResult]) -> list[str]:
    """The printed lines (``RESULT`` lines are stable for tools to read)."""
    d, w, i = delivery.delays, delivery.waits, delivery.interval
    p50, p99 = percentile(d, 0.5), percentile(d, 0.99)
    w50, w99 = percentile(w, 0.5), percentile(w, 0.99)
    lines = [
        "Approval → SMTP delivery (real approval path, relay loop, local aiosmtpd)",
        f"  emails {len(d)} (skipped {delivery.skipped}), relay interval {i:.3f} s",
        f"  {'':24}{'p50 ms':>9}{'p99 ms':>9}{'p50/int':>9}{'p99/int':>9}",
        f"  {'approval → delivered':<24}{p50 * 1000:>9.1f}{p99 * 1000:>9.1f}"
        f"{ratio(p50, i):>9.2f}{ratio(p99, i):>9.2f}",
        f"  {'queued → delivered':<24}{w50 * 1000:>9.1f}{w99 * 1000:>9.1f}"
        f"{ratio(w50, i):>9.2f}{ratio(w99, i):>9.2f}",
        "  (a relay polling every interval waits 0.50 of it on average, at most 1.00)",
        f"RESULT delivery_p50 delay={p50:.3f} interval={i:.3f} ratio={ratio(p50, i):.3f}",
        f"RESULT delivery_p99 delay={p99:.3f} interval={i:.3f} ratio={ratio(p99, i):.3f}",
        f"RESULT relay_wait_p50 delay={w50:.3f} interval={i:.3f} ratio={ratio(w50, i):.3f}",
        "",
        "Lead events lead.sourced → enriched → verified → scored (same worker, SQLite demo)",
        f"  {'bus':<12}{'burst leads':>12}{'leads/s':>10}{'one p50 ms':>12}{'one p99 ms':>12}",
    ]
    for r in leads:
        lat = r.single_latencies
        lines.append(
            f"  {r.bus:<12}{r.burst_leads:>12}{r.throughput:>10.1f}"
            f"{percentile(lat, 0.5) * 1000:>12.1f}{percentile(lat, 0.99) * 1000:>12.1f}"
        )
    base = next((r for r in leads if r.bus == "in-process"), None)
    redis_row = next((r for r in leads if r.bus == "redis"), None)
    if base and redis_row:
        tp = ratio(redis_row.throughput, base.throughput)
        p50r = ratio(
            percentile(redis_row.single_latencies, 0.5), percentile(base.single_latencies, 0.5)
        )
        lines += [
            f"  redis / in-process: throughput {tp:.2f}x, single-lead p50 latency {p50r:.2f}x",
            f"RESULT lead_throughput redis={redis_row.throughput:.3f} "
            f"in_process={base.throughput:.3f} ratio={tp:.3f}",
            f"RESULT lead_latency_p50 redis={percentile(redis_row.single_latencies, 0.5):.4f} "
            f"in_process={percentile(base.single_latencies, 0.5):.4f} ratio={p50r:.3f}",
        ]
    else:
        lines.append("  (no Redis reachable: the Redis row and the ratios are skipped)")
    return lines


async def main_async(args: argparse.Namespace) -> list[str]:
    with demo_copies() as copies:
        delivery = await delivery_delays(copies, emails=args.emails, interval=args.interval)

        async def in_process() -> LeadBus:
            return InProcessBus()

        async def on_redis() -> LeadBus:
            return RedisStreamsBus(args.redis_url, prefix=f"bench-{uuid.uuid4().hex[:8]}:")

        results = [await lead_pipeline(copies, "in-process", in_process, args.leads, args.singles)]
        if _redis_reachable(args.redis_url):
            results.append(await lead_pipeline(copies, "redis", on_redis, args.leads, args.singles))
    return report(delivery, results)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emails", type=int, default=20, help="Approved emails to time.")
    parser.add_argument("--interval", type=float, default=1.0, help="Relay polling seconds.")
    parser.add_argument("--leads", type=int, default=200, help="Leads in the burst.")
    parser.add_argument("--singles", type=int, default=30, help="Leads sent one at a time.")
    parser.add_argument("--redis-url", default=Settings().test_redis_url)
    args = parser.parse_args(argv)
    for line in asyncio.run(main_async(args)):
        print(line)


if __name__ == "__main__":
    main()
