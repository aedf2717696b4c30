"""The breakdown a metric needs when the request names one part of it.

"How many attendees work in fintech?", "what share of tickets are VIP?", "how many of
our attendees are from Globex?": the figure asked for is one group of a breakdown (by
industry, ticket type, company), not the metric's total, so the query splits the metric
by that dimension and the answer states the named group (``analytics_values.named_rows``).
Only a split the metric allows is proposed (``domain.analytics.metrics``).
"""

from __future__ import annotations

import re

from adapters.offline.request import Request
from adapters.offline.text import fold
from domain.analytics.metrics import METRICS, Metric

_TICKET_TYPE = re.compile(
    r"(?<![a-z0-9])(?:vip|early ?birds?|students?|estudiantes?|etudiants?|studenten|"
    r"studierende\w*|standard (?:tickets?|passes|entradas|billets))(?![a-z0-9])"
)
"""A ticket type named by its own word (English, Spanish, French, German)."""

_CHANNEL = re.compile(
    r"(?<![a-z0-9])(?:direct|e-?mail|social|paid|partners?)(?![a-z0-9]).*"
    r"(?<![a-z0-9])(?:channel|canal|kanal)|"
    r"(?<![a-z0-9])(?:channel|canal|kanal)\w*(?: \w+){0,3} (?:direct|e-?mail|social|paid|partners?)"
    r"(?![a-z0-9])"
)
"""A sales channel named by its value with the word "channel" in the same request ("is
paid pulling its weight? how many tickets has that channel sold?")."""

RECORD_GROUPS = (("industry", "industry"), ("company", "company"))
"""Breakdowns whose groups are the tenant's records of a catalog kind: (group_by, kind)."""


def named_group(req: Request, metric: str) -> str | None:
    """The ``group_by`` whose group ``req`` names for ``metric``, or None."""
    try:
        allowed = {g.value for g in METRICS[Metric(metric)].groups}
    except ValueError:
        return None
    text = fold(req.text)
    if "ticket_type" in allowed and _TICKET_TYPE.search(text):
        return "ticket_type"
    if "channel" in allowed and _CHANNEL.search(text):
        return "channel"
    for group_by, kind in RECORD_GROUPS:
        if group_by in allowed and req.entities(kind):
            return group_by
    return None
