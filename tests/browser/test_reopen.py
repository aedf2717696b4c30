"""A thread waiting for approval survives the server: killed and restarted, the reopened
conversation shows its history and its pending card, and approving it still works."""

from __future__ import annotations

from decimal import Decimal

from playwright.sync_api import Page, expect

from tests.browser.conftest import App
from tests.browser.people import (
    ask,
    decide_the_rest,
    new_conversation,
    refunds,
    unrefunded_order_of,
)


def test_reopened_thread_after_a_restart_shows_history_and_the_pending_card(
    page: Page, app: App
) -> None:
    order = unrefunded_order_of(app, Decimal("1250"))
    new_conversation(page)
    request = f"Hi, I want a refund for order {order}, I cannot come anymore"
    ask(page, request)
    expect(page.get_by_role("region", name="Approval: process_refund")).to_be_visible(
        timeout=60_000
    )

    app.restart()  # kill -9, then serve again on the same port and database
    page.reload()

    expect(page.get_by_text(request, exact=True)).to_be_visible(timeout=30_000)
    card = page.get_by_role("region", name="Approval: process_refund")
    expect(card).to_contain_text("$1,250.00", timeout=30_000)
    decide_the_rest(page, "approve")
    expect(page.get_by_text("process_refund (support): done", exact=False)).to_be_visible(
        timeout=60_000
    )
    assert refunds(app, order) == [Decimal("1250.00")]
