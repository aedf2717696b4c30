"""The tenant's record names, read from its database for the router and kept per tenant."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from domain.db import make_engine, session_factory, tenant_transaction
from domain.demo import anchors
from domain.models import Event, Vendor
from domain.record_names import RecordKind, record_names, record_names_version
from domain.scope import Scope
from nodes.intake import name_index_for_run
from nodes.record_names_cache import RecordNamesCache
from nodes.routing.record_name_index import routing_vocabulary


def test_the_demo_tenants_records_are_named_by_kind(sqlite_scope: Scope) -> None:
    pairs = set(record_names(sqlite_scope.session, anchors.TENANT_ID))
    assert ("StreamHouse", RecordKind.VENDOR) in pairs
    assert (anchors.UNDERPERFORMING_CAMPAIGN, RecordKind.CAMPAIGN) in pairs
    assert (anchors.BIG_DEAL_COMPANY, RecordKind.COMPANY) in pairs
    assert (anchors.BIG_DEAL_COMPANY, RecordKind.DEAL_COMPANY) in pairs
    assert ("Maya Lindqvist", RecordKind.TICKET_BUYER) in pairs
    assert ("Jordan Reyes", RecordKind.CONTACT) in pairs
    assert (anchors.OVERDUE_DELIVERABLE, RecordKind.DELIVERABLE) in pairs
    assert ("Refund policy", RecordKind.KB_ARTICLE) in pairs
    assert record_names(sqlite_scope.session, "no-such-tenant") == []


def _add_vendor(sessions: Any, name: str) -> None:
    with tenant_transaction(sessions, anchors.TENANT_ID) as session:
        event = session.scalars(select(Event).where(Event.tenant_id == anchors.TENANT_ID)).first()
        assert event is not None
        session.add(
            Vendor(
                tenant_id=anchors.TENANT_ID,
                event_id=event.id,
                name=name,
                service="florist",
                contact_name="Florist desk",
                contact_email="desk@petalpost.example",
                status="pending",
                confirm_by=date(2026, 9, 20),
                contract_value=1000,
            )
        )


def test_an_index_is_kept_and_rebuilt_when_a_record_is_added(fresh_demo_url: str) -> None:
    sessions = session_factory(make_engine(fresh_demo_url))
    cache = RecordNamesCache(sessions, recheck_seconds=0.0)
    first = cache.get(anchors.TENANT_ID)
    assert first is not None
    assert cache.get(anchors.TENANT_ID) is first  # nothing changed: the same index
    assert first.departments("Any word from PetalPost?") == set()

    _add_vendor(sessions, "PetalPost")
    rebuilt = cache.get(anchors.TENANT_ID)
    assert rebuilt is not first
    assert rebuilt is not None
    assert rebuilt.departments("Any word from PetalPost?") == {"operations"}


def test_an_index_is_not_rechecked_within_the_recheck_time(fresh_demo_url: str) -> None:
    sessions = session_factory(make_engine(fresh_demo_url))
    cache = RecordNamesCache(sessions, recheck_seconds=3600.0)
    first = cache.get(anchors.TENANT_ID)
    _add_vendor(sessions, "PetalPost")
    assert cache.get(anchors.TENANT_ID) is first
    cache.forget(anchors.TENANT_ID)
    assert cache.get(anchors.TENANT_ID) is not first


def test_the_version_counts_the_tenants_records(sqlite_scope: Scope) -> None:
    version = record_names_version(sqlite_scope.session, anchors.TENANT_ID)
    assert (10, 10) in version  # the demo's ten vendors
    assert all(count == 0 for count, _ in record_names_version(sqlite_scope.session, "nobody"))


def test_unreadable_names_route_on_words(tmp_path: Path) -> None:
    """A database without the tables (or unreachable) gives no index, not an error."""
    sessions = session_factory(make_engine(f"sqlite:///{tmp_path / 'empty.db'}"))
    assert RecordNamesCache(sessions).get(anchors.TENANT_ID) is None


class _Runtime:
    def __init__(self, tenant_id: str) -> None:
        self.context = type("Context", (), {"tenant_id": tenant_id})()


def test_the_route_node_reads_the_runs_tenant(fresh_demo_url: str) -> None:
    cache = RecordNamesCache(session_factory(make_engine(fresh_demo_url)))
    names = name_index_for_run(_Runtime(anchors.TENANT_ID), cache)  # type: ignore[arg-type]
    assert names is not None
    assert names.departments("Any word from StreamHouse?") == {"operations"}
    assert name_index_for_run(_Runtime(anchors.TENANT_ID), None) is None  # type: ignore[arg-type]


def test_the_graph_routes_and_plans_with_the_tenants_names(make_services: Any) -> None:
    from tests.supervisor_helpers import Graph

    state = Graph(make_services(None), "names").ask("Any word from StreamHouse?")
    assert state["route"]["agents"] == ["operations"]
    assert [step["department"] for step in state["plan"]] == ["operations"]


def test_a_failure_is_remembered_for_the_recheck_time(tmp_path: Path, caplog: Any) -> None:
    """Missing tables are not queried again, nor warned about, on every request."""
    sessions = session_factory(make_engine(f"sqlite:///{tmp_path / 'empty.db'}"))
    opened = []

    def counting(**kwargs: Any) -> Any:
        opened.append(1)
        return sessions(**kwargs)

    cache = RecordNamesCache(counting, recheck_seconds=3600.0)  # type: ignore[arg-type]
    with caplog.at_level("WARNING", logger="nodes.record_names_cache"):
        assert cache.get(anchors.TENANT_ID) is None
        assert cache.get(anchors.TENANT_ID) is None
    assert len(opened) == 1
    assert len([r for r in caplog.records if "no tenant names" in r.getMessage()]) == 1
    cache.forget(anchors.TENANT_ID)
    assert cache.get(anchors.TENANT_ID) is None
    assert len(opened) == 2


def test_one_tenants_build_does_not_hold_up_another(fresh_demo_url: str, monkeypatch: Any) -> None:
    import threading

    import nodes.record_names_cache as cache_module

    release = threading.Event()
    entered = threading.Event()

    build = cache_module.index_of.__wrapped__  # the memo would answer without building

    def slow_for_the_demo(records: Any) -> Any:
        if any(name == "StreamHouse" for name, _ in records):
            entered.set()
            release.wait(10)
        return build(records)

    monkeypatch.setattr(cache_module, "index_of", slow_for_the_demo)
    routing_vocabulary()  # loaded once, before the race
    cache = RecordNamesCache(session_factory(make_engine(fresh_demo_url)))
    building = threading.Thread(target=cache.get, args=(anchors.TENANT_ID,))
    building.start()
    try:
        assert entered.wait(10)
        other = threading.Thread(target=cache.get, args=("another-tenant",))
        other.start()
        other.join(5)
        assert not other.is_alive()  # done while the demo tenant's build is still waiting
    finally:
        release.set()
        building.join(10)
    assert cache.kept(anchors.TENANT_ID) is not None


def test_the_plan_node_reads_the_index_the_route_node_read(fresh_demo_url: str) -> None:
    cache = RecordNamesCache(session_factory(make_engine(fresh_demo_url)), recheck_seconds=0.0)
    routed = name_index_for_run(_Runtime(anchors.TENANT_ID), cache)  # type: ignore[arg-type]
    planned = name_index_for_run(_Runtime(anchors.TENANT_ID), cache, kept=True)  # type: ignore[arg-type]
    assert planned is routed


def test_caches_reading_the_same_names_share_one_index(fresh_demo_url: str) -> None:
    first = RecordNamesCache(session_factory(make_engine(fresh_demo_url)))
    second = RecordNamesCache(session_factory(make_engine(fresh_demo_url)))
    assert first.get(anchors.TENANT_ID) is second.get(anchors.TENANT_ID)
