"""An email to one person about a sponsorship, or how engaged a company's people are, is
sales' business (outreach), not marketing's campaigns or research's address checks."""

from __future__ import annotations

import pytest

from nodes.routing.plan import analyse_request


@pytest.mark.parametrize(
    "text",
    [
        "compose a mail to omar.haddad@umbrella.example about the Gold tier, I'll review it first",
        "Schick dem Ansprechpartner bei Hooli eine E-Mail zum Silber-Paket",
        "Écris un e-mail à la personne de Hooli au sujet du pack Or",
        "have the Initech people been engaging with our outreach recently?",
    ],
)
def test_person_emails_and_account_engagement_route_to_sales(text: str) -> None:
    assert analyse_request(text).agents == ["sales"]


def test_breaking_the_audience_down_is_marketing() -> None:
    assert analyse_request("break the contact list down by region").agents == ["marketing"]
