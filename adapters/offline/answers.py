"""Write the offline model's final answer from tool results and ``prompts/offline_answer.md``.

Each tool call becomes the lines of its template block whose placeholders the result
fills; a queued external action, a failed call and a missing argument have blocks of
their own. Numbers only ever come from the results. A request in Spanish, French or
German is answered with the blocks of ``offline_answer_<language>.md`` where they exist.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from string import Template
from typing import TYPE_CHECKING, Any

from adapters.offline.amounts import block_in_language, values_in_language
from adapters.offline.derived_values import derived_values
from adapters.offline.facts import MAX_ITEMS, flatten, format_value, join_words
from adapters.offline.list_lines import expand_block
from adapters.offline.ratios import ratio_lines
from domain import action_words
from prompts.loader import key_lines, template_sections

if TYPE_CHECKING:
    from adapters.offline.entities import Catalog

TEMPLATE = "offline_answer"
DETAILS: dict[str, str] = {
    "order_number": "the order number (like ORD-10501)",
    "order_number or email": "the order number or the buyer's email",
    "email": "the email address",
    "to": "who to email (a contact's name or address)",
    "company_id or name": "which company",
    "company_id or company": "which company",
    "company_id or opportunity_id": "which company or opportunity",
    "contact_id or email": "which contact (a name or email)",
    "contact_id or company_id": "which contact or company",
    "deliverable_id or vendor_id": "which deliverable or vendor",
    "case_id or order_number or requester_email": (
        "the case id, the order number or the requester's email"
    ),
    "contact_id or attendee_email": "who to invite (a contact's name or email)",
    "stage or next_step or notes or value or probability": (
        "what to change (stage, next step, notes, value or probability)"
    ),
    "opportunity_id": "which opportunity (a company name or an opportunity id)",
    "campaign_id": "which campaign",
    "metric": "which metric (tickets sold, revenue, orders, refunds, traffic...)",
    "kind": "what kind of copy (email, social post, landing section, call to action, subject line)",
    "platform": "which platform (LinkedIn, X, Facebook or Instagram)",
    "text": "the text to post",
    "subject": "the subject line",
    "body": "the message text",
    "start": "when it should start (a date and time)",
    "title": "a title",
    "new_name": "the new attendee's full name",
    "new_email": "the new attendee's email",
    "query": "your question",
}


@dataclass(frozen=True)
class CallOutcome:
    """One tool call made for the request, and what came back."""

    tool: str
    args: dict[str, Any]
    result: Any
    failed: bool = False


def section(name: str, language: str = "en") -> str | None:
    """A block of the answer templates in ``language`` (else in English), or None.

    ``prompts/offline_answer_<language>.md`` holds the blocks written in Spanish, French
    or German, and ``offline_answer_<language>_<part>.md`` (``TRANSLATED_PARTS``) more of
    them; a block none of them has is the English one.
    """
    if language != "en":
        for part in ("", *TRANSLATED_PARTS):
            try:
                translated = template_sections(f"{TEMPLATE}_{language}{part}").get(name)
            except FileNotFoundError:
                translated = None
            if translated is not None:
                return translated
    return template_sections(TEMPLATE).get(name)


TRANSLATED_PARTS = ("_reports", "_commercial")
"""Further files of translated blocks: ``_reports`` has the operations, analytics and
research tools' blocks, ``_commercial`` the sales and marketing tools' (kept apart so
each file stays about one family of tools)."""


def tool_label(tool: str, language: str = "en") -> str:
    """A tool's name as words: "process refund" in English, "el reembolso" in Spanish
    (``domain.action_words``, the one table every reply names tools from)."""
    return action_words.tool_label(tool, language)


def detail_words(argument: str, language: str = "en") -> str:
    """What a clarifying question asks for, in ``language`` (the ``details`` block)."""
    english = DETAILS.get(argument, argument.replace("_", " "))
    return phrases("details", language).get(argument) or english


def phrases(name: str, language: str) -> dict[str, str]:
    """A ``key: text`` block of the answer file in ``language`` as a dict (English: {})."""
    if language == "en":
        return {}
    return key_lines(section(name, language) or "")


def join_in(words: list[str], language: str = "en") -> str:
    """ "a, b and c" with the language's own "and"."""
    joined = join_words(words)
    conjunction = (section("and", language) or "and").strip()
    if conjunction == "and" or len([w for w in words if w]) < 2:
        return joined
    head, _, last = joined.rpartition(" and ")
    return f"{head} {conjunction} {last}"


def lists_in_language(result: Any, language: str, prefix: str = "") -> dict[str, str]:
    """The result's joined lists ("Booth, 4 passes and Logo on site") with the language's
    own "and", under the keys ``flatten`` gives them (the list and its ``_list`` form).

    A Spanish answer listing a package's benefits reads "..., 4 passes y Logo on site":
    the items are the data's own words, the joining word is the reply's.
    """
    out: dict[str, str] = {}
    if isinstance(result, dict):
        for key, item in result.items():
            out.update(lists_in_language(item, language, f"{prefix}_{key}" if prefix else key))
    elif isinstance(result, list) and prefix:
        scalars = [v for v in result[:MAX_ITEMS] if not isinstance(v, (dict, list))]
        if len(scalars) == len(result[:MAX_ITEMS]) and len(scalars) > 1:
            out[prefix] = out[f"{prefix}_list"] = join_in(
                [format_value(v) for v in scalars], language
            )
        for index, item in enumerate(result[:MAX_ITEMS]):
            if isinstance(item, (dict, list)):
                out.update(lists_in_language(item, language, f"{prefix}_{index}"))
    return out


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def render_lines(block: str, values: dict[str, str]) -> list[str]:
    """The lines of ``block`` whose placeholders ``values`` all fill."""
    lines = []
    for line in block.splitlines():
        template = Template(line)
        if all(name in values for name in template.get_identifiers()):
            rendered = template.substitute(values).rstrip()
            if rendered.strip():
                lines.append(rendered)
    return lines


def summarise_call(
    call: CallOutcome,
    language: str = "en",
    catalog: Catalog | None = None,
    named: Mapping[str, Sequence[int]] | None = None,
    asked: str = "",
) -> list[str]:
    """The answer lines for one call, in ``language`` where its blocks are translated.

    ``catalog``: the tenant's records, so a proposed action names what it acts on.
    ``named``: the ids of the records the request names, by kind ("vendor": [6]), so the
    answer states those records first (``derived_values``).
    ``asked``: the request, so the groups of a breakdown it names are stated first.
    """
    label = tool_label(call.tool, language)
    if call.failed:
        error = call.result if isinstance(call.result, str) else json.dumps(call.result)
        block = section("error", language) or ""
        return render_lines(block, {"tool_label": label, "error": error.strip()})
    if isinstance(call.result, dict) and call.result.get("status") == "queued_for_approval":
        arguments = queued_arguments(call.args, language, catalog)
        return render_lines(
            section("queued", language) or "",
            {"tool_label": _capital(label), "arguments": arguments},
        )
    if _found_nothing(call.result) and (nothing := section(f"{call.tool}_none", language)):
        stated = {
            k: str(v) for k, v in {**call.args, **call.result}.items() if isinstance(v, str | int)
        }
        return render_lines(nothing, {**stated, "tool_label": _capital(label)})
    values = flatten(call.result) if isinstance(call.result, (dict, list)) else {}
    values.update(derived_values(call.tool, call.result, named, language, asked))
    if language != "en":
        values.update(lists_in_language(call.result, language))
        words = phrases("values", language)
        values = values_in_language({key: words.get(v, v) for key, v in values.items()}, language)
    if isinstance(call.result, dict) and (covered := period(call.result, language)):
        values["period"] = covered
    block = block_in_language(expand_block(section(call.tool, language) or "", values), language)
    lines = render_lines(block, values)
    if lines:
        return lines + more_lines(block, values, call.result, language)
    if isinstance(call.result, str):
        return [f"{_capital(label)}: {call.result.strip()[:500]}"]
    scalars = [f"{k} {v}" for k, v in values.items() if "_" not in k and v][:4]
    return [f"{_capital(label)}: " + (", ".join(scalars) if scalars else "done") + "."]


def queued_arguments(
    args: dict[str, Any], language: str = "en", catalog: Catalog | None = None
) -> str:
    """A proposed action's arguments: ``amount=1,250, order_number=ORD-10501`` in English;
    in another language each named in its words with amounts as its readers write them
    (``importe 1.250,00 $, pedido ORD-10501``). A record id the ``catalog`` knows is
    followed by the record's name (``opportunity_id=5 (Atlas Analytics — Gold)``): an id
    alone does not tell the reader which deal, contact or campaign the action is about."""
    if language == "en":
        return ", ".join(
            f"{k}={_brief(format_value(v))}{_record_name(k, v, catalog)}"
            for k, v in sorted(args.items())
        )
    return ", ".join(
        f"{action_words.argument_label(k, language)} "
        + _brief(_argument_text(k, v, language))
        + _record_name(k, v, catalog)
        for k, v in sorted(args.items())
    )


RECORD_ARGS = {
    "opportunity_id": "opportunity",
    "contact_id": "contact",
    "company_id": "company",
    "campaign_id": "campaign",
    "vendor_id": "vendor",
    "deliverable_id": "deliverable",
}
"""Arguments that hold a record's id, and the catalog kind that names it."""


def _record_name(argument: str, value: Any, catalog: Catalog | None) -> str:
    """`` (name)`` of the record an id argument points at, or '' when unknown."""
    kind = RECORD_ARGS.get(argument)
    if catalog is None or kind is None or isinstance(value, bool) or not isinstance(value, int):
        return ""
    entity = catalog.by_id(kind, value)
    return f" ({entity.name})" if entity is not None else ""


def _argument_text(name: str, value: Any, language: str) -> str:
    if name in action_words.MONEY_ARGS:
        return action_words.argument_value(name, value, language)
    return format_value(value)


def _found_nothing(result: Any) -> bool:
    """A search that matched nothing (``count`` 0): its ``<tool>_none`` block says so plainly,
    naming what was asked (the result's own scalar fields, e.g. ``$query``), and offers the
    next step, instead of echoing the zero."""
    return isinstance(result, dict) and result.get("count") == 0


QUEUED_TEXT_CHARS = 60
"""A proposed action's long text argument (an email body) is shown cut to this length:
the approver sees it whole; the answer only names the action, and a pasted English body
would drown the reply's own language."""


def _brief(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= QUEUED_TEXT_CHARS else flat[: QUEUED_TEXT_CHARS - 1] + "…"


PERIOD_KEYS = (
    ("date_from", "date_to"),
    ("from", "to"),
    ("window_start", "window_end"),
    ("closing_from", "closing_to"),
)


def period(result: dict[str, Any], language: str = "en") -> str:
    """The period a result's figures cover ("from 2026-08-01 to 2026-08-31"), from the result.

    A result with date bounds that are both open covers everything recorded so far; one
    with no bounds at all says nothing (its template states its own period, if any). The
    words come from the ``period_*`` blocks of the answer file in ``language``.
    """

    def say(name: str, **values: Any) -> str:
        return Template((section(name, language) or "").strip()).safe_substitute(values)

    for start_key, end_key in PERIOD_KEYS:
        if start_key in result or end_key in result:
            start, end = result.get(start_key), result.get(end_key)
            if start and end:
                return say("period_range", start=start, end=end)
            if start:
                return say("period_since", start=start)
            if end:
                return say("period_until", end=end)
            as_of = result.get("as_of")
            return say("period_to_date_as_of", as_of=as_of) if as_of else say("period_to_date")
    if result.get("as_of"):
        return say("period_as_of", as_of=result["as_of"])
    return ""


LIST_TOTALS = {"rows": "row_count", "prospects": "matched", "contacts": "total"}
"""A result's own count of a list it returns only the first items of."""
_INDEXED = re.compile(r"\$\{?([a-z]+(?:_[a-z]+)*)_(\d+)_")
_CONTINUED = re.compile(r"\$\{?([a-z]+(?:_[a-z]+)*)_rest\b")


def more_lines(block: str, values: dict[str, str], result: Any, language: str = "en") -> list[str]:
    """ "...and N more prospects." for every list the answer shows only the first items of."""
    if not isinstance(result, dict):
        return []
    shown: dict[str, int] = {}
    for line in block.splitlines():
        if not render_lines(line, values):
            continue
        for name, index in _INDEXED.findall(line):
            shown[name] = max(shown.get(name, 0), int(index) + 1)
        for name in _CONTINUED.findall(line):  # "$rows_rest" names the rest of "rows"
            shown[name] = max(shown.get(name, 0), int(values.get(f"{name}_shown", 0)))
    extra = []
    for name, count in shown.items():
        items = result.get(name)
        total = len(items) if isinstance(items, list) else 0
        stated = result.get(LIST_TOTALS.get(name, ""))
        if isinstance(stated, int) and not isinstance(stated, bool):
            total = max(total, stated)
        if total > count and language == "en":
            extra.append(f"...and {total - count} more {_plural(name)}.")
        elif total > count:
            more = Template(section("more", language) or "...+$count")
            extra.append(more.safe_substitute(count=total - count))
    return extra


def _plural(name: str) -> str:
    """A list's name as the answer counts it: "by_ticket_type" is "ticket types"."""
    words = LIST_WORDS.get(name) or name.removeprefix("by_").replace("_", " ")
    return words if words.endswith("s") else f"{words}s"


LIST_WORDS = {"rows": "groups"}


def missing_question(tool: str, missing: list[str], language: str = "en") -> str:
    """A clarifying question naming what a call still needs."""
    detail = join_in([detail_words(name, language) for name in missing], language)
    return (
        Template(section("missing", language) or "")
        .safe_substitute(tool_label=tool_label(tool, language), detail=detail)
        .strip()
    )


ABSENT: dict[str, str] = {
    "opportunity_id": "open opportunity (deal)",
    "order_number": "open order",
    "to": "contact with an email address",
    "attendee_email": "contact with an email address",
    "contact_id": "contact on record",
    "company_id": "matching company",
    "deliverable_id": "deliverable that needs a reminder",
}
"""What a provider looked for and did not find, by argument (the ``missing_none`` line)."""


def none_found(tool: str, argument: str, result: Any, language: str = "en") -> str:
    """The line saying the data has no record ``tool`` needs, instead of asking for one."""
    thing = section(f"absent_{argument}", language) or ABSENT.get(argument)
    thing = (thing or argument.replace("_", " ")).strip()
    subject = _subject_name(result)
    block = section("missing_none" if subject else "missing_none_anonymous", language) or ""
    return (
        Template(block)
        .safe_substitute(subject=subject or "", thing=thing, tool_label=tool_label(tool, language))
        .strip()
    )


def _subject_name(result: Any) -> str | None:
    """The company (or other record) a result is about, by its name."""
    if not isinstance(result, dict):
        return None
    for value in (result, *(v for v in result.values() if isinstance(v, dict))):
        for key in ("company", "name"):
            if isinstance(value.get(key), str) and value[key].strip():
                return str(value[key])
    return None


def final_answer(
    calls: list[CallOutcome],
    *,
    missing: tuple[str, list[str]] | None = None,
    absent: tuple[str, Any] | None = None,
    language: str = "en",
    catalog: Catalog | None = None,
    named: Mapping[str, Sequence[int]] | None = None,
    asked: str = "",
) -> str:
    """The answer for a finished (or stuck) plan, in the request's ``language``.

    ``absent``: a missing argument an earlier call looked for and the data does not have
    (the argument and that call's result); the answer says so instead of asking.
    ``catalog``: the tenant's records, so proposed actions name what they act on.
    """
    lines: list[str] = []
    for call in calls:
        lines.extend(summarise_call(call, language, catalog, named, asked))
    lines.extend(ratio_lines(calls, asked, language, named))
    if missing is not None and absent is not None:
        lines.append(none_found(missing[0], absent[0], absent[1], language))
    elif missing is not None:
        lines.append(missing_question(*missing, language=language))
    if any(
        isinstance(c.result, dict) and c.result.get("status") == "queued_for_approval"
        for c in calls
    ):
        lines.append((section("pending_note", language) or "").strip())
    return "\n".join(line for line in lines if line)


def withheld_note(actions: tuple[str, ...], language: str = "en") -> str:
    """A line saying which actions were left out because the request said not to, or ''."""
    if not actions:
        return ""
    words = join_words([action_words.withheld_word(a, language) for a in actions])
    words = words.replace(" and ", " or ")
    block = section("withheld", language) or ""
    return "\n" + Template(block).safe_substitute(actions=words).strip()


def no_tool_answer(tools: list[str], language: str = "en") -> str:
    """The answer when no bound tool fits the request."""
    capabilities = join_in([tool_label(t, language) for t in tools], language)
    block = section("no_tool", language) or ""
    return Template(block).safe_substitute(capabilities=capabilities).strip()


def plain_answer() -> str:
    """The answer to a chat message with no tools and no writing task."""
    return " ".join((section("plain") or "").split())


def condition_unfilled(
    tool: str, missing: list[str], severity: str | None, language: str = "en"
) -> str:
    """The line saying a conditional action whose check was serious was not proposed,
    because the request and the data do not say what it needs (``missing``)."""
    block = section("condition_unfilled", language) or ""
    words = phrases("values", language)
    grade = severity or "serious"
    detail = join_in([detail_words(name, language) for name in missing], language)
    text = Template(block).safe_substitute(
        tool_label=tool_label(tool, language), severity=words.get(grade, grade), detail=detail
    )
    return "\n" + text.strip()


def value_condition_not_met(tool: str, value: float, bound: float, language: str = "en") -> str:
    """The line saying an action was not taken because the deal's value missed its bound."""
    block = section("value_condition_not_met", language) or ""
    return (
        Template(block)
        .safe_substitute(
            tool_label=tool_label(tool, language), value=f"{value:.0f}", bound=f"{bound:.0f}"
        )
        .strip()
    )


def branch_not_taken(
    tools: list[str], condition: str, found: str | None, language: str = "en"
) -> str:
    """Lines saying actions asked for only on ``condition`` were not proposed: it does not
    hold (``found`` states what the data says) or nothing could check it (None)."""
    block = section("branch_not_met" if found is not None else "branch_unknown", language) or ""
    lines = [
        Template(block)
        .safe_substitute(tool_label=tool_label(tool, language), condition=condition, found=found)
        .strip()
        for tool in tools
    ]
    return "\n" + "\n".join(lines) if lines else ""


def condition_not_met(tool: str, severity: str | None, language: str = "en") -> str:
    """The line saying a conditional action was not taken because its check was not serious."""
    block = section("condition_not_met", language) or ""
    words = phrases("values", language)
    grade = severity or "not serious"
    return (
        Template(block)
        .safe_substitute(tool_label=tool_label(tool, language), severity=words.get(grade, grade))
        .strip()
    )
