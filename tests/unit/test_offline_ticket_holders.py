"""Issue 9 (dev_e2e_aa): an order's answer names its ticket holders, who are often not
its buyer ("who is on that VIP ticket?", "the attendee's address")."""

from __future__ import annotations

from adapters.offline.derived_values import derived_values


def _order(attendees: list[dict[str, str]]) -> dict[str, object]:
    return {
        "orders": [
            {
                "order_number": "ORD-19999",
                "buyer": {"name": "Ada Byrne", "email": "ada@example.org"},
                "attendees": attendees,
            }
        ]
    }


def test_the_holders_other_than_the_buyer_are_stated_with_their_address() -> None:
    result = _order(
        [
            {"name": "Ada Byrne", "email": "ada@example.org"},
            {"name": "Tom Reyes", "email": "tom@example.org"},
        ]
    )
    values = derived_values("lookup_ticket", result)
    assert values["orders_0_holders"] == "Tom Reyes (tom@example.org)"


def test_an_order_held_by_its_buyer_states_no_holders() -> None:
    values = derived_values("lookup_ticket", _order([{"name": "Ada", "email": "ada@example.org"}]))
    assert "orders_0_holders" not in values


def test_a_long_list_of_holders_is_cut_with_how_many_more() -> None:
    people = [{"name": f"P{i}", "email": f"p{i}@example.org"} for i in range(7)]
    holders = derived_values("lookup_ticket", _order(people))["orders_0_holders"]
    assert holders.endswith("(+2)") and holders.count("@") == 5
