"""Research brief on a company or a contact, as an explicit graph.

resolve (the company or contact the request names; when unclear, ask which) → research
(``research_company``, and ``research_contact`` for a person) → people (``find_contacts``
for a company, ``verify_email`` of the top ones) → attendance (``find_event_attendance``)
→ qualify (``qualify_lead`` on an open deal) → notify sales about a target account →
brief written by the model.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, Literal, NotRequired, TypedDict

from langgraph.config import get_config
from langgraph.graph import END, START, StateGraph
from langgraph.runtime import Runtime

from adapters.services import Services
from domain.research.mentions import labels, resolve_mention
from graphs.context import Context
from graphs.state import DepartmentResult, PlanStep
from nodes.playbooks import research_brief_steps as steps
from nodes.playbooks.catalog import Playbook
from nodes.playbooks.playbook_kit import (
    PlaybookInput,
    PlaybookOutput,
    department_result,
    run_tool,
    send_agent_message,
    thread_of,
)
from nodes.writing import write
from tools.results.research import (
    FIND_EVENT_ATTENDANCE,
    RESEARCH_COMPANY,
    RESEARCH_CONTACT,
    VERIFY_EMAIL,
)
from tools.results.sales import FIND_CONTACTS, QUALIFY_LEAD

NAME = "research_brief"


class ResearchState(TypedDict):
    """Working state of the research brief."""

    step: PlanStep
    inputs: dict[str, DepartmentResult]
    request: str
    target: NotRequired[dict[str, Any] | None]
    candidates: NotRequired[list[dict[str, Any]]]
    company: NotRequired[dict[str, Any]]
    contact: NotRequired[dict[str, Any] | None]
    contacts: NotRequired[list[dict[str, Any]]]
    attendance: NotRequired[list[dict[str, Any]]]
    qualification: NotRequired[dict[str, Any] | None]
    message_ids: NotRequired[list[int]]
    tools_used: Annotated[list[str], operator.add]
    errors: Annotated[list[dict[str, str]], operator.add]
    result: NotRequired[DepartmentResult]


def build(
    services: Services,
) -> StateGraph[ResearchState, Context, PlaybookInput, PlaybookOutput]:
    """The research brief graph (uncompiled)."""

    def resolve(state: ResearchState, runtime: Runtime[Context]) -> dict[str, Any]:
        text = f"{state['step']['task']}\n{state['request']}"
        with services.scope(runtime.context.tenant_id, actor="research") as scope:
            found = resolve_mention(scope, text)
            named = labels(scope, found.candidates)
        target = found.target
        return {
            "target": None if target is None else vars(target),
            "candidates": [
                {"kind": c.kind, "id": c.id, "name": c.name, "label": label}
                for c, label in zip(found.candidates, named, strict=True)
            ],
        }

    def after_resolve(state: ResearchState) -> Literal["research", "ask"]:
        return "research" if state.get("target") else "ask"

    def ask(state: ResearchState) -> dict[str, Any]:
        candidates = state.get("candidates", [])
        question = steps.clarify_question([c.get("label") or c["name"] for c in candidates])
        summary = write(services.model, "research_clarify", {"question": question}, answer=True)
        data = {"candidates": candidates, "resolved": None}
        result = department_result(
            state["step"],
            department="research",
            playbook=NAME,
            summary=summary,
            data=data,
            tools_used=[],
            pending_actions=[],
        )
        return {"result": result}

    def research(state: ResearchState, runtime: Runtime[Context]) -> dict[str, Any]:
        target = state["target"] or {}
        errors: list[dict[str, str]] = []
        used = []
        contact = None
        with services.scope(runtime.context.tenant_id, actor="research") as scope:
            if target["kind"] == "contact":
                used.append("research_contact")
                person = run_tool(scope, RESEARCH_CONTACT, {"contact_id": target["id"]}, errors)
                contact = steps.contact_record(person) if person else None
            used.append("research_company")
            args = {"company_id": target["company_id"]}
            profile = run_tool(scope, RESEARCH_COMPANY, args, errors)
        update: dict[str, Any] = {"contact": contact, "tools_used": used, "errors": errors}
        if profile is not None:
            update["company"] = steps.company_record(profile)
        return update

    def people(state: ResearchState, runtime: Runtime[Context]) -> dict[str, Any]:
        errors: list[dict[str, str]] = []
        company, contact = state["company"], state.get("contact")
        used = []
        with services.scope(runtime.context.tenant_id, actor="research") as scope:
            if contact is not None:
                listed = steps.people_listed([{"contact_id": contact["id"], **contact}])
            else:
                used.append("find_contacts")
                args = {"company_id": company["id"], "limit": steps.CONTACTS_LISTED}
                found = run_tool(scope, FIND_CONTACTS, args, errors)
                listed = steps.people_listed(found["contacts"] if found else [])
            for person in listed[: steps.VERIFY_TOP_CONTACTS]:
                used.append("verify_email")
                checked = run_tool(scope, VERIFY_EMAIL, {"email": person["email"]}, errors)
                if checked is not None:
                    person["verification"] = checked["status"]
        return {"contacts": listed, "tools_used": list(dict.fromkeys(used)), "errors": errors}

    def attendance(state: ResearchState, runtime: Runtime[Context]) -> dict[str, Any]:
        errors: list[dict[str, str]] = []
        company_id = state["company"]["id"]
        with services.scope(runtime.context.tenant_id, actor="research") as scope:
            args = {"company_ids": [company_id]}
            found = run_tool(scope, FIND_EVENT_ATTENDANCE, args, errors)
            today = scope.today.isoformat()
        events = steps.attendance_records(found["events"] if found else [], company_id, today)
        return {"attendance": events, "tools_used": ["find_event_attendance"], "errors": errors}

    def qualify(state: ResearchState, runtime: Runtime[Context]) -> dict[str, Any]:
        deals = state["company"]["open_opportunities"]
        if not deals:
            return {"qualification": None}
        errors: list[dict[str, str]] = []
        with services.scope(runtime.context.tenant_id, actor="research") as scope:
            args = {"opportunity_id": deals[0]["opportunity_id"]}
            lead = run_tool(scope, QUALIFY_LEAD, args, errors)
        qualification = (
            None if lead is None else {**args, "score": lead["score"], "grade": lead["grade"]}
        )
        return {"qualification": qualification, "tools_used": ["qualify_lead"], "errors": errors}

    def notify_sales(state: ResearchState, runtime: Runtime[Context]) -> dict[str, Any]:
        company = state["company"]
        if not company["is_target_account"]:
            return {"message_ids": []}
        payload = steps.sales_payload(dict(state))
        with services.scope(runtime.context.tenant_id, actor="research") as scope:
            message_id = send_agent_message(
                scope,
                from_agent="research",
                to_agent="sales",
                message_type="notification",
                payload=payload,
                priority="medium",
                requires_response=False,
                thread_id=thread_of(get_config()),
            )
        return {"message_ids": [message_id]}

    def write_brief(state: ResearchState) -> dict[str, Any]:
        if "company" not in state:  # the record could not be read: say so, ask again
            name = (state.get("target") or {}).get("name", "that record")
            question = f"I could not read {name} from the CRM; which company or contact?"
            brief = write(services.model, "research_clarify", {"question": question}, answer=True)
        else:
            brief = write(
                services.model, "research_brief", steps.brief_facts(dict(state)), answer=True
            )
        data = steps.brief_data(dict(state))
        result = department_result(
            state["step"],
            department="research",
            playbook=NAME,
            summary=brief,
            data=data,
            tools_used=list(dict.fromkeys(state.get("tools_used", []))),
            pending_actions=[],
        )
        return {"result": result}

    def after_research(state: ResearchState) -> Literal["people", "write_brief"]:
        return "people" if state.get("company") else "write_brief"

    graph = StateGraph(
        ResearchState,
        context_schema=Context,
        input_schema=PlaybookInput,
        output_schema=PlaybookOutput,
    )
    graph.add_node("resolve", resolve)
    graph.add_node("ask", ask)
    graph.add_node("research", research)
    graph.add_node("people", people)
    graph.add_node("attendance", attendance)
    graph.add_node("qualify", qualify)
    graph.add_node("notify_sales", notify_sales)
    graph.add_node("write_brief", write_brief)
    graph.add_edge(START, "resolve")
    graph.add_conditional_edges("resolve", after_resolve)
    graph.add_edge("ask", END)
    graph.add_conditional_edges("research", after_research)
    graph.add_edge("people", "attendance")
    graph.add_edge("attendance", "qualify")
    graph.add_edge("qualify", "notify_sales")
    graph.add_edge("notify_sales", "write_brief")
    graph.add_edge("write_brief", END)
    return graph


PLAYBOOK = Playbook(
    name=NAME,
    department="research",
    build=build,
    triggers=(
        "research brief",
        "brief on",
        "background on",
        "research company",
        "research contact",
        "research the company",
        "who is",
    ),
    description="Research brief on a company or contact from the CRM: firmographics, signals, "
    "sponsorship history, people with verified emails, other events they attend and the "
    "open deal's lead score; target accounts' key points go to sales.",
)
