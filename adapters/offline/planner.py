"""Turn a request into an ordered tool plan and choose the next call to make.

The plan is recomputed from the request on every model call (the model keeps no
state): the best-scoring tool, any other tool the request clearly asks for too ("find
sponsors and draft a proposal for the top one"), and before each the calls that supply
its missing arguments. Calls already answered by tool messages are skipped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from adapters.offline.argument_fill import Filled, fill_arguments
from adapters.offline.named_acts import unnamed_actions
from adapters.offline.noun_list import noun_list_items
from adapters.offline.providers import EVIDENCE, PRELUDES, providers_for
from adapters.offline.request import Request
from adapters.offline.request_parts import only_asks, request_parts
from adapters.offline.tool_picker import ToolPicker, ToolScore
from domain.negation import (
    ACTION_TOOLS,
    ANY_ACTION,
    VERBS,
    fold,
    tools_of,
    withheld_actions,
    withheld_tools,
)
from domain.question_mood import asks_for_information

SECONDARY_MIN_TRIGGER = 2.5
SECONDARY_GROUNDED_TRIGGER = 1.5
"""A second tool joins the plan on a strong trigger, or a weaker one with grounded args."""
MAX_INTENTS = 3
MEANING_ALONE = 0.4
"""With no trigger and no grounded argument, the closest tool in meaning is still chosen
when its cosine with one of its example requests reaches this; below it the model
answers without a tool. Small talk ("hello there", "thanks a lot!", "ok") scores under
0.15 against every tool, casual paraphrases of a tool's job ("how is it all looking
today" for the daily report) 0.4-0.6; the tuned tool-choice set has no case either way."""
STAND_IN_MARGIN = 0.1
"""How much less close in meaning a callable tool may be than the closest one, which
lacks its record, to be chosen in its place ("deals wrapping up": the pipeline review,
not one deal's qualification); a tool much further off answers another question."""
RECORD_WRITES = frozenset({"enrich_lead"})
"""Tools that change a stored record without reaching anyone: not actions the approval
policy gates, but still writes. "What's missing from Acme's record?" or "is her profile
complete?" asks to be told the gaps (the profile read), never to fill them."""
NOT_AN_ANSWER = tools_of(ANY_ACTION) | {"generate_content"} | RECORD_WRITES
"""Tools that act or draft copy: never what a question that only asks to be told
something gets ("how much can we still refund on ORD-11279?" is answered by the order's
lookup, "which campaign converts best?" by the metrics, not by a refund or a draft)."""
ACTING_TOOLS = tools_of(ANY_ACTION)
"""Tools that act on the world (send, escalate, refund...). A question never gets one:
"which vendors still haven't confirmed?" reads like the vendor reminder's description but
asks to be told, and ``make_plan`` bars every action for it with the one test of a
question (``domain.question_mood.asks_for_information``), so it gets the closest report.
A wish in other words ("I would like my money returned") still finds its action."""
_CONJUNCTION = re.compile(r"\b(and|then|also|plus|after that|y|luego|et|puis|und|dann)\b|;")


@dataclass
class Plan:
    """Tools to call in order; ``primary`` is the one the request is mainly about."""

    steps: list[str] = field(default_factory=list)
    primary: str | None = None
    scores: list[ToolScore] = field(default_factory=list)
    withheld: tuple[str, ...] = ()
    """Actions the request says not to take ("send", "escalate"...): no tool for them."""


@dataclass
class NextCall:
    """What to do now: call ``tool`` with ``filled.args``, or answer (``tool`` is None)."""

    tool: str | None
    filled: Filled = field(default_factory=Filled)
    index: int = 0


def make_plan(picker: ToolPicker, req: Request, *, forced: str | None = None) -> Plan:
    """The plan for ``req`` (computed as if no tool had run yet, so it is stable)."""
    fresh = Request(req.text, req.catalog, req.today, typed=req.typed)
    text, scores = picker.rank(fresh)
    # Negations and questions are read as typed: a respelling may turn "shouldnt" into
    # "should", and an action withheld into one asked for.
    typed = req.as_typed
    withheld = tuple(sorted(withheld_actions(typed)))
    barred: frozenset[str] = withheld_tools(typed) if withheld else frozenset()
    # "just draft, don't send": the send tools are not candidates at all; nor is any
    # action or draft for a request that only asks a question (``question_mood``).
    if asks_for_information(typed):
        barred |= NOT_AN_ANSWER
    # an action nobody named ("he reckons he was charged the wrong amount") waits for a read
    barred |= unnamed_actions(typed, scores, ACTING_TOOLS)
    if barred:
        scores = [s for s in scores if s.name not in barred]
    plan = _plan(picker, fresh, text, scores, forced)
    if forced is None:
        plan = _with_bullets(picker, req, plan, barred)
    plan.withheld = withheld
    return plan


_BULLET = re.compile(r"^\s*(?:[-*•·▪–]|\d{1,2}[.)])\s+(.+?)\s*$", re.MULTILINE)
"""A line of a pasted list ("- budget vs plan", "• who we know there", "2) forecast")."""


def bullets(text: str) -> list[str]:
    """The items of a list pasted in the request (a meeting agenda), or [] for prose."""
    items = [m.group(1) for m in _BULLET.finditer(text)]
    return items if len(items) >= 2 else []


_STEP_BREAK = re.compile(
    r"\s*;\s*|\s*,?\s*\b(?:and then|then|after that|afterwards|once that'?s done|"
    r"y luego|luego|y despu[eé]s|despu[eé]s|et ensuite|ensuite|puis|und dann|dann|danach)"
    r"\b\s*,?\s*",
    re.IGNORECASE,
)
"""Where a request sequences its steps in prose: a semicolon (the router joins one
department's clauses with one) or "then"/"after that" and their es/fr/de forms."""


MAX_WRITTEN_STEPS = 24
"""The steps of one request read one by one. A plan holds at most ``MAX_INTENTS + 2``
tools, so later steps could only repeat them; reading each step ranks every tool, and a
pasted 300-line list once took a minute to plan."""


def written_steps(text: str) -> list[str]:
    """The steps a request lists, as bullets or as sequenced prose ("how many contacts
    are directors; then draft an invitation for them"), or as parts that each ask their
    own thing ("how far over budget is Venue & AV, and who owns the AV run sheet?",
    ``request_parts``), or [] for one step. A step written twice is read once, and only
    the first ``MAX_WRITTEN_STEPS`` are read."""
    items = bullets(text) or noun_list_items(text)
    if not items:
        parts = [p.strip(" ,.") for p in _STEP_BREAK.split(text)]
        parts = [p for p in parts if len(p.split()) >= 2]
        items = [piece for part in parts for piece in (request_parts(part) or [part])]
    first: dict[str, str] = {}
    for item in items:
        first.setdefault(" ".join(item.casefold().split()), item)
    distinct = list(first.values())
    return distinct[:MAX_WRITTEN_STEPS] if len(distinct) >= 2 else []


def _with_bullets(
    picker: ToolPicker, req: Request, plan: Plan, barred: frozenset[str] | set[str]
) -> Plan:
    """A pasted list asks one thing per item: each item's own tool joins the plan.

    "Agenda: - anything overdue - budget lines over plan" has no "and" between its asks,
    and the whole text's best tool covers one item; each item read alone names its tool.
    Steps sequenced in prose ("count the VPs; then draft an invitation for them") are
    items the same way (``written_steps``).
    """
    items = written_steps(req.text)
    if not items:
        return plan
    listed = noun_list_items(req.as_typed)
    typed_items = written_steps(req.as_typed)
    if len(typed_items) != len(items):
        typed_items = items
    steps = list(plan.steps)
    for item, typed_item in zip(items, typed_items, strict=True):
        part = Request(item, req.catalog, req.today)
        text, scores = picker.rank(part)
        # A part that only asks ("is it in yet?") gets no action, whatever the rest asks.
        asks = only_asks(typed_item) or bool(listed)
        unwanted = barred | NOT_AN_ANSWER if asks else barred
        scores = [s for s in scores if s.name not in unwanted]
        found = _plan(picker, part, text, scores, None).steps
        if not found and asks:
            found = _about_the_named_record(picker, req, scores)
        for step in found:
            if step in steps or len(steps) >= MAX_INTENTS + 2:
                continue
            # An item's tool joins when the whole request fills it ("who we know there"
            # reads like a contact profile, but the agenda names no contact). Filling
            # reads the whole request, so it is asked only of a step that would join:
            # asking it of every item of a 300-sentence paste took over a minute.
            if fill_arguments(picker.tools[step], req).complete:
                steps.append(step)
        if len(steps) >= MAX_INTENTS + 2:
            break
    return Plan(steps, plan.primary or (steps[0] if steps else None), plan.scores)


def _about_the_named_record(picker: ToolPicker, req: Request, scores: list[ToolScore]) -> list[str]:
    """The read for a question part that names nothing itself ("how much did she pay?").

    It asks about the record the rest of the request names ("escalate ORD-10118, ...
    how much did she pay?"): the read tool, closest in meaning to the part, whose
    arguments the whole request fills from a named record or identifier.
    """
    for score in sorted(scores, key=lambda s: -s.cosine):
        if score.name in ACTING_TOOLS or score.name not in picker.tools:
            continue
        filled = fill_arguments(picker.tools[score.name], req)
        if filled.complete and filled.grounded:
            return [score.name]
    return []


def _plan(
    picker: ToolPicker, fresh: Request, text: str, scores: list[ToolScore], forced: str | None
) -> Plan:
    if forced is not None:
        intents = [forced] if forced in picker.tools else []
        primary = forced
    elif not scores:
        return Plan(scores=scores)
    elif scores[0].trigger == 0 and scores[0].fit <= 0:
        closest = max(scores, key=lambda s: (s.cosine, s.name))
        callable_ = [
            s
            for s in scores
            if s.fit >= 0
            and s.cosine >= MEANING_ALONE
            and s.name not in ACTING_TOOLS
            and closest.cosine - s.cosine <= STAND_IN_MARGIN
        ]
        if closest.fit < 0 and callable_:
            # "deals closing this month" reads closest to one deal's qualification, which
            # needs a deal the request does not name; the pipeline review, close enough in
            # meaning, answers it without asking (never an action: it stands in for a read)
            closest = max(callable_, key=lambda s: (s.cosine, s.name))
        if closest.cosine < MEANING_ALONE:
            report = _report_on_named(picker, fresh, scores)
            if report is None:
                return Plan(scores=scores)
            closest = next(s for s in scores if s.name == report)
        intents = [closest.name]
        primary = closest.name
    else:
        intents = _intents(scores, text)
        primary = scores[0].name
        lead = _leading_action(fresh.text, scores)
        if lead is not None and lead != primary:
            # "send Tomas a reminder about his overdue tasks": the opening verb is the job;
            # the report its object's words match runs first, as the action's evidence
            primary = lead
            intents = [lead, *(i for i in intents if i != lead)]
    steps: list[str] = []
    for intent in intents:
        for before in _prerequisites(picker, intent, fresh, scores):
            if before not in steps:
                steps.append(before)
        if intent not in steps:
            steps.append(intent)
    return Plan(steps, primary if intents else None, scores)


_POLITE_OPENING = re.compile(
    r"^(?:(?:please|pls|kindly|can you|could you|would you|now|ok|okay|por favor|bitte|"
    r"merci de|peux tu|pourrais tu|puedes|podrias)\s+)*"
)


def _leading_action(text: str, scores: list[ToolScore]) -> str | None:
    """The acting tool of the verb a request opens with, when it is among the candidates.

    An imperative that opens the request ("send", "remind", "escalate", "refund", "post",
    "invite"...) names what to do, whatever report its object's words ("his overdue
    deliverables") also match. The best-scoring tool of that action with a trigger of
    its own and no missing argument it cannot get is chosen; None when there is none.
    """
    openings = [_POLITE_OPENING.sub("", fold(text).strip())]
    openings += [_POLITE_OPENING.sub("", piece.strip()) for piece in _later_pieces(fold(text))]
    for opening in openings:
        for action, verbs in VERBS.items():
            if re.match(rf"(?:{verbs})\b", opening) is None:
                continue
            tools = ACTION_TOOLS[action]
            for score in scores:
                if score.name in tools and score.trigger > 0 and score.fit >= 0:
                    return score.name
    return None


def _later_pieces(folded: str) -> list[str]:
    """The pieces after the first that may open with an imperative of their own.

    A full sentence (ended by "." or "!") that puts its act off or on a condition ("If
    they don't pick up by Friday: escalate it", "Should they stay flat - escalate it")
    gives none of its pieces: the condition reaches past the colon or dash. Nor does a
    piece asked with a question mark ("Escalate it to the organiser? Not sure yet.").
    """
    pieces: list[str] = []
    first = True
    for sentence in _FULL_STOP.split(folded, maxsplit=_LATER_SENTENCES)[:_LATER_SENTENCES]:
        deferred = _DEFERRED.search(sentence) is not None
        start = 0
        for piece_break in [*_SENTENCE_BREAK.finditer(sentence), None]:
            end = len(sentence) if piece_break is None else piece_break.start()
            piece = sentence[start:end]
            asked = piece.rstrip().endswith("?") or sentence[end:].lstrip().startswith("?")
            if not first and not deferred and not asked:
                pieces.append(piece)
            first = False
            if piece_break is None or len(pieces) >= _LATER_SENTENCES:
                break
            start = piece_break.end()
    return pieces


_LATER_SENTENCES = 12
"""Only the first sentences are read for a later imperative (bounded on long input)."""
_FULL_STOP = re.compile(r"(?<=[.!])\s+")
"""Where a full sentence ends, the reach of a condition or deferral in it."""
_SENTENCE_BREAK = re.compile(r"[.!?;:]\s+|\s[-\u2013\u2014]\s")
"""Where a later sentence starts: "Sales are way behind - raise it with the organiser"
states a fact, then asks for the act in its own imperative sentence."""
_DEFERRED = re.compile(
    r"\b(?:if|unless|when|whenever|once|in case|should|tomorrow|later|next week|"
    r"si|cuando|manana|despues|demain|plus tard|quand|wenn|falls|sobald|morgen|spater)\b"
)
"""A later sentence that puts its act off or on a condition ("escalate it tomorrow if it
is still broken") does not ask for the act now; only the request's opening verb (as
before) or an unconditional later imperative leads the plan."""


REPORTED_IN: dict[str, tuple[str, ...]] = {
    "vendor": ("generate_status_report",),
    "deliverable": ("check_deliverables", "generate_status_report"),
    "budget_line": ("track_budget", "generate_status_report"),
    "owner": ("check_deliverables", "generate_status_report"),
}
"""The read tools whose result states a record of each kind (a vendor's confirmation,
a deliverable's state, a budget line's spend, the deliverables a named owner has: "Tomas
looked stressed today" is about what is on Tomas's list), first the one that says most
about it."""


def _report_on_named(picker: ToolPicker, req: Request, scores: list[ToolScore]) -> str | None:
    """The read that reports on a record the request names, when nothing else fits.

    "Is Harbourfront all locked in?" or "did StreamHouse ever confirm? don't chase them"
    match no tool's wording (or only the withheld reminder's), but they name a vendor and
    ask about it: the report that states that vendor answers them. Only tools still
    among ``scores`` (not barred by a negation or a question) are candidates.
    """
    candidates = {s.name for s in scores if s.name not in ACTING_TOOLS}
    for kind, tools in REPORTED_IN.items():
        if not req.entities(kind):
            continue
        for tool in tools:
            if tool in candidates and tool in picker.tools:
                return tool
    return None


def next_call(picker: ToolPicker, plan: Plan, req: Request, executed: list[str]) -> NextCall:
    """The first planned call not made yet, with its arguments (or None when done/stuck)."""
    done = Counter(executed)
    for index, tool in enumerate(plan.steps):
        if done[tool] > 0:
            done[tool] -= 1
            continue
        filled = fill_arguments(picker.tools[tool], req)
        return NextCall(tool, _own_step_arguments(picker, tool, req, filled) or filled, index)
    return NextCall(None)


def _own_step_arguments(
    picker: ToolPicker, tool: str, req: Request, whole: Filled
) -> Filled | None:
    """The arguments the written step that asks for ``tool`` names itself, if it does.

    "how many opened the agenda newsletter? then draft a post for the LinkedIn community
    buzz campaign": the whole request names the newsletter first, but the draft's step
    names its own campaign. When a step of the request (``written_steps``) is best served
    by ``tool`` and fills every argument the whole request grounds, its values win; a
    step that leans on the one before ("then draft an invitation for them") fills less
    and keeps the whole request's arguments.
    """
    if not whole.grounded:
        return None
    for item in written_steps(req.text):
        part = Request(item, req.catalog, req.today)
        _text, scores = picker.rank(part)
        if not scores or scores[0].name != tool:
            continue
        own = fill_arguments(picker.tools[tool], part)
        if own.complete and whole.grounded <= own.grounded:
            return own
    return None


def _intents(scores: list[ToolScore], text: str) -> list[str]:
    primary = scores[0]
    chosen: list[ToolScore] = [primary]
    for other in scores[1:]:
        if len(chosen) >= MAX_INTENTS:
            break
        if (
            (other.trigger >= SECONDARY_MIN_TRIGGER and other.fit >= 0)
            or (other.trigger >= SECONDARY_GROUNDED_TRIGGER and other.fit > 0)
        ) and _joined(other, chosen, text):
            chosen.append(other)
    ordered = sorted(chosen, key=lambda s: min((a for a, _ in s.spans), default=0))
    if primary.trigger == 0:
        return [primary.name]
    return [s.name for s in ordered]


def _joined(candidate: ToolScore, chosen: list[ToolScore], text: str) -> bool:
    """Whether ``candidate`` matched outside the chosen tools' matches, across an "and".

    ``text`` is the normalised request the spans index into.
    """
    taken = [span for score in chosen for span in score.spans]
    for start, end in candidate.spans:
        if not all(end <= a or start >= b for a, b in taken):
            continue
        for a, b in taken:
            between = text[b:start] if b <= start else text[end:a]
            if _CONJUNCTION.search(between):
                return True
    return False


def _prerequisites(
    picker: ToolPicker, tool: str, req: Request, scores: list[ToolScore]
) -> list[str]:
    before: list[str] = []
    prelude = PRELUDES.get(tool)
    if prelude in picker.tools and _fillable(picker, prelude, req):
        before.append(prelude)
    evidence = _evidence(picker, tool, req, scores)
    if evidence:
        before.append(evidence)
    for missing in fill_arguments(picker.tools[tool], req).missing:
        for name in missing.split(" or "):
            provider = next(
                (
                    p.tool
                    for p in providers_for(tool, name)
                    if p.tool in picker.tools
                    and p.when(req.text)
                    and _fillable(picker, p.tool, req)
                ),
                None,
            )
            if provider:
                before.append(provider)
                break
    return before


def _evidence(picker: ToolPicker, tool: str, req: Request, scores: list[ToolScore]) -> str | None:
    """The check to run first so ``tool`` acts on a record from the data (``EVIDENCE``).

    Only when the request names none of the records the action could be about; of the
    checks that could supply one, the one the request is closest to (its score) wins.
    """
    wanted = EVIDENCE.get(tool, ())
    filled = fill_arguments(picker.tools[tool], req).args
    if not wanted or any(filled.get(name) for name in wanted):
        return None
    candidates = {
        p.tool
        for name in wanted
        for p in providers_for(tool, name)
        if p.tool in picker.tools and p.when(req.text) and _fillable(picker, p.tool, req)
    }
    ranked = [s.name for s in scores if s.name in candidates]
    return ranked[0] if ranked else None


def _fillable(picker: ToolPicker, tool: str, req: Request) -> bool:
    return fill_arguments(picker.tools[tool], req).complete
