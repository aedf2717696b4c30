"""What is asked about a company the tenant knows decides research or sales
(``nodes.routing.company_ask``, read by ``named_reading``).

The companies and requests are my own, none from an eval set or the training file
(checked below). Before ``company_ask`` the profile questions about a company with a
deal went to sales (the name's prior, or "the deal with"), and the deal questions with
no department word to research or operations.
"""

from __future__ import annotations

import pytest

from nodes.routing import route
from nodes.routing.classifier import training_examples
from nodes.routing.company_ask import company_ask
from nodes.routing.record_name_index import RecordNameIndex
from nodes.routing.text import normalise

RECORDS = [
    ("Osprey Freight", "company"),
    ("Osprey Freight", "deal_company"),
    ("Larkspur Pay", "company"),
    ("Larkspur Pay", "deal_company"),
    ("Mistral Genomics", "company"),
    ("Mistral Genomics", "deal_company"),
]

ROUTED = [
    ("what's the deal with Mistral Genomics? first time I see that name", "research"),
    ("Osprey Freight: are they a big firm or a tiny shop?", "research"),
    ("¿A qué se dedica exactamente Larkspur Pay?", "research"),
    ("Was weiß man über Osprey Freight, Größe, Gründer?", "research"),
    ("Osprey Freight - still in the running or did they back out?", "sales"),
    ("Hat Mistral Genomics schon unterschrieben?", "sales"),
    ("Larkspur Pay ¿sigue en pie o no?", "sales"),
]


@pytest.fixture(scope="module")
def names() -> RecordNameIndex:
    return RecordNameIndex.from_records(RECORDS)


def test_none_of_these_requests_is_a_training_request() -> None:
    trained = {normalise(text) for text, _ in training_examples()}
    assert not {normalise(text) for text, _ in ROUTED} & trained


@pytest.mark.parametrize(("text", "department"), ROUTED)
def test_what_is_asked_about_a_company_decides(
    text: str, department: str, names: RecordNameIndex
) -> None:
    assert route(text, names=names)["agents"] == [department]


def _asked(text: str, names: RecordNameIndex) -> str | None:
    return company_ask(text, [(m.start, m.end) for m in names.find(text)])


def test_the_company_name_is_not_read_as_a_cue(names: RecordNameIndex) -> None:
    assert _asked("is Larkspur Pay any good?", names) == "research"  # "Pay" is the name's


@pytest.mark.parametrize(
    "text",
    [
        "who at Osprey Freight signs off on sponsorships?",  # both: left to the words
        "Osprey Freight",  # neither
        "what's the deal with Osprey Freight?",  # an idiom, not a deal
    ],
)
def test_both_cues_or_none_decide_nothing(text: str, names: RecordNameIndex) -> None:
    assert _asked(text, names) is None


def test_losing_to_a_competitor_is_a_deal_outcome(names: RecordNameIndex) -> None:
    assert _asked("we lost Osprey Freight to a competitor, note it", names) == "sales"
    assert _asked("who are Osprey Freight's competitors?", names) == "research"


def test_a_long_request_is_read_quickly() -> None:
    assert company_ask("who are they " * 2000 + "x" * 5000, [(0, 3)]) == "research"


def test_what_is_asked_about_a_contact_decides_too() -> None:
    names = RecordNameIndex.from_records([("Noor Hassan", "contact")])
    text = "don't ping Noor Hassan yet, just tell me what his firm's deal is worth"
    assert route(text, names=names)["agents"] == ["sales"]


def test_raising_a_deal_value_is_not_raising_money(names: RecordNameIndex) -> None:
    assert _asked("raise the Osprey Freight opportunity to forty thousand", names) == "sales"
    assert _asked("did Osprey Freight raise money this year?", names) == "research"


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # the reviewer's: "lost", "pay" and "committed" are a deal's only with a deal's
        # words; each of these went to sales
        ("Osprey Freight lost their CEO last month - who replaced him?", "research"),
        ("What does Osprey Freight pay its drivers on average?", "research"),
        ("Are Osprey Freight committed to sustainability?", "research"),
        # "never heard back" is about our outreach, not who they are (was no decision)
        ("Has Osprey Freight signed anything with us yet? Never heard back.", "sales"),
        # my own variants
        ("Did Larkspur Pay win the bid with us or did we lose it?", "sales"),
        ("Are Mistral Genomics committed to sponsoring the summit?", "sales"),
        ("Has Osprey Freight paid us yet?", "sales"),
        ("Mistral Genomics won an award last year - who runs them?", "research"),
    ],
)
def test_deal_words_count_only_about_a_deal_with_us(
    text: str, asked: str, names: RecordNameIndex
) -> None:
    assert _asked(text, names) == asked


@pytest.mark.parametrize(
    ("text", "department"),
    [
        ("Osprey Freight lost their CEO last month - who replaced him?", "research"),
        ("What does Osprey Freight pay its drivers on average?", "research"),
        ("Are Osprey Freight committed to sustainability?", "research"),
    ],
)
def test_a_companys_own_affairs_go_to_research(
    text: str, department: str, names: RecordNameIndex
) -> None:
    assert route(text, names=names)["agents"] == [department]


def test_our_officer_asking_is_not_their_leadership(names: RecordNameIndex) -> None:
    assert _asked("The CFO wants to know if Osprey Freight lands this quarter.", names) == "sales"
