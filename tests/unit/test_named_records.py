"""Issue 9 (dev_e2e_q): a read made for one named campaign is made for every campaign
the request names, so a comparison states both sides; actions are never repeated."""

from __future__ import annotations

from datetime import date

import tools  # noqa: F401  (registers every tool)
from adapters.offline.answers import CallOutcome
from adapters.offline.entities import Catalog, Entity
from adapters.offline.named_records import further_record
from adapters.offline.request import Request
from tests.offline_pickers import department_picker

TODAY = date(2026, 9, 1)
CATALOG = Catalog(
    "t",
    "Tenant",
    TODAY,
    None,
    {
        "campaign": [
            Entity("campaign", 11, "Spring webinar push"),
            Entity("campaign", 12, "Partner referral drive"),
        ]
    },
)


def _request(text: str) -> Request:
    return Request(text, CATALOG, TODAY)


def test_the_second_named_campaign_gets_the_same_read() -> None:
    picker = department_picker("marketing")
    req = _request("Did the Spring webinar push or the Partner referral drive convert better?")
    first = CallOutcome("analyze_campaign", {"campaign_id": 11}, {"totals": {}})
    assert further_record(picker, req, [first]) == ("analyze_campaign", {"campaign_id": 12})
    second = CallOutcome("analyze_campaign", {"campaign_id": 12}, {"totals": {}})
    assert further_record(picker, req, [first, second]) is None


def test_one_named_campaign_and_actions_get_no_further_call() -> None:
    picker = department_picker("marketing")
    alone = _request("How is the Spring webinar push doing?")
    read = CallOutcome("analyze_campaign", {"campaign_id": 11}, {"totals": {}})
    assert further_record(picker, alone, [read]) is None
    both = _request("Send the Spring webinar push, then look at the Partner referral drive")
    sent = CallOutcome("send_email_campaign", {"campaign_id": 11}, {"status": "queued"})
    assert further_record(picker, both, [sent]) is None


def test_a_draft_is_not_repeated_for_a_second_campaign() -> None:
    # ab_test's design mode saves drafts: two named campaigns must not get two drafts
    picker = department_picker("marketing")
    both = _request("Set up an A/B test for the Spring webinar push and the Partner referral drive")
    drafted = CallOutcome("ab_test", {"campaign_id": 11, "mode": "design"}, {"variants": []})
    assert further_record(picker, both, [drafted]) is None


def test_the_repeated_reads_are_exactly_the_registry_reads_taking_a_named_id() -> None:
    from adapters.offline.named_records import ID_ARGUMENTS, REPEATED_READS
    from tools.registry import REGISTRY, Effect

    reads_by_id = {
        name
        for name, spec in REGISTRY.items()
        if spec.effect is Effect.READ and set(spec.args_model.model_fields) & set(ID_ARGUMENTS)
    }
    assert reads_by_id == REPEATED_READS
