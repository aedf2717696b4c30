"""The conformance scenario with the Python ``langgraph-sdk``: one record per call.

Each record is ``(step, summary)``: what a client relies on (keys, statuses, event
names in order, next nodes, interrupt actions), with ids, times and prose left out, so
``langgraph dev`` and ``switchboard serve`` can be compared call by call. The JS twin
(``scenario.mjs``) makes the same calls and the same summaries.
"""

from __future__ import annotations

import sys
import uuid
from typing import Any

from langgraph_sdk import get_sync_client
from langgraph_sdk.errors import APIStatusError

QUICK = "What is our pipeline value?"
SLOW = "Give me the daily insights"
REFUND = "Hi, I want a refund for order {order}, I cannot come"
MODES = ["values", "updates", "messages-tuple", "messages", "custom", "events", "debug"]
CONTEXT = {"tenant_id": "demo"}  # what `langgraph dev` needs; switchboard takes the key's


def _ask(text: str) -> dict[str, Any]:
    return {"messages": [{"role": "human", "content": text}]}


def _ns(event: str) -> str:
    """An event name with subgraph task ids dropped: ``updates|operations``."""
    return "|".join(part.split(":", 1)[0] for part in event.split("|"))


def _names(parts: list[Any]) -> list[str]:
    """Event names in order, repeats collapsed (chunk counts are not the contract)."""
    names: list[str] = []
    for part in parts:
        name = _ns(part.event)
        if not names or names[-1] != name:
            names.append(name)
    return names


def _status(error: APIStatusError) -> int:
    return int(error.response.status_code)


def _interrupt(values: dict[str, Any]) -> list[Any]:
    return [
        [r["name"] for r in i["value"]["action_requests"]] for i in values.get("__interrupt__", [])
    ]


def _state(state: dict[str, Any]) -> dict[str, Any]:
    return {
        "keys": sorted(state),
        "next": list(state["next"]),
        "tasks": [[t["name"], len(t["interrupts"])] for t in state["tasks"]],
        "interrupts": len(state["interrupts"]),
        "checkpoint": sorted(k for k in state["checkpoint"] if k != "checkpoint_map"),
        "values": sorted(state["values"]),
    }


def _run(run: dict[str, Any]) -> dict[str, Any]:
    status = run["status"]
    return {
        "keys": sorted(k for k in run if k in RUN_KEYS),
        "status": "started" if status in ("pending", "running") else status,
    }


RUN_KEYS = {"run_id", "thread_id", "assistant_id", "status", "metadata", "multitask_strategy"}
THREAD_KEYS = {"thread_id", "created_at", "updated_at", "metadata", "status", "values"}


CRON_KEYS = {"cron_id", "assistant_id", "thread_id", "schedule", "payload", "enabled"}


def _cron(cron: dict[str, Any], thread_id: str | None) -> dict[str, Any]:
    """What a client relies on: the keys, the schedule, its thread and what it asks."""
    return {
        "keys": sorted(k for k in cron if k in CRON_KEYS),
        "uuid": str(uuid.UUID(cron["cron_id"])) == cron["cron_id"],
        "thread": cron["thread_id"] == thread_id,
        "schedule": cron["schedule"],
        "enabled": cron["enabled"],
        "asks": cron["payload"]["input"]["messages"][-1]["content"],
    }


def _thread(thread: dict[str, Any]) -> dict[str, Any]:
    return {"keys": sorted(k for k in thread if k in THREAD_KEYS), "status": thread["status"]}


def scenario(url: str, api_key: str | None, order: str) -> list[tuple[str, Any]]:
    """Run every step against the server at ``url``; the records.

    ``order`` is the order whose refund stops for approval (each run needs its own: an
    approved refund cannot be asked for again).
    """
    client = get_sync_client(url=url, api_key=api_key, timeout=120)
    out: list[tuple[str, Any]] = []

    def record(step: str, summary: Any) -> None:
        out.append((step, summary))

    # assistants
    [assistant] = client.assistants.search(graph_id="switchboard")
    aid = assistant["assistant_id"]
    record("assistants.search", sorted(assistant))
    record("assistants.get", sorted(client.assistants.get(aid)))
    graph = client.assistants.get_graph(aid)
    record("assistants.get_graph", sorted(n["id"] for n in graph["nodes"]))
    record("assistants.get_schemas", sorted(client.assistants.get_schemas(aid)))

    # threads
    created = client.threads.create()
    record("threads.create", _thread(created))
    mine = str(uuid.uuid4())
    record("threads.create(id)", client.threads.create(thread_id=mine)["thread_id"] == mine)
    again = client.threads.create(thread_id=mine, if_exists="do_nothing")
    record("threads.create(do_nothing)", again["thread_id"] == mine)
    try:
        client.threads.create(thread_id=mine, if_exists="raise")
        record("threads.create(raise)", "created")
    except APIStatusError as exc:
        record("threads.create(raise)", _status(exc))
    try:
        client.threads.get(str(uuid.uuid4()))
    except APIStatusError as exc:
        record("threads.get(missing)", _status(exc))

    # stream modes
    for mode in MODES:
        thread = client.threads.create()["thread_id"]
        parts = list(
            client.runs.stream(
                thread, "switchboard", input=_ask(QUICK), context=CONTEXT, stream_mode=mode
            )
        )
        record(f"runs.stream({mode})", _names(parts))
        if mode == "events":
            kinds = sorted({p.data["event"] for p in parts if p.event == "events"})
            record("runs.stream(events).kinds", kinds)
    thread = client.threads.create()["thread_id"]
    parts = list(
        client.runs.stream(
            thread,
            "switchboard",
            input=_ask(SLOW),
            context=CONTEXT,
            stream_mode=["updates"],
            stream_subgraphs=True,
        )
    )
    record("runs.stream(subgraphs)", sorted(set(_names(parts))))

    # interrupt, state, resume, history
    thread = client.threads.create()["thread_id"]
    parts = list(
        client.runs.stream(
            thread,
            "switchboard",
            input=_ask(REFUND.format(order=order)),
            context=CONTEXT,
            stream_mode="values",
        )
    )
    record("runs.stream(interrupt)", _names(parts))
    record("runs.stream(interrupt).actions", _interrupt(parts[-1].data))
    record("threads.get_state(interrupted)", _state(client.threads.get_state(thread)))
    record("threads.get(interrupted)", _thread(client.threads.get(thread)))
    waiting = parts[-1].data["__interrupt__"][0]["value"]["action_requests"]
    resumed = client.runs.wait(
        thread,
        "switchboard",
        command={"resume": {"decisions": [{"type": "approve"} for _ in waiting]}},
        context=CONTEXT,
    )
    record("runs.wait(resume)", [sorted(resumed), _interrupt(resumed)])
    record("threads.get_state(resumed)", _state(client.threads.get_state(thread)))
    history = client.threads.get_history(thread, limit=4)
    record("threads.get_history", [[list(h["next"]), sorted(h)] for h in history])
    found = client.threads.search(status="idle", limit=100)
    record("threads.search(idle)", thread in [t["thread_id"] for t in found])
    by_id = client.threads.search(ids=[thread])
    record("threads.search(ids)", [t["thread_id"] for t in by_id] == [thread])

    # background runs: create, join, list, get
    run = client.runs.create(thread, "switchboard", input=_ask(QUICK), context=CONTEXT)
    record("runs.create", _run(run))
    joined = client.runs.join(thread, run["run_id"])
    record("runs.join", sorted(joined))
    listed = client.runs.list(thread)
    record("runs.list", [_run(r) for r in listed])
    record("runs.get", _run(client.runs.get(thread, run["run_id"])))

    # cancel
    thread = client.threads.create()["thread_id"]
    run = client.runs.create(thread, "switchboard", input=_ask(SLOW), context=CONTEXT)
    client.runs.cancel(thread, run["run_id"], wait=True)
    record("runs.cancel", client.runs.get(thread, run["run_id"])["status"])

    # double texting
    for strategy in ("reject", "enqueue", "interrupt", "rollback"):
        thread = client.threads.create()["thread_id"]
        first = client.runs.create(thread, "switchboard", input=_ask(SLOW), context=CONTEXT)
        try:
            second = client.runs.create(
                thread,
                "switchboard",
                input=_ask(QUICK),
                context=CONTEXT,
                multitask_strategy=strategy,
            )
        except APIStatusError as exc:
            record(f"multitask({strategy})", _status(exc))
            client.runs.join(thread, first["run_id"])
            continue
        client.runs.join(thread, second["run_id"])
        try:
            before = client.runs.get(thread, first["run_id"])["status"]
        except APIStatusError as exc:
            before = _status(exc)
        after = client.runs.get(thread, second["run_id"])["status"]
        messages = client.threads.get_state(thread)["values"]["messages"]
        asked = [m["content"] for m in messages if m["type"] == "human"]
        # After an interrupt, the first run's input stays if it got that far (timing).
        kept = asked if strategy != "interrupt" else asked[-1:]
        record(f"multitask({strategy})", [before, after, kept])

    # state update, delete
    thread = client.threads.create()["thread_id"]
    client.runs.wait(thread, "switchboard", input=_ask(QUICK), context=CONTEXT)
    updated = client.threads.update_state(
        thread, {"messages": [{"role": "human", "content": "noted"}]}
    )
    record("threads.update_state", sorted(updated))
    values = client.threads.get_state(thread)["values"]
    record("threads.update_state.after", [m["content"] for m in values["messages"]][-1])
    client.threads.delete(thread)
    try:
        client.threads.get(thread)
        record("threads.delete", "still there")
    except APIStatusError as exc:
        record("threads.delete", _status(exc))

    # crons (the schedule's last user message is what each fire asks)
    thread = client.threads.create()["thread_id"]
    on_thread = client.crons.create_for_thread(
        thread, "switchboard", schedule="0 9 * * 1-5", input=_ask(QUICK)
    )
    record("crons.create_for_thread", _cron(on_thread, thread))
    stateless = client.crons.create("switchboard", schedule="30 7 * * *", input=_ask(SLOW))
    record("crons.create", _cron(stateless, None))
    record(
        "crons.search(thread)", [_cron(c, thread) for c in client.crons.search(thread_id=thread)]
    )
    record("crons.count(thread)", client.crons.count(thread_id=thread))
    changed = client.crons.update(stateless["cron_id"], schedule="0 8 * * *", enabled=False)
    record("crons.update", _cron(changed, None))
    for cron in (on_thread, stateless):
        client.crons.delete(cron["cron_id"])
    record("crons.delete", client.crons.count(thread_id=thread))
    try:
        client.crons.delete(stateless["cron_id"])
        record("crons.delete(again)", "deleted twice")
    except APIStatusError as exc:
        record("crons.delete(again)", _status(exc))
    return out


if __name__ == "__main__":
    key = sys.argv[3] if len(sys.argv) > 3 else None
    for step, summary in scenario(sys.argv[1], key, sys.argv[2]):
        print(step, summary)
