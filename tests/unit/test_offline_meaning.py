"""The offline model's tool choice by meaning (issue 9's pattern 6), on requests of my own."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from adapters.offline.entities import Catalog, Entity
from adapters.offline.planner import MEANING_ALONE, make_plan
from adapters.offline.request import Request
from adapters.offline.tool_picker import meaning_text
from adapters.offline.vocabulary import TOOL_EXAMPLES
from nodes.routing.text import normalise

sys.path.insert(0, str(Path(__file__).parent))
from test_offline_picker import picker, request


@pytest.mark.parametrize(
    ("department", "text", "tool"),
    [
        # "what should we do" is a recommendation, not a forecast
        ("analytics", "sales are slow, what should we do about it", "recommend_actions"),
        # casual phrasings of the daily report find the report
        ("analytics", "how is it all looking today", "generate_report"),
        ("analytics", "quick rundown of how the event is doing this morning", "generate_report"),
        # no trigger word in common with the tool, only meaning
        ("support", "I would like my money returned", "process_refund"),
        ("research", "who calls the shots at Globex", "find_contacts"),
    ],
)
def test_a_request_finds_the_tool_it_means(department: str, text: str, tool: str) -> None:
    examples = {normalise(e) for lines in TOOL_EXAMPLES.values() for e in lines}
    assert normalise(text) not in examples  # not answered by memory
    assert make_plan(picker(department), request(text)).primary == tool


@pytest.mark.parametrize("text", ["hello there", "thanks a lot!", "ok"])
def test_small_talk_still_calls_no_tool(text: str) -> None:
    plan = make_plan(picker("analytics"), request(text))
    assert plan.primary is None
    assert max(score.cosine for score in plan.scores) < MEANING_ALONE


def test_every_example_names_a_registered_tool() -> None:
    registered = {
        name
        for dept in ("sales", "marketing", "operations", "support", "analytics", "research")
        for name in picker(dept).tools
    }
    assert set(TOOL_EXAMPLES) <= registered
    assert all(len(lines) >= 3 for lines in TOOL_EXAMPLES.values())


def test_meaning_text_without_a_catalog_is_the_normalised_request() -> None:
    assert (
        meaning_text(request("How's the Spring Push campaign?")) == "how the spring push campaign"
    )


def test_record_names_are_replaced_by_their_kind_before_meaning_is_compared() -> None:
    campaign = Entity("campaign", 1, "Early-bird email push")
    catalog = Catalog("t", "Tenant", request("x").today, None, {"campaign": [campaign]})
    text = "How is the Early-bird email push campaign performing?"
    req = Request(text, catalog, catalog.today)
    assert meaning_text(req) == "how is the campaign campaign performing"
    # the name's "email" no longer pulls the request toward writing email copy
    assert make_plan(picker("marketing"), req).primary == "analyze_campaign"


def test_a_campaign_named_with_a_word_left_out_is_found() -> None:
    campaigns = [
        Entity("campaign", 3, "Agenda launch newsletter"),
        Entity("campaign", 1, "Early-bird email push"),
        Entity("campaign", 5, "Partner email push"),
    ]
    catalog = Catalog("t", "Tenant", request("x").today, None, {"campaign": campaigns})

    found = catalog.find("A/B test the CTA on the agenda newsletter", "campaign")
    shared = catalog.find("how is the email push doing", "campaign")  # two campaigns share it

    assert [m.entity.id for m in found] == [3]
    assert shared == []
