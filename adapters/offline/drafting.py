"""Free-text arguments: subjects, bodies, summaries, notes, search queries.

Text the user wrote wins (quoted, or after a label such as ``subject:``); otherwise the
request itself (a knowledge-base query, an escalation summary) or a short draft from
``prompts/offline_drafts.md`` filled with names from the request and the database.
"""

from __future__ import annotations

import re
from string import Template
from typing import Any

from adapters.offline import extract, providers
from adapters.offline.argspec import ArgSpec, Filler
from adapters.offline.field_questions import asked_about, only_points_back
from adapters.offline.request import Request
from domain.language import detect_language, language_asked_for
from prompts.loader import template_sections

MAX_QUERY = 500


def _draft(section: str, values: dict[str, str], language: str = "en") -> str:
    """A draft block filled with ``values``; ``<section>_<language>`` when the drafts
    have one (an email to a Spanish request is written in Spanish), else the English one."""
    blocks = template_sections("offline_drafts")
    block = blocks.get(f"{section}_{language}")
    if block is None:
        return Template(blocks[section]).safe_substitute(values).strip()
    if values.get("first_name") == UNNAMED:  # "Hallo there," -> "Hallo,"
        values = {**values, "first_name": ""}
    text = Template(block).safe_substitute(values).strip()
    return re.sub(r"^(\S+) +([,:])", r"\1\2", text, flags=re.M)


UNNAMED = "there"
"""The English greeting's stand-in for a name the data does not have."""


def draft_language(req: Request) -> str:
    """The language drafts for ``req`` are written in: the one its task's reply line names,
    else the request's own (the answer's language, ``OfflineChatModel._agent``)."""
    return req.reply_language or str(detect_language(req.text))


def _copy_language(req: Request, arg: ArgSpec) -> Any:
    """``generate_content`` writes its copy in the language the request names for it
    ("three subject lines in Spanish", "auf Französisch"), else in the drafts' language;
    English is the default, so it is only given for Spanish, French or German."""
    language = language_asked_for(req.text) or draft_language(req)
    return None if language == "en" else language


def topic(text: str) -> str | None:
    """The subject matter after "about"/"regarding" ("email Emma about the summit")."""
    match = re.search(
        r"\b(?:about|regarding|re|concerning|on the topic of|sobre|acerca de|"
        r"(?:au sujet|à propos) (?:de la|de l'|du|des|de)|concernant|wegen|bezüglich|über)\b:?\s+"
        r"(.+?)(?:[.?!\n]|$)",
        text,
        re.I,
    ) or re.search(PURPOSE, text, re.I)
    if not match:
        return None
    return re.split(TOPIC_END, match.group(1), maxsplit=1, flags=re.I)[0].strip() or None


TOPIC_END = (
    r",|;|\s+(?:but|for me to|so (?:that )?i can|before (?:it|you|sending)|and (?:don'?t|do not)|"
    r"pero|mais|aber)\b"
)
"""Where the topic ends: the request's instructions about the message are not its subject
("about the Bronze package for me to review first" is about the Bronze package)."""


PURPOSE = (
    r"\b(?:to (?:go over|go through|discuss|talk (?:about|through)|review|walk (?:them |him |her )?"
    r"through|present|cover|pitch)|para (?:hablar de|revisar|presentar)|pour (?:parler de|"
    r"discuter de|présenter)|um (?:über )?)\s+(.+?)(?:[.?!\n]|$)"
)
"""What a meeting or email is for when the request gives a purpose rather than a topic
("a call ... to go over the Platinum package")."""


def _values(req: Request) -> dict[str, str]:
    catalog = req.catalog
    contact = req.entity("contact")
    event = (
        catalog.by_id("event", catalog.current_event_id)
        if catalog and catalog.current_event_id
        else None
    )
    about = topic(req.text)
    return {
        "tenant_name": catalog.tenant_name if catalog else "our team",
        "event_name": event.name if event else "our event",
        "first_name": str(contact.attrs.get("first_name")) if contact else UNNAMED,
        "contact_name": contact.name if contact else "",
        "topic": about or (event.name if event else "our event"),
        "topic_title": _title_case(about) if about else "",
    }


def _title_case(about: str) -> str:
    """A topic as a subject line: a German article the grammar of the sentence put there
    ("wegen dem Gold-Paket") does not lead a subject."""
    about = re.sub(r"^(?:dem|den|des|der|das|die)\s+", "", about, flags=re.I) or about
    return about[:1].upper() + about[1:]


def _given(req: Request, labels: tuple[str, ...]) -> str | None:
    labelled = extract.labelled(req.text, labels)
    if labelled:
        return labelled
    quoted = extract.quoted(req.text)
    return quoted[0] if quoted else None


def _subject(req: Request, arg: ArgSpec) -> Any:
    given = extract.labelled(req.text, ("subject", "asunto", "objet", "betreff"))
    if given:
        return given
    if arg.tool == "escalate_issue":
        return escalation_subject(req)
    if arg.tool == "send_email_campaign":
        return providers.provided(req, arg.tool, arg.name)
    values = _values(req)
    section = "email_subject" if values["topic_title"] else "email_subject_default"
    return _draft(section, values, draft_language(req))


ESCALATED_KINDS = (
    ("deliverable", "Deliverable"),
    ("budget_line", "Budget line"),
    ("vendor", "Vendor"),
)


def escalation_subject(req: Request) -> str:
    """An escalation's one-line subject, from the data and never from the request's words.

    The record the request names (a deliverable, a budget line, a vendor) comes first,
    then what this request's earlier checks found (the most urgent deliverable, the
    largest budget overrun), else a well-formed line naming the event. A clipped half of
    the user's sentence ("double-check first") is never a subject.
    """
    values = _values(req)
    for kind, label in ESCALATED_KINDS:
        entity = req.entity(kind)
        if entity is not None:
            return _draft(
                "escalation_subject_record", {**values, "kind": label, "name": entity.name}
            )
    budget = req.result("track_budget")
    overruns = budget.get("overruns") if budget else None
    if overruns and isinstance(overruns[0], dict) and overruns[0].get("category"):
        top = overruns[0]
        return _draft(
            "escalation_subject_overrun",
            {
                **values,
                "name": str(top["category"]),
                "pct": f"{float(top.get('variance_pct') or 0):.1f}",
            },
        )
    checked = req.result("check_deliverables")
    items = checked.get("deliverables") if checked else None
    if items and isinstance(items[0], dict) and items[0].get("title"):
        top = items[0]
        state = str(top.get("state") or "at risk")
        return _draft(
            "escalation_subject_deliverable",
            {**values, "name": str(top["title"]), "state": state.replace("_", " ")},
        )
    return _draft("escalation_subject", values)


def _details(req: Request, arg: ArgSpec) -> Any:
    """An escalation about a record a check found describes that record from the data."""
    if arg.tool == "escalate_issue":
        deliverable = providers.escalated_deliverable(req)
        if deliverable is not None:
            return _draft(
                "escalation_details_deliverable",
                {
                    "name": str(deliverable.get("title")),
                    "owner": str(deliverable.get("owner_name") or "unassigned"),
                    "due": str(deliverable.get("due_on")),
                    "days": str(deliverable.get("days_overdue") or 0),
                    "state": str(deliverable.get("state") or "").replace("_", " "),
                    "severity": _plain(deliverable.get("severity")),
                },
            )
        overrun = providers.escalated_overrun(req)
        if overrun is not None:
            return _draft(
                "escalation_details_overrun",
                {
                    "name": str(overrun.get("category")),
                    "actual": f"{float(overrun.get('actual') or 0):,.0f}",
                    "planned": f"{float(overrun.get('planned') or 0):,.0f}",
                    "pct": f"{float(overrun.get('variance_pct') or 0):.1f}",
                    "severity": _plain(overrun.get("severity")),
                },
            )
    return req.text.strip()[:4000] or None


def _plain(value: Any) -> str:
    return str(getattr(value, "value", value) or "")


def _body(req: Request, arg: ArgSpec) -> Any:
    given = extract.labelled(req.text, ("body", "message", "mensaje"))
    if given:
        return given
    if arg.tool == "send_email_campaign":
        return providers.provided(req, arg.tool, arg.name)
    return _draft("email_body", _values(req), draft_language(req))


def _text(req: Request, arg: ArgSpec) -> Any:
    return _given(req, ("text", "post", "tweet")) or providers.provided(req, arg.tool, arg.name)


def _title(req: Request, arg: ArgSpec) -> Any:
    given = _given(req, ("title", "titulo", "titre"))
    if given:
        return given
    values = _values(req)
    if values["topic_title"]:
        return _draft("meeting_title", values)
    if values["contact_name"]:
        return _draft("meeting_title_default", values, draft_language(req))
    # "a meeting with Olivia from Initech": the company is named even when the person
    # is known by first name only; a title is no reason to ask.
    company = req.entity("company")
    if company:
        return _draft("meeting_title_default", {**values, "contact_name": company.name})
    invitees = extract.emails(req.text)
    return (
        _draft("meeting_title_default", {**values, "contact_name": invitees[0]})
        if invitees
        else None
    )


def _agenda(req: Request, arg: ArgSpec) -> Any:
    return extract.labelled(req.text, ("agenda",)) or topic(req.text)


def _request_text(limit: int) -> Filler:
    def fill(req: Request, arg: ArgSpec) -> Any:
        return req.text.strip()[:limit] or None

    return fill


def _query(req: Request, arg: ArgSpec) -> Any:
    cleaned = extract._ORDER.sub(" ", extract._EMAIL.sub(" ", req.text))
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    return cleaned[:MAX_QUERY] or None


def _reason_text(req: Request, arg: ArgSpec) -> Any:
    given = extract.labelled(req.text, ("reason", "motivo", "raison"))
    if given:
        return given
    match = re.search(r"\b(?:because|porque|parce que|weil)\b\s+(.+?)(?:[.!?\n]|$)", req.text, re.I)
    return match.group(1).strip() if match else None


def _notes(req: Request, arg: ArgSpec) -> Any:
    given = _given(req, ("note", "notes", "nota"))
    if given:
        return given
    match = re.search(r"\b(?:log|note|add a note)(?: that)?:?\s+(.+?)(?:[.!?\n]|$)", req.text, re.I)
    return match.group(1).strip() if match else None


def _next_step(req: Request, arg: ArgSpec) -> Any:
    given = extract.labelled(req.text, ("next step", "next steps"))
    if given:
        return given
    match = re.search(r"\bnext steps? (.+?)(?:[.!?\n]|$)", req.text, re.I)
    if match is None or asked_about(req.text[: match.start()]):
        return None  # "what's the next step there?" asks for it
    rest = match.group(1)
    in_quotes = extract.quoted(rest)
    if in_quotes:
        return in_quotes[0]  # "set the next step on the X deal to 'send the revised deck'"
    # "the next step on the Atlas deal to ...": what the step is about is no part of it
    rest = re.sub(r"^(?:on|for|of) .+? (?:deal|opportunity|account|lead) ", "", rest, flags=re.I)
    rest = re.sub(r"^(?:is|to|should be|will be|=|:)\s+", "", rest, flags=re.I)
    return None if only_points_back(rest) else rest.strip()


def _custom_terms(req: Request, arg: ArgSpec) -> Any:
    return extract.labelled(req.text, ("terms", "custom terms"))


TEXT_FILLERS: dict[str, Filler] = {
    "subject": _subject,
    "body": _body,
    "text": _text,
    "title": _title,
    "agenda": _agenda,
    "query": _query,
    "summary": _request_text(4000),
    "details": _details,
    "reason": _reason_text,
    "notes": _notes,
    "next_step": _next_step,
    "custom_terms": _custom_terms,
    "language": _copy_language,
}
