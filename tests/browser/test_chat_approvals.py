"""The chat sidebar in a real browser: a streamed answer, and the approval card's
approve / edit / reject on a $1,250 refund, each checked in the database."""

from __future__ import annotations

from decimal import Decimal

from playwright.sync_api import Page, expect

from tests.browser.conftest import App
from tests.browser.people import (
    TEE_STREAMS,
    approval_rows,
    ask,
    decide_the_rest,
    new_conversation,
    refunds,
    unrefunded_order_of,
)
from tests.process_helpers import wait_until


def test_chat_streams_an_answer(page: Page, app: App) -> None:
    page.context.add_init_script(TEE_STREAMS)
    page.reload()
    new_conversation(page)
    ask(page, "Give me the daily insights")
    sidebar = page  # the chat sidebar has no landmark role of its own
    expect(sidebar.get_by_text("Daily insights for", exact=False)).to_be_visible(timeout=60_000)
    progress = page.get_by_role("region", name="Plan progress").last
    expect(progress).to_contain_text("1 of 1 departments done")
    expect(progress.get_by_label("analytics: done")).to_be_visible()
    chunks = page.evaluate("window.__chunks")
    assert sum(c["content"] for c in chunks) >= 2, chunks  # the answer came as a stream of deltas


def test_refund_over_500_approved_in_the_card_runs_exactly_once(page: Page, app: App) -> None:
    order = unrefunded_order_of(app, Decimal("1250"))
    new_conversation(page)
    ask(page, f"Hi, I want a refund for order {order}, I cannot come anymore")
    card = page.get_by_role("region", name="Approval: process_refund")
    expect(card).to_contain_text("$1,250.00")
    expect(card.get_by_role("list", name="Policy reasons")).to_contain_text("500")
    card.get_by_role("button", name="Approve").click()
    expect(card.get_by_role("status")).to_have_text("Decision sent: approve")
    decide_the_rest(page, "approve")
    expect(page.get_by_text("process_refund (support): done", exact=False)).to_be_visible(
        timeout=60_000
    )
    page.wait_for_timeout(500)  # a second click or replay would land here
    assert refunds(app, order) == [Decimal("1250.00")]


def test_edit_to_a_smaller_amount_refunds_that_amount(page: Page, app: App) -> None:
    order = unrefunded_order_of(app, Decimal("1250"))
    new_conversation(page)
    ask(page, f"Hi, I want a refund for order {order}, I cannot come anymore")
    card = page.get_by_role("region", name="Approval: process_refund")
    card.get_by_role("button", name="Edit").click()
    amount = card.get_by_label("Amount")
    amount.fill("-5")
    card.get_by_role("button", name="Approve with these changes").click()
    expect(card.get_by_text("More than 0")).to_be_visible()  # validated before it is sent
    amount.fill("300")
    card.get_by_role("button", name="Approve with these changes").click()
    expect(card.get_by_role("status")).to_have_text("Decision sent: edit")
    decide_the_rest(page, "approve")
    expect(page.get_by_text("process_refund (support): done", exact=False)).to_be_visible(
        timeout=60_000
    )
    assert refunds(app, order) == [Decimal("300.00")]


def test_reject_with_a_reason_runs_nothing_and_keeps_the_reason(page: Page, app: App) -> None:
    order = unrefunded_order_of(app, Decimal("1250"))
    new_conversation(page)
    ask(page, f"Hi, I want a refund for order {order}, I cannot come anymore")
    card = page.get_by_role("region", name="Approval: process_refund")
    card.get_by_role("button", name="Reject").click()
    card.get_by_label("Reason for rejecting").fill("Ticket transfer offered instead")
    card.get_by_role("button", name="Reject action").click()
    expect(card.get_by_role("status")).to_have_text("Decision sent: reject")
    decide_the_rest(page, "reject")
    wait_until(lambda: [r for r in approval_rows(app, order) if r.status == "rejected"], timeout=60)
    expect(page.get_by_text("process_refund (support): rejected", exact=False)).to_be_visible()
    assert refunds(app, order) == []
    [row] = approval_rows(app, order)
    assert row.status == "rejected"
    assert (row.decision or {}).get("message") == "Ticket transfer offered instead"
