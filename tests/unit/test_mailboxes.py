"""The one comparison of recipients: which spellings reach the same mailbox."""

from __future__ import annotations

import pytest

from domain.mailboxes import canonical_mailbox, delivering_domains, same_mailbox


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("jordan.reyes@globex.example", "jordan.reyes@globex.example"),
        ("Jordan.Reyes@Globex.EXAMPLE", "jordan.reyes@globex.example"),
        ("  jordan.reyes@globex.example \t\n", "jordan.reyes@globex.example"),
        ("jordan.reyes+summit@globex.example", "jordan.reyes@globex.example"),
        ("jordan.reyes+a+b@globex.example", "jordan.reyes@globex.example"),
        ("Jordan Reyes <jordan.reyes+x@globex.example>", "jordan.reyes@globex.example"),
        ("jordan.reyes@globex.example.", "jordan.reyes@globex.example"),
        ("jordanreyes@globex.example", "jordanreyes@globex.example"),  # dots count here
        ("J.O.R.D.A.N@gmail.com", "jordan@gmail.com"),
        ("jordan.reyes+news@GoogleMail.com", "jordanreyes@gmail.com"),
        ("+only@example.org", "+only@example.org"),  # no local part left: kept as written
        ("not an address", "not an address"),
        ("", ""),
    ],
)
def test_canonical_mailbox(written: str, canonical: str) -> None:
    assert canonical_mailbox(written) == canonical


def test_same_mailbox_needs_both_addresses() -> None:
    assert same_mailbox("Pat+x@Gmail.com", "p.a.t@googlemail.com")
    assert not same_mailbox("pat@gmail.com", "pat@example.org")
    assert not same_mailbox("pat.smith@example.org", "patsmith@example.org")
    assert not same_mailbox(None, "pat@example.org")
    assert not same_mailbox("", "")


def test_delivering_domains_lists_every_spelling_of_the_domain() -> None:
    assert delivering_domains("x@googlemail.com") == ("gmail.com", "googlemail.com")
    assert delivering_domains("x@Globex.example") == ("globex.example",)
