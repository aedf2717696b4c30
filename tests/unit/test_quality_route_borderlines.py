"""General fixes found with routing dev set 8 (department borderlines), each pinned by
requests of my own.

None of these requests is in an eval set or the router's training file.

1. A heading that says who asks or who wrote ("Heads-up from finance", "Question for
   ops", "from Jonas Silva at Pioneer AI", "forwarded from legal") is an aside: the
   department it names is the asker, not the business (``headings``). A spaced dash
   after such a heading ends it.
2. A forward quoted on one line ("Fwd from Marco: '...'. Chase the AV crew") is context
   for the user's own words after it, and the request itself when nothing follows.
3. A question asking what someone should do about what was just said ("what should
   she do", "how do we answer them") refers back to that context.
4. After a person named with their company ("Zoe Larsen at Fable Labs"), "and" before
   another such person continues the list of recipients; it starts no new instruction.
5. Asking whom to talk to at a company ("who do we reach out to at ...", "con quién
   hablar en", "qui contacter chez", "mit wem sollten wir bei") is a research keyword,
   as "decision makers" is, even with "sponsor" in the sentence.
"""

from __future__ import annotations

import pytest

from nodes.routing import route
from nodes.routing.classifier import training_examples
from nodes.routing.clause_roles import Role, refers_back_only, role_of
from nodes.routing.clauses import split_stages, weak_pieces
from nodes.routing.headings import reads_as_heading
from nodes.routing.lexicon import keyword_positions
from nodes.routing.text import normalise

ROUTED = {
    "Heads-up from finance - the Security line is way over plan. How bad is it?": ["operations"],
    "Fwd from the venue: 'the loading dock closes early on Monday and a guest asked about "
    "parking'. Remind Clearwave AV about the new load-in time.": ["operations"],
    "> can we still get the Startup package?\nfrom Jonas Silva at Pioneer AI. Which package "
    "did we propose to them?": ["sales"],
    "who do we reach out to at Cedar Software about sponsoring?": ["research"],
    "Mit wem sollten wir bei Radiant Security über eine Partnerschaft sprechen?": ["research"],
    "An attendee's partner lost the lanyard on day one; what should she do?": ["support"],
}


def test_these_requests_are_not_training_examples() -> None:
    trained = {normalise(text) for text, _ in training_examples()}
    assert not trained & {normalise(text) for text in ROUTED}


@pytest.mark.parametrize(
    "heading",
    [
        "Heads-up from finance",
        "Question for ops",
        "quick q from the CFO",
        "from Jonas Silva at Pioneer AI",
        "forwarded from legal",
        "Notes from standup",
    ],
)
def test_headings_and_attributions_are_asides(heading: str) -> None:
    assert reads_as_heading(heading)
    assert role_of(heading, first=False) is Role.ASIDE


@pytest.mark.parametrize(
    "request_text",
    [
        "sales",
        "sales figures by week",
        "from June, weekly ticket sales?",
        "from last year, which ticket sold best",
        "support the team",
    ],
)
def test_a_department_word_alone_is_no_heading(request_text: str) -> None:
    assert not reads_as_heading(request_text)


def test_a_dash_after_a_heading_ends_it() -> None:
    assert weak_pieces("FYI from ops - the printer is late") == [
        "FYI from ops",
        "the printer is late",
    ]
    assert weak_pieces("the Acme deal - close date?") == ["the Acme deal - close date?"]


def test_a_list_of_people_at_companies_stays_one_instruction() -> None:
    text = "email Mia Chen at Cedar Cloud, Omar Diaz (Nova Works) and Lena Park at Orbit Media"
    assert weak_pieces(text) == [text]
    assert weak_pieces("email Mia Chen at Cedar Cloud and check the catering budget") == [
        "email Mia Chen at Cedar Cloud",
        "check the catering budget",
    ]


def test_a_one_line_forward_is_context_for_the_users_own_words() -> None:
    stages = split_stages("Fwd from Marco: 'the stage is not built yet'. Chase the AV crew.")
    assert [stage.quoted for stage in stages] == [True, False]
    alone = split_stages("Forwarded from the CFO: 'are we over budget anywhere?'")
    assert not any(stage.quoted for stage in alone)


@pytest.mark.parametrize(
    ("piece", "refers"),
    [
        ("what should she do", True),
        ("how do we answer them", True),
        ("what do we do", True),
        ("what should we do about the shuttle", False),
        ("what do we know about Cedar Software", False),
    ],
)
def test_asking_what_to_do_refers_back(piece: str, refers: bool) -> None:
    assert refers_back_only(piece) is refers


@pytest.mark.parametrize(
    "text",
    [
        "who should we be speaking to at Cedar Software about sponsoring",
        "which contacts at Orbit Media",
        "¿A quién debemos contactar en Cedar Software?",
        "Avec qui faut-il parler chez Vector Logic ?",
        "An wen sollten wir uns bei Orbit Media wenden?",
    ],
)
def test_whom_to_talk_to_at_a_company_is_a_research_keyword(text: str) -> None:
    assert "research" in keyword_positions(text)


@pytest.mark.parametrize(("text", "agents"), list(ROUTED.items()))
def test_borderline_requests_route_by_their_business(text: str, agents: list[str]) -> None:
    assert route(text)["agents"] == agents
