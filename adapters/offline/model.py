"""``OfflineChatModel``: the default chat model, a deterministic local policy.

Four modes, chosen from the call:

- a forced tool with a registered responder (structured output) returns its arguments;
- a system prompt ending in ``Task: <task>`` renders ``prompts/write_<task>.md``;
- with tools bound, it plans tool calls for the last human request, emits the next one,
  and once the plan is done writes the answer from ``prompts/offline_answer.md``;
- otherwise a short note on what it can do.

It streams (phrases of up to ``PHRASE_WORDS`` words, a line's end closing one early, or
one chunk per tool call) and reports estimated usage
(characters / 4) and ``model_name = "offline"`` on every message.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import AsyncIterator, Iterator, Sequence
from datetime import date
from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.messages.ai import UsageMetadata
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.runnables.config import run_in_executor
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import ConfigDict, Field, PrivateAttr

from adapters.offline import answers
from adapters.offline.argument_fill import ToolInfo, fill_arguments
from adapters.offline.conditional_branch import branch_for
from adapters.offline.conditions import (
    VALUE_ACTIONS,
    VALUE_CHECK,
    check_for,
    condition_holds,
    conditional_tools,
    deal_value,
    value_condition,
)
from adapters.offline.conversation import Turn, message_chars, read_turn
from adapters.offline.drafting import draft_language
from adapters.offline.entities import Catalog, EntityResolver
from adapters.offline.list_limits import limited, widened
from adapters.offline.named_records import further_record
from adapters.offline.planner import NextCall, Plan, make_plan, next_call
from adapters.offline.providers import found_none
from adapters.offline.question_fallback import KNOWLEDGE_TOOL, knowledge_fallback
from adapters.offline.ratios import operand_read
from adapters.offline.request import Request
from adapters.offline.structured import StructuredResponder, responder_for
from adapters.offline.tenancy import current_tenant
from adapters.offline.tool_picker import ToolPicker
from adapters.offline.withheld_draft import withheld_email_draft
from adapters.offline.writing_mode import facts_of, render_writing, writing_task
from domain.negation import withheld_tools

MODEL_NAME = "offline"
NAMED_KINDS = ("vendor", "deliverable", "budget_line", "external_event")
"""Records a request may ask about by name; the answer states the named one first."""
_MUST_CALL = {"any", "required"}


class OfflineChatModel(BaseChatModel):
    """A deterministic chat model that runs without a network.

    Attributes:
        resolver: finds the tenant's records named in requests; without it only literal
            values (order numbers, emails, amounts, ids) fill arguments.
        default_tenant: tenant used outside a graph run (inside, the run's context wins).
        today: business date when there is no resolver (else the tenant's).
        responders: structured-output responders for this instance, by schema name.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    resolver: EntityResolver | None = None
    default_tenant: str = "demo"
    today: date | None = None
    responders: dict[str, StructuredResponder] = Field(default_factory=dict)
    _pickers: dict[tuple[str, ...], ToolPicker] = PrivateAttr(default_factory=dict)

    @property
    def _llm_type(self) -> str:
        return "switchboard-offline"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_name": MODEL_NAME}

    def bind_tools(
        self,
        tools: Sequence[Any],
        *,
        tool_choice: str | dict[str, Any] | bool | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """Bind tools (any form ``convert_to_openai_tool`` accepts) and a tool choice."""
        formatted = [convert_to_openai_tool(tool) for tool in tools]
        return self.bind(tools=formatted, tool_choice=tool_choice, **kwargs)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        message = self._respond(messages, kwargs.get("tools") or [], kwargs.get("tool_choice"))
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        message = self._respond(messages, kwargs.get("tools") or [], kwargs.get("tool_choice"))
        for piece in _pieces(message):
            chunk = ChatGenerationChunk(message=piece)
            if run_manager:
                run_manager.on_llm_new_token(piece.text, chunk=chunk)
            yield chunk

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        """The same chunks as ``_stream``, with their callbacks awaited on the event loop.

        The answer is worked out in a worker thread (it may read the database); only the
        chunks are emitted here. LangChain's default ``_astream`` runs ``_stream`` in a
        thread instead, one thread hop per chunk, and each chunk's ``on_llm_new_token``
        then reaches the run's async handlers (``astream_events``) through a new event
        loop per call: most of a streamed run's CPU before this method existed.
        """
        message = await run_in_executor(
            None, self._respond, messages, kwargs.get("tools") or [], kwargs.get("tool_choice")
        )
        for piece in _pieces(message):
            chunk = ChatGenerationChunk(message=piece)
            if run_manager:
                await run_manager.on_llm_new_token(piece.text, chunk=chunk)
            yield chunk

    # -- the policy -------------------------------------------------------------------

    def _respond(
        self, messages: list[BaseMessage], tools: list[dict[str, Any]], tool_choice: Any
    ) -> AIMessage:
        infos = [ToolInfo.from_openai(t) for t in tools] if tool_choice != "none" else []
        forced = _forced_name(tool_choice, infos)
        if forced is not None:
            responder = responder_for(forced, self.responders)
            if responder is not None:
                schema = next(t for t in tools if ToolInfo.from_openai(t).name == forced)
                return self._finish(messages, tools, "", [(forced, responder(messages, schema))])
        task = writing_task(messages)
        if task is not None and not infos:
            return self._finish(messages, tools, render_writing(task, facts_of(messages)))
        if infos:
            must_call = tool_choice in _MUST_CALL or tool_choice is True or forced is not None
            return self._agent(messages, tools, infos, forced, must_call)
        return self._finish(messages, tools, answers.plain_answer())

    def _agent(
        self,
        messages: list[BaseMessage],
        tools: list[dict[str, Any]],
        infos: list[ToolInfo],
        forced: str | None,
        must_call: bool,
    ) -> AIMessage:
        turn = read_turn(messages)
        if turn.request is None:
            return self._finish(messages, tools, answers.plain_answer())
        turn.calls = [limited(call, turn.request) for call in turn.calls]
        catalog = self._catalog()
        picker = self._picker(infos)
        req = Request(
            picker.respell(turn.request, catalog.words if catalog else frozenset()),
            catalog,
            catalog.today if catalog else self.today or date.today(),
            turn.results,
            reply_language=turn.language,
            typed=turn.request,
        )
        plan = make_plan(picker, req, forced=forced)
        language = draft_language(req)
        named = {kind: [e.id for e in req.entities(kind)] for kind in NAMED_KINDS}
        note = answers.withheld_note(plan.withheld, language)
        note += withheld_email_draft(picker.tools, req, language)
        if turn.failed:
            text = answers.final_answer(
                turn.calls, language=language, catalog=catalog, named=named, asked=req.text
            )
            return self._finish(messages, tools, text + note)
        bound = value_condition(turn.request)
        acting = VALUE_ACTIONS & set(plan.steps) - set(turn.executed) if bound else set()
        if bound is not None and acting and VALUE_CHECK in picker.tools:
            # "If the deal is over 20k, move it to negotiation": read the deal's value
            # first, and act only when the bound holds; otherwise say what it is worth.
            if VALUE_CHECK not in turn.executed:
                filled = fill_arguments(picker.tools[VALUE_CHECK], req)
                if filled.complete:
                    return self._call(messages, tools, turn, VALUE_CHECK, filled.args)
            else:
                value = deal_value(turn.results)
                if value is not None and not bound.holds(value):
                    lines = [answers.final_answer(turn.calls, language=language, catalog=catalog)]
                    lines += [
                        answers.value_condition_not_met(t, value, bound.bound, language)
                        for t in sorted(acting)
                    ]
                    return self._finish(messages, tools, "\n".join(lines) + note)
        held = conditional_tools(turn.request) & set(picker.tools) - withheld_tools(turn.request)
        check = check_for(turn.request, picker.tools) if held else None
        if held and check is not None:
            if check not in turn.executed:
                args = fill_arguments(picker.tools[check], req).args
                return self._call(messages, tools, turn, check, args)
            holds, severity = condition_holds(turn.results, check, _trades(req))
            if not holds:
                lines = [
                    answers.final_answer(
                        turn.calls, language=language, catalog=catalog, named=named, asked=req.text
                    )
                ]
                lines += [answers.condition_not_met(t, severity, language) for t in sorted(held)]
                return self._finish(messages, tools, "\n".join(lines) + note)
            for tool in sorted(held - set(turn.executed) - set(plan.steps)):
                filled = fill_arguments(picker.tools[tool], req)
                if filled.complete:
                    return self._call(messages, tools, turn, tool, filled.args)
                # The condition holds but the action cannot be written: say so, not nothing.
                note = answers.condition_unfilled(tool, filled.missing, severity, language) + note
        branch = branch_for(
            turn.request,
            plan.steps,
            picker.tools,
            vendors=bool(req.entities("vendor")),
            campaign=bool(req.entities("campaign")),
        )
        if branch is not None:
            # "if X, do Y": read what X is about first; Y stays only when X holds
            if branch.read is not None and branch.read not in turn.executed:
                filled = fill_arguments(picker.tools[branch.read], req)
                if filled.complete:
                    return self._call(messages, tools, turn, branch.read, filled.args)
            holds, found = branch.verdict(turn.results, named.get("vendor", []))
            if holds is not True:
                plan.steps = [s for s in plan.steps if s not in branch.tools]
                note = (
                    answers.branch_not_taken(
                        sorted(branch.tools),
                        branch.condition,
                        found if holds is False else None,
                        language,
                    )
                    + note
                )
        step = next_call(picker, plan, req, turn.executed)
        if self._ask_the_knowledge_base(picker, plan, step, turn, forced):
            args = fill_arguments(picker.tools[KNOWLEDGE_TOOL], req).args
            return self._call(messages, tools, turn, KNOWLEDGE_TOOL, args)
        if step.tool is None and must_call and not turn.calls and plan.scores:
            top = plan.scores[0].name
            return self._call(
                messages, tools, turn, top, fill_arguments(picker.tools[top], req).args
            )
        if step.tool is None:
            further = _further_recipient(picker, req, turn)
            if further is not None:
                return self._call(messages, tools, turn, "send_email", further)
            again = further_record(picker, req, turn.calls) or operand_read(
                turn.calls, req.text, list(picker.tools)
            )
            if again is not None:
                return self._call(messages, tools, turn, *again)
            if not plan.steps and not turn.calls:
                if note:
                    return self._finish(messages, tools, note.strip())
                no_tool = answers.no_tool_answer(list(picker.tools), language)
                return self._finish(messages, tools, no_tool)
            text = answers.final_answer(
                turn.calls, language=language, catalog=catalog, named=named, asked=req.text
            )
            return self._finish(messages, tools, text + note)
        if step.filled.complete or must_call:
            return self._call(messages, tools, turn, step.tool, step.filled.args)
        text = answers.final_answer(
            turn.calls,
            named=named,
            asked=req.text,
            missing=(step.tool, step.filled.missing),
            absent=found_none(req, step.tool, step.filled.missing),
            language=language,
            catalog=catalog,
        )
        return self._finish(messages, tools, text + note)

    @staticmethod
    def _ask_the_knowledge_base(
        picker: ToolPicker, plan: Plan, step: NextCall, turn: Turn, forced: str | None
    ) -> bool:
        """A question no tool fits, or one matched to a tool it cannot fill, goes to the
        knowledge base (``question_fallback``) before anything else is said."""
        if turn.calls or forced is not None or step.tool == KNOWLEDGE_TOOL:
            return False
        unmatched = step.tool is None and not plan.steps
        unfillable = step.tool is not None and not step.filled.complete
        if not (unmatched or unfillable):
            return False
        return knowledge_fallback(set(picker.tools), turn.request or "", matched=unfillable)

    def _call(
        self,
        messages: list[BaseMessage],
        tools: list[dict[str, Any]],
        turn: Turn,
        tool: str,
        args: dict[str, Any],
    ) -> AIMessage:
        args = widened(tool, args, turn.request)
        return self._finish(messages, tools, "", [(tool, args)], offset=len(turn.executed))

    def _finish(
        self,
        messages: list[BaseMessage],
        tools: list[dict[str, Any]],
        text: str,
        calls: list[tuple[str, dict[str, Any]]] | None = None,
        *,
        offset: int = 0,
    ) -> AIMessage:
        tool_calls = [
            {"name": name, "args": args, "id": f"call_{offset + i + 1}_{name}", "type": "tool_call"}
            for i, (name, args) in enumerate(calls or [])
        ]
        out_chars = len(text) + sum(
            len(json.dumps(c["args"], default=str)) + len(c["name"]) for c in tool_calls
        )
        in_chars = message_chars(messages) + (len(json.dumps(tools, default=str)) if tools else 0)
        usage = UsageMetadata(
            input_tokens=math.ceil(in_chars / 4),
            output_tokens=math.ceil(out_chars / 4),
            total_tokens=math.ceil(in_chars / 4) + math.ceil(out_chars / 4),
        )
        return AIMessage(
            content=text,
            tool_calls=tool_calls,
            usage_metadata=usage,
            response_metadata={"model_name": MODEL_NAME},
        )

    def _catalog(self) -> Catalog | None:
        if self.resolver is None:
            return None
        return self.resolver.catalog(current_tenant(self.default_tenant))

    def _picker(self, infos: list[ToolInfo]) -> ToolPicker:
        key = tuple(f"{t.name}:{hash(t.description)}" for t in infos)
        if key not in self._pickers:
            self._pickers[key] = ToolPicker(infos)
        return self._pickers[key]


def _trades(req: Request) -> list[str]:
    """The trades of the vendors ``req`` names ("catering"): what a condition is about."""
    if req.catalog is None:
        return []
    return [
        str(m.entity.attrs["service"])
        for m in req.catalog.find(req.text, "vendor")
        if m.entity.attrs.get("service")
    ]


def _forced_name(tool_choice: Any, infos: list[ToolInfo]) -> str | None:
    """The tool a ``tool_choice`` forces: a name, an OpenAI dict, or "any" with one tool."""
    names = [t.name for t in infos]
    if isinstance(tool_choice, dict):
        name = tool_choice.get("function", {}).get("name") or tool_choice.get("name")
        return name if name in names else None
    if isinstance(tool_choice, str) and tool_choice in names:
        return tool_choice
    if (tool_choice in _MUST_CALL or tool_choice is True) and len(names) == 1:
        return names[0]
    return None


PHRASE_WORDS = 3
"""Words per streamed text chunk.

The whole answer exists before its first chunk, so chunking only sets how it appears.
Every chunk costs the same on its way to the client whatever its length (callbacks,
``astream_events``, an AG-UI event, a socket write); one per word was two thirds of a
refund run's events. Three words still stream visibly, like a fast model.
"""


def _phrases(text: str) -> list[str]:
    """``text`` cut after every ``PHRASE_WORDS`` words and at line ends; joined, ``text``."""
    phrases: list[str] = []
    phrase, words = "", 0
    for word in re.findall(r"\s*\S+\s*", text):
        phrase, words = phrase + word, words + 1
        if words == PHRASE_WORDS or "\n" in word:
            phrases.append(phrase)
            phrase, words = "", 0
    if phrase:
        phrases.append(phrase)
    return phrases


def _pieces(message: AIMessage) -> list[AIMessageChunk]:
    """``message`` as the chunks a stream yields: its phrases, its tool calls, then usage."""
    pieces: list[AIMessageChunk] = [AIMessageChunk(content=p) for p in _phrases(message.text)]
    if message.tool_calls:
        pieces.append(
            AIMessageChunk(
                content="",
                tool_call_chunks=[
                    {
                        "name": c["name"],
                        "args": json.dumps(c["args"]),
                        "id": c["id"],
                        "index": i,
                        "type": "tool_call_chunk",
                    }
                    for i, c in enumerate(message.tool_calls)
                ],
            )
        )
    pieces.append(
        AIMessageChunk(
            content="",
            usage_metadata=message.usage_metadata,
            response_metadata=dict(message.response_metadata),
            chunk_position="last",
        )
    )
    return pieces


MAX_RECIPIENTS = 5
"""At most this many named contacts get their own email from one request (as support
resends at most five quoted orders)."""


def _further_recipient(picker: ToolPicker, req: Request, turn: Turn) -> dict[str, Any] | None:
    """The next email of a request that names several contacts ("email A, B and C").

    The plan writes one email, to the first contact named; each further contact named
    (up to ``MAX_RECIPIENTS``) gets its own, written as if the request named only them
    and their company, so greeting, address and deal are theirs.
    """
    emails = [c for c in turn.calls if c.tool == "send_email"]
    if not emails or "send_email" not in picker.tools or req.catalog is None:
        return None
    contacts = req.entities("contact")[:MAX_RECIPIENTS]
    if len(contacts) < 2:
        return None
    written = {c.args.get("contact_id") for c in emails} | {c.args.get("to") for c in emails}
    for contact in contacts:
        if contact.id in written or contact.attrs.get("email") in written:
            continue
        company = req.catalog.by_id("company", contact.attrs.get("company_id") or -1)
        alone = Request(
            req.text,
            req.catalog,
            req.today,
            req.results,
            reply_language=req.reply_language,
            _found={"contact": [contact], "company": [company] if company else []},
        )
        filled = fill_arguments(picker.tools["send_email"], alone)
        repeats = filled.args.get("to") in written or filled.args.get("contact_id") in written
        if filled.complete and not repeats:
            return filled.args
    return None
