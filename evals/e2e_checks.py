"""The deterministic checks of an end-to-end case, as pure functions of what a run did.

A run is observed as an ``Observation`` (routed departments, tools that ran, actions the
graph proposed with their policy status, whether it waits on a human, outbox rows written,
the answer); a case (one line of ``evals/data/heldout/e2e.jsonl``) names what must hold.
Each check returns ``None`` when it holds, else one line saying what was wrong, so the
runner can print failures without re-deriving them. The checks never look at how the
agents work, only at what they did.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

CHECKS = ("departments", "tools", "policy", "facts", "must_not", "language")
"""Every check, in report order; a case has the ones its line names (language always)."""


@dataclass(frozen=True)
class ToolCall:
    """A tool that ran (read or draft) or was proposed as an action, with its arguments."""

    tool: str
    args: dict[str, Any]


@dataclass
class Observation:
    """What one run of the supervisor graph did, as the checks need it."""

    departments: set[str] = field(default_factory=set)
    executed: list[ToolCall] = field(default_factory=list)
    actions: list[tuple[ToolCall, str]] = field(default_factory=list)
    """Proposed actions and their status (``awaiting_approval``, ``denied``, ``allowed``...)."""
    interrupted_tools: set[str] = field(default_factory=set)
    outbox_rows: int = 0
    """Outbox rows recorded for sending (not the ``pending_approval`` rows of proposals)."""
    answer: str = ""
    error: str | None = None

    @property
    def calls(self) -> list[ToolCall]:
        """Every tool that ran or was proposed."""
        return [*self.executed, *(call for call, _status in self.actions)]

    @property
    def pending(self) -> bool:
        """Whether the run waits on a human for anything."""
        return bool(self.interrupted_tools) or any(
            status == "awaiting_approval" for _c, status in self.actions
        )


# --- values ---------------------------------------------------------------------------

_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def same_value(expected: Any, actual: Any) -> bool:
    """Whether an argument the model filled matches the expected one.

    Strings compare case-insensitively (order numbers, emails, names), ISO date-times to
    the minute (any zone suffix ignored), numbers numerically (a Decimal may arrive as a
    string), and an expected list is matched when each of its items is in the actual list.
    """
    if isinstance(expected, list):
        items = actual if isinstance(actual, list) else [actual]
        return all(any(same_value(e, a) for a in items) for e in expected)
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected == actual
    if isinstance(expected, (int, float)):
        try:
            return float(expected) == float(actual)
        except (TypeError, ValueError):
            return False
    if isinstance(expected, str) and _DATETIME.match(expected):
        text = str(actual or "").replace(" ", "T")
        return text[:16] == expected[:16]
    if isinstance(expected, str):
        return isinstance(actual, str) and actual.strip().lower() == expected.lower()
    return bool(expected == actual)


def args_match(expected: dict[str, Any], actual: dict[str, Any]) -> bool:
    """Whether every expected key argument has its value in ``actual``."""
    return all(key in actual and same_value(value, actual[key]) for key, value in expected.items())


# --- answer text ----------------------------------------------------------------------

_THOUSANDS = re.compile(r"(?<=\d)[,.\u00a0\u202f' ](?=\d{3}(?!\d))")


def normalise(text: str) -> str:
    """Lower-case, with thousands separators dropped (1,250.00 / 1.250,00 / 1 250 -> 1250)."""
    previous = None
    text = text.lower()
    while previous != text:  # 3,120,000 needs two passes: the lookahead overlaps
        previous, text = text, _THOUSANDS.sub("", text)
    return text


def contains_fact(answer: str, fact: str) -> bool:
    """Whether the answer states ``fact``; a number must stand alone (18 is not 2018)."""
    text, wanted = normalise(answer), normalise(fact)
    if re.fullmatch(r"[\d.]+", wanted):
        pattern = rf"(?<![\d/:-])(?<!\d\.){re.escape(wanted)}(?![\d/:-])"
        return re.search(pattern, text) is not None
    return wanted in text


_STOPWORD_TEXT = {
    "en": "the and is are of to for with your you we has have this that was will it not on "
    "in be by or from at as an what which there their any no yes it s",
    "es": "el la los las de del y es son para con su sus que una un por en se al lo "
    "no hay está están como más pero ya tu usted nuestro nuestra",
    "fr": "le la les des de du et est sont pour avec votre vos que une un par en sur "
    "au aux ce cette il pas ne nous vous qui dans été être l d qu n",
    "de": "der die das und ist sind für mit ihr ihre eine ein von zu im auf den dem des "
    "nicht wir sie es wird wurde bei noch auch oder über",
}

_STOPWORDS = {lang: frozenset(words.split()) for lang, words in _STOPWORD_TEXT.items()}


def detect_language(text: str) -> str:
    """The language of ``text`` among en/es/fr/de, by counting common function words.

    Deliberately simple and independent of the project's own language code, so the eval
    does not grade the agents with their own detector. English wins ties.
    """
    words = re.findall(r"[^\W\d_]+", text.lower())  # l'offre -> l, offre
    scores = {lang: sum(w in stop for w in words) for lang, stop in _STOPWORDS.items()}
    best = max(scores.values())
    if scores["en"] == best:
        return "en"
    return max(scores, key=lambda lang: scores[lang])


# --- checks ---------------------------------------------------------------------------

Check = Callable[[dict[str, Any], Observation], str | None]


def check_departments(case: dict[str, Any], obs: Observation) -> str | None:
    """Every expected department is routed to, and nothing outside the acceptable set."""
    required = set(case["departments"])
    acceptable = required | set(case.get("departments_ok", ()))
    if required <= obs.departments <= acceptable:
        return None
    return f"routed {sorted(obs.departments)}, expected {sorted(required)}" + (
        f" (also ok {sorted(acceptable - required)})" if acceptable != required else ""
    )


def check_tools(case: dict[str, Any], obs: Observation) -> str | None:
    """Each expected tool ran or was proposed with one of its acceptable argument sets."""
    missing = []
    for spec in case.get("tools", ()):
        names = spec["name"] if isinstance(spec["name"], list) else [spec["name"]]
        alternatives: Sequence[dict[str, Any]] = spec.get("args") or [{}]
        found = any(
            call.tool in names and any(args_match(alt, call.args) for alt in alternatives)
            for call in obs.calls
        )
        if not found:
            missing.append(f"{'|'.join(names)} {list(alternatives) if spec.get('args') else ''}")
    if not missing:
        return None
    seen = ", ".join(f"{c.tool} {_short(c.args)}" for c in obs.calls) or "none"
    return f"missing {'; '.join(m.strip() for m in missing)} (calls: {seen})"


def check_policy(case: dict[str, Any], obs: Observation) -> str | None:
    """Each expected action got its policy outcome."""
    wrong = []
    for item in case.get("policy", ()):
        tool, outcome = item["tool"], item["outcome"]
        statuses = [status for call, status in obs.actions if call.tool == tool]
        if outcome == "require_approval":
            ok = "awaiting_approval" in statuses and tool in obs.interrupted_tools
        elif outcome == "denied":
            ok = "denied" in statuses and tool not in obs.interrupted_tools
        else:  # allowed: it ran (a read or draft) or was allowed, and nothing waits or was refused
            ran = any(c.tool == tool for c in obs.executed) or bool(
                {"allowed", "executed"} & set(statuses)
            )
            ok = ran and not {"awaiting_approval", "denied"} & set(statuses)
        if not ok:
            wrong.append(f"{tool}: expected {outcome}, got {statuses or 'no action'}")
    return "; ".join(wrong) or None


def check_facts(case: dict[str, Any], obs: Observation) -> str | None:
    """The answer contains one alternative of every fact group."""
    missing = [
        "/".join(group)
        for group in case.get("facts", ())
        if not any(contains_fact(obs.answer, fact) for fact in group)
    ]
    return f"answer lacks {missing}" if missing else None


def check_must_not(case: dict[str, Any], obs: Observation) -> str | None:
    """Nothing the request rules out happened, and the answer says none of ``say`` (text
    that must not appear, e.g. English status words in a Spanish reply; case-insensitive)."""
    rules = case.get("must_not", {})
    broken = []
    if rules.get("pending") and obs.pending:
        broken.append(f"an action waits for approval ({sorted(obs.interrupted_tools)})")
    if rules.get("outbox") and obs.outbox_rows:
        broken.append(f"{obs.outbox_rows} outbox row(s) written")
    called = {c.tool for c in obs.calls}
    for tool in rules.get("tools", ()):
        if tool in called:
            broken.append(f"{tool} was called or proposed")
    said = [text for text in rules.get("say", ()) if text.lower() in obs.answer.lower()]
    if said:
        broken.append(f"the answer says {said}")
    return "; ".join(broken) or None


def check_language(case: dict[str, Any], obs: Observation) -> str | None:
    """The reply is in the request's language."""
    got = detect_language(obs.answer)
    return None if got == case["language"] else f"reply in {got}, expected {case['language']}"


CHECK_FUNCTIONS: dict[str, Check] = {
    "departments": check_departments,
    "tools": check_tools,
    "policy": check_policy,
    "facts": check_facts,
    "must_not": check_must_not,
    "language": check_language,
}


def checks_of(case: dict[str, Any]) -> list[str]:
    """The checks a case has: those its line names, plus departments and language."""
    return [name for name in CHECKS if name in case or name in ("departments", "language")]


def score(case: dict[str, Any], obs: Observation) -> dict[str, str | None]:
    """Each of the case's checks mapped to None (holds) or what went wrong."""
    if obs.error is not None:
        return {name: f"run failed: {obs.error}" for name in checks_of(case)}
    return {name: CHECK_FUNCTIONS[name](case, obs) for name in checks_of(case)}


def _short(args: dict[str, Any]) -> str:
    keep = {k: v for k, v in args.items() if not isinstance(v, str) or len(v) <= 40}
    return str(keep)
