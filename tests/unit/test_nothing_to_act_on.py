"""A missing record the data does not have is stated, not asked for (issue 9, pattern 3).

"Draft a proposal for Globex": the offline model first looks up Globex's open deal
(``qualify_lead``); when there is none, "which opportunity?" would ask the user for
something the data says does not exist. The answer says Globex has no open deal.
"""

from __future__ import annotations

from datetime import date

from adapters.offline.answers import CallOutcome, final_answer
from adapters.offline.providers import found_none
from adapters.offline.request import Request

TODAY = date(2026, 9, 1)
NO_DEAL = {"lead": {"company_id": 9, "company": "Initrode", "opportunity_id": None}}
A_DEAL = {"lead": {"company_id": 9, "company": "Initrode", "opportunity_id": 31}}


def request(*results: tuple[str, dict[str, object]]) -> Request:
    return Request("write up a sponsorship proposal for Initrode", None, TODAY, list(results))


def test_a_lookup_that_found_no_deal_is_the_reason() -> None:
    req = request(("qualify_lead", NO_DEAL))
    assert found_none(req, "generate_proposal", ["opportunity_id"]) == ("opportunity_id", NO_DEAL)


def test_before_any_lookup_or_when_it_found_one_there_is_no_such_reason() -> None:
    assert found_none(request(), "generate_proposal", ["opportunity_id"]) is None
    req = request(("qualify_lead", A_DEAL))
    assert found_none(req, "generate_proposal", ["opportunity_id"]) is None


def test_the_answer_says_the_company_has_no_deal_instead_of_asking() -> None:
    calls = [CallOutcome("qualify_lead", {"company_id": 9}, NO_DEAL)]
    answer = final_answer(
        calls, missing=("generate_proposal", ["opportunity_id"]), absent=("opportunity_id", NO_DEAL)
    )
    assert "Initrode has no open opportunity (deal)" in answer
    assert "?" not in answer


def test_the_reason_is_in_the_request_language() -> None:
    calls = [CallOutcome("qualify_lead", {"company_id": 9}, NO_DEAL)]
    missing = ("generate_proposal", ["opportunity_id"])
    absent = ("opportunity_id", NO_DEAL)
    spanish = final_answer(calls, missing=missing, absent=absent, language="es")
    german = final_answer(calls, missing=missing, absent=absent, language="de")
    assert "Initrode no tiene ninguna oportunidad abierta" in spanish
    assert "Initrode hat keine offene Verkaufschance" in german
