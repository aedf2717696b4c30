"""The other organisers' events on the topic a request names ("what other MLOps
conferences are on this year?").

``find_event_attendance`` lists events by how many tracked accounts go, and the answer
names the first three; a question about one topic is answered by every event on it,
wherever it sits in that list. Names, cities and dates are the result's own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from adapters.offline.text import fold

TOPIC_EVENTS_MAX = 8
"""At most this many events on the topic are named."""


def _names_topic(asked: str, topic: str) -> bool:
    """Whether ``asked`` names ``topic`` as a phrase ("mlops", "security for ai")."""
    wanted = fold(topic).strip()
    pattern = rf"(?<![a-z0-9]){re.escape(wanted)}(?![a-z0-9])"
    return bool(wanted) and re.search(pattern, asked) is not None


def topic_events(result: Mapping[str, Any], asked: str) -> dict[str, str]:
    """``asked_topic`` and ``topic_events``: the events whose topic the request names."""
    events = result.get("events")
    if not asked or not isinstance(events, list):
        return {}
    folded = fold(asked)
    topic, chosen = "", []
    for event in events:
        if not isinstance(event, Mapping) or not isinstance(event.get("topic"), str):
            continue
        other_topic = bool(topic) and event["topic"] != topic
        if other_topic or not _names_topic(folded, event["topic"]):
            continue  # one topic per answer: the first the request names
        topic = event["topic"]
        chosen.append(f"{event.get('name')} ({event.get('city')}, {event.get('starts_on')})")
    if not chosen:
        return {}
    return {"asked_topic": topic, "topic_events": ", ".join(chosen[:TOPIC_EVENTS_MAX])}
