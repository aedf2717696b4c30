"""The agent console in a real browser: approving from the inbox, and an agent's autonomy
mode changing what the policy does with the next request."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

import httpx
import pytest
from playwright.sync_api import Page, expect

from domain.demo import anchors
from tests.browser.conftest import App
from tests.browser.people import approval_rows, ask, new_conversation, refunds, unrefunded_order_of
from tests.process_helpers import wait_until


def test_approve_from_the_console_inbox(page: Page, app: App) -> None:
    order = unrefunded_order_of(app, Decimal("1250"))
    new_conversation(page)
    ask(page, f"Hi, I want a refund for order {order}, I cannot come anymore")
    expect(page.get_by_role("region", name="Approval: process_refund")).to_be_visible(
        timeout=60_000
    )
    [row] = approval_rows(app, order)
    page.get_by_role("link", name="Approvals").click()
    inbox = page.get_by_role("table", name="Approvals")
    expect(inbox).to_contain_text(order, timeout=20_000)
    others = [a.id for a in approval_rows_of_thread(app, row.thread_id) if a.id != row.id]
    for other in others:  # the escalation proposed with it: the thread resumes once all are decided
        page.get_by_role("checkbox", name=re.compile(rf"#{other}$")).check()
    page.get_by_role("checkbox", name=re.compile(rf"#{row.id}$")).check()
    page.get_by_label(re.compile("^Reason for the")).fill("Checked the order by phone")
    page.get_by_role("button", name="Approve selected").click()
    expect(page.get_by_text(re.compile(r"^Approved \d+ of \d+"))).to_be_visible()
    wait_until(lambda: refunds(app, order), timeout=60)
    assert refunds(app, order) == [Decimal("1250.00")]
    page.get_by_role("combobox", name="Status").click()
    page.get_by_role("option", name="approved").click()
    expect(inbox).to_contain_text("Checked the order by phone")
    expect(inbox).to_contain_text("key:agui-test")  # who decided, and when, beside it


def approval_rows_of_thread(app: App, thread_id: str) -> list[object]:
    from sqlalchemy import select

    from domain.models import Approval

    with app.engine.connect() as conn:
        return list(conn.execute(select(Approval).where(Approval.thread_id == thread_id)).all())


@pytest.fixture
def support_back_to_assisted(app: App) -> Iterator[None]:
    yield
    httpx.patch(
        f"{app.url}/agents/support",
        json={"autonomy_mode": "assisted"},
        headers={"Authorization": f"Bearer {app.key}"},
        timeout=10,
    ).raise_for_status()


def test_changing_an_agents_mode_changes_the_policy_outcome(
    page: Page, app: App, support_back_to_assisted: None
) -> None:
    small = unrefunded_order_of(app, anchors.ORDER_BELOW_REFUND_AMOUNT)
    page.get_by_role("link", name="Agents").click()
    support = page.get_by_role("region", name="Support agent")
    support.get_by_text("Full auto").click()
    expect(page.get_by_text("support updated")).to_be_visible()
    new_conversation(page)
    ask(page, f"Hi, I want a refund for order {small}, I cannot come anymore")
    expect(page.get_by_text("process_refund (support): done", exact=False)).to_be_visible(
        timeout=60_000
    )
    assert page.get_by_role("region", name="Approval: process_refund").count() == 0
    assert refunds(app, small) == [anchors.ORDER_BELOW_REFUND_AMOUNT]

    # Back to assisted: the same kind of request now waits for a person.
    support.get_by_text("Assisted").click()
    expect(page.get_by_text("support updated").last).to_be_visible()
    other = unrefunded_order_of(app, anchors.ORDER_BELOW_REFUND_AMOUNT)
    new_conversation(page)
    ask(page, f"Hi, I want a refund for order {other}, I cannot come anymore")
    expect(page.get_by_role("region", name="Approval: process_refund")).to_be_visible(
        timeout=60_000
    )
    assert refunds(app, other) == []
