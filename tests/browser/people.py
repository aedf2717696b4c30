"""What a person does in the app (type in the chat, start a conversation), and what the
tests read back from the database."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from playwright.sync_api import Page, expect
from sqlalchemy import select

from domain.models import Approval, Order, Refund
from tests.browser.conftest import App

# Counts the AG-UI text events each chunk of a /copilotkit stream brings, as it arrives
# (Playwright cannot read a streamed response's body itself).
TEE_STREAMS = """
(() => {
  window.__chunks = [];
  const original = window.fetch;
  window.fetch = async (...args) => {
    const response = await original(...args);
    const url = String(args[0] && args[0].url ? args[0].url : args[0]);
    if (!url.includes("/copilotkit") || !response.body) return response;
    const [mine, theirs] = response.body.tee();
    (async () => {
      const reader = mine.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const text = decoder.decode(value);
        const content = (text.match(/TEXT_MESSAGE_CONTENT/g) || []).length;
        window.__chunks.push({ t: performance.now(), content });
      }
    })();
    return new Response(theirs, {
      status: response.status, statusText: response.statusText, headers: response.headers,
    });
  };
})();
"""


def new_conversation(page: Page) -> None:
    """Start a new thread and wait until the chat has connected to it."""
    label = page.get_by_text(re.compile(r"^Conversation [0-9a-f]{8}$"))
    before = label.inner_text()
    page.get_by_role("button", name="New conversation").click()
    expect(label).not_to_have_text(before)


def ask(page: Page, text: str) -> None:
    """Type ``text`` in the sidebar and send it (again, if the chat was still connecting)."""
    box = page.get_by_placeholder("Ask Switchboard…")
    sidebar = page  # the chat sidebar has no landmark role of its own
    for _ in range(3):
        box.fill(text)
        send = sidebar.get_by_role("button", name="Send")
        expect(send).to_be_enabled(timeout=30_000)
        send.click()
        try:
            expect(box).to_have_value("", timeout=5_000)  # the chat took it
            expect(sidebar.get_by_text(text, exact=True)).to_be_visible(timeout=5_000)
            return
        except AssertionError:
            continue
    raise AssertionError(f"the chat did not take the message {text!r}")


def decide_the_rest(page: Page, decision: str) -> None:
    """Approve (or reject, with a reason) every other action card still waiting.

    A refund over the limit also proposes escalating to the support lead; the resume
    goes once every card of the interrupt has its decision.
    """
    cards = page.get_by_role("region", name=re.compile("^Approval: "))
    for index in range(cards.count()):
        card = cards.nth(index)
        if card.get_by_role("status").count():
            continue  # decided already
        if decision == "approve":
            card.get_by_role("button", name="Approve").click()
        else:
            card.get_by_role("button", name="Reject").click()
            card.get_by_label("Reason for rejecting").fill("Not now")
            card.get_by_role("button", name="Reject action").click()
        expect(card.get_by_role("status")).to_be_visible()


def refunds(app: App, order: str) -> list[Decimal]:
    """Amounts refunded on ``order``."""
    with app.engine.connect() as conn:
        rows = conn.execute(
            select(Refund.amount)
            .join(Order, Order.id == Refund.order_id)
            .where(Order.number == order)
        )
        return [Decimal(str(r[0])).quantize(Decimal("0.01")) for r in rows]


def approval_rows(app: App, order: str) -> list[Any]:
    """The refund approvals asked for ``order``."""
    with app.engine.connect() as conn:
        rows = conn.execute(select(Approval).where(Approval.tool == "process_refund")).all()
    return [r for r in rows if r.args.get("order_number") == order]


_taken: set[str] = set()


def unrefunded_order_of(app: App, amount: Decimal) -> str:
    """A paid order of ``amount``, never refunded, not used by another test of this run."""
    with app.engine.connect() as conn:
        numbers = conn.scalars(
            select(Order.number)
            .where(
                Order.status == "paid",
                Order.amount == amount,
                Order.id.not_in(select(Refund.order_id)),
            )
            .order_by(Order.number)
        ).all()
    number = next(n for n in numbers if n not in _taken)
    _taken.add(number)
    return str(number)
