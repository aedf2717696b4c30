"""The answer's frame: one status line per action, stated from the run's own record.

Every action a request led to gets a line that says what became of it: done (with what
it did, edited values included), waiting for approval by whom and why, denied and why,
rejected, or failed; who approves is the approver role (``domain.roles``: approver and
admin decide approvals). The lines come from the action outcomes in the graph state, never
from what a department wrote before the policy decided, so a denied email can never
read as "queued for approval". When a reviewer edited an action, the values the
department's summary quoted before the edit are replaced by the edited ones.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from functools import cache
from string import Template
from typing import Any

from domain import action_words
from domain.language import LANGUAGES, Language, detect_language
from domain.number_format import money
from domain.policy.wording import worded
from graphs.state import ActionOutcome, PendingAction
from nodes.department_labels import department_label
from prompts.loader import template_sections

KEY_ARGS = ("order_number", "amount", "to", "recipient", "subject", "platform", "stage", "title")
"""Arguments that name what an action does, in the order a status line quotes them."""
MONEY_ARGS = frozenset({"amount", "value", "discount_amount"})


def money_text(value: Any, language: Language = "en") -> list[str]:
    """The ways a summary may have written an amount: "$1,250.00", "$1,250", "1250.0", and
    in a Spanish, French or German answer also "1.250,00 $", "1.250 $"."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return []
    forms = [f"${amount:,.2f}", f"{amount:,.2f}"]
    if language != "en":
        forms += [money(amount, language, cents=True), money(amount, language)]
    if amount == amount.to_integral_value():
        forms += [f"${amount:,.0f}", f"{amount:,.0f}", f"{amount:.0f}"]
    forms.append(str(value))
    return sorted(set(forms), key=len, reverse=True)


def shown(name: str, value: Any, language: Language = "en") -> str:
    """An argument's value as a status line in ``language`` quotes it (an argument the
    action did not have: the frame's ``unset`` words)."""
    if value is None:
        return phrases(language)["unset"]
    if name in MONEY_ARGS:
        if language != "en" and money_text(value):
            return money(Decimal(str(value)), language, cents=True)
        forms = money_text(value)
        return forms[0] if forms and forms[0].startswith("$") else str(value)
    text = str(value)
    return text if len(text) <= 60 else text[:57].rstrip() + "..."


def what(action: PendingAction, language: Language = "en") -> str:
    """The arguments that say what an action does: "order_number ORD-10501, amount $400.00"
    (in Spanish "pedido ORD-10501, importe 400,00 $": ``domain.action_words``)."""
    args = action["args"]
    return ", ".join(
        f"{action_words.argument_label(k, language)} {shown(k, args[k], language)}"
        for k in KEY_ARGS
        if args.get(k) not in (None, "")
    )


def edits(original: PendingAction | None, outcome: ActionOutcome) -> dict[str, tuple[Any, Any]]:
    """Arguments a reviewer changed: name -> (proposed, edited)."""
    if original is None or outcome["status"] not in ("edited", "executed", "failed", "denied"):
        return {}
    before, after = original["args"], outcome["action"]["args"]
    return {
        k: (before.get(k), after.get(k))
        for k in sorted(set(before) | set(after))
        if _differs(before.get(k), after.get(k))
    }


def _differs(a: Any, b: Any) -> bool:
    try:
        return Decimal(str(a)) != Decimal(str(b))
    except (InvalidOperation, ValueError):
        return bool(a != b)


def reasons_text(outcome: ActionOutcome, language: Language = "en") -> str:
    """The policy's reasons, in ``language`` where the reason carries its wording
    (``domain.policy.wording``); a reason without one (an invalid action's error) as
    recorded."""
    return "; ".join(reason_text(r, language) for r in outcome["reasons"] if r.get("message"))


def reason_text(reason: Mapping[str, Any], language: Language = "en") -> str:
    """One reason's sentence in ``language``."""
    if language == "en" or not reason.get("wording"):
        return str(reason.get("message", ""))
    return worded(str(reason["wording"]), reason.get("values") or {}, language)


@cache
def phrases(language: Language) -> dict[str, str]:
    """The frame's words in ``language`` (``prompts/answer_frame.md``), English if unknown."""
    sections = template_sections("answer_frame")
    block = sections.get(language) or sections["en"]
    pairs = (line.split(": ", 1) for line in block.splitlines() if ": " in line)
    return {key.strip(): text.strip() for key, text in pairs}


def status_line(
    outcome: ActionOutcome, original: PendingAction | None = None, language: Language = "en"
) -> str:
    """One action's line: done / waiting for whom / denied and why, then its key arguments.

    "- process_refund (support): done (edited by a reviewer: amount $1,250.00 -> $400.00)
    [order_number ORD-10501, amount $400.00]". In Spanish, French or German every part
    is in that language: the status words, the policy's reasons, the action's and its
    department's names and the arguments' names, amounts as its readers write them.
    """
    words = phrases(language)
    status = outcome["status"]
    values = {
        "who": words["who"],
        "why": reasons_text(outcome, language),
        "message": outcome.get("message") or "",
        "changes": ", ".join(
            f"{action_words.argument_label(k, language)} {shown(k, a, language)} -> "
            f"{shown(k, b, language)}"
            for k, (a, b) in edits(original, outcome).items()
        ),
    }
    key: str = status
    if status == "executed" and (outcome.get("result") or {}).get("duplicate"):
        key = "duplicate"
    elif status in ("denied", "awaiting_approval") and values["why"]:
        key = f"{status}_why"
    elif status == "rejected" and values["message"]:
        key = "rejected_why"
    detail = Template(words[key]).safe_substitute(values).rstrip(": ")
    if values["changes"]:
        detail += " " + Template(words["changes"]).safe_substitute(values)
    action = outcome["action"]
    args = what(action, language)
    department = action["department"]
    line = Template(words["line"]).safe_substitute(
        action=action_words.action_name(action["tool"], language),
        department=department if language == "en" else department_label(department, language),
        detail=detail,
    )
    return line + (f" [{args}]" if args else "")


def originals(state: Mapping[str, Any]) -> dict[str, PendingAction]:
    """The actions as the departments proposed them, by id (before any edit)."""
    return {
        a["action_id"]: a
        for result in state.get("results", {}).values()
        for a in result["pending_actions"]
    }


def corrected_summary(summary: str, state: Mapping[str, Any], language: Language = "en") -> str:
    """``summary`` with the values a reviewer changed replaced by the edited ones.

    Only the lines that quote the action itself (its proposal summary, or its tool's
    name as the offline answers write it) are corrected: an order's price elsewhere may
    equal the proposed refund and must stay as it is.
    """
    proposed = originals(state)
    lines = summary.split("\n")
    for outcome in state.get("actions", {}).values():
        original = proposed.get(outcome["action"]["action_id"])
        changed = edits(original, outcome)
        if original is None or not changed:
            continue
        marks = (
            original["summary"].lower(),
            original["tool"].replace("_", " "),
            action_words.tool_label(original["tool"], language).lower(),
            action_words.action_summary(original, language).lower(),
        )
        for number, line in enumerate(lines):
            if any(mark and mark in line.lower() for mark in marks):
                lines[number] = _replaced(line, changed, language)
    return "\n".join(lines)


def _replaced(line: str, changed: dict[str, tuple[Any, Any]], language: Language = "en") -> str:
    for name, (before, after) in changed.items():
        if before is None or after is None:
            continue
        forms = money_text(before, language) if name in MONEY_ARGS else [str(before)]
        for form in forms:
            if len(form) < 3 and not form.startswith("$"):
                continue  # too short to replace safely ("50")
            pattern = rf"(?<![\w$.,]){re.escape(form)}(?!\w|[.,]\d)"
            note = Template(phrases(language)["edited_from"]).safe_substitute(
                after=shown(name, after, language), before=shown(name, before, language)
            )
            line, count = re.subn(pattern, note.replace("\\", "\\\\"), line)
            if count:
                break
    return line


def framed_answer(state: Mapping[str, Any]) -> str | None:
    """The answer with its status frame, or None when the request led to no action.

    The frame is in the request's language (English, Spanish, French or German).
    """
    outcomes = list(state.get("actions", {}).values())
    if not outcomes:
        return None
    language = detect_language(str(state.get("request", "")))
    proposed = originals(state)
    lines = [status_line(o, proposed.get(o["action"]["action_id"]), language) for o in outcomes]
    base = body_of(state.get("answer", ""))
    heading = phrases(language)["heading"]
    return f"{corrected_summary(base, state, language)}\n\n{heading}\n" + "\n".join(lines)


def _headings() -> list[str]:
    return sorted({phrases(lang)["heading"] for lang in LANGUAGES})


def body_of(answer: str) -> str:
    """The answer without an earlier status frame (the frame is rewritten, never stacked)."""
    for heading in _headings():
        answer = answer.split(f"\n\n{heading}\n", 1)[0]
    return answer.strip()


def frame_only(answer: str) -> str:
    """The status frame of ``answer`` (what a message adds to the conversation)."""
    for heading in _headings():
        _, found, frame = answer.partition(f"\n\n{heading}\n")
        if found:
            return f"{heading}\n{frame}"
    return ""
