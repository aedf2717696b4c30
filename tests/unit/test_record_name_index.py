"""The router's names index: which of the tenant's records a text names, and what that says."""

from __future__ import annotations

from nodes.routing.record_name_index import RecordNameIndex

COMMON = frozenset({"signal", "news", "the", "catering", "any", "word", "from", "atlas"})
"""A small routing vocabulary: the tests do not depend on the trained classifier's."""

RECORDS = [
    ("StreamHouse", "vendor"),
    ("Harbor Catering Co.", "vendor"),
    ("Atlas Shuttles", "vendor"),
    ("Atlas Co.", "vendor"),
    ("Lisbon Badge Print", "vendor"),
    ("Atlas Analytics", "company"),
    ("Acme Cloud", "company"),
    ("Acme Cloud", "deal_company"),
    ("Lumen Bio", "company"),
    ("Lumen Logic", "company"),
    ("Lumen Logic", "deal_company"),
    ("Signal Bio", "company"),
    ("Harbor Robotics", "company"),
    ("Jordan Reyes", "contact"),
    ("Emma Rossi", "contact"),
    ("Emma Rossi", "ticket_buyer"),
    ("Maya Lindqvist", "ticket_buyer"),
    ("Early-bird email push", "campaign"),
    ("Early Bird", "ticket_type"),
    ("Publish shuttle timetable", "deliverable"),
    ("Partner hotels", "kb_article"),
    ("Northwind AI Summit 2026", "event"),
]


def index() -> RecordNameIndex:
    return RecordNameIndex.from_records(RECORDS, common=COMMON)


def named(text: str) -> list[tuple[str, list[str]]]:
    """Each name found in ``text`` as written, with its departments."""
    return [(text[m.start : m.end], sorted(m.departments)) for m in index().find(text)]


def test_a_vendors_name_reads_as_operations_in_any_case_and_possessive() -> None:
    assert named("Any word from StreamHouse?") == [("StreamHouse", ["operations"])]
    assert named("streamhouse still quiet") == [("streamhouse", ["operations"])]
    assert named("What is StreamHouse's fee?") == [("StreamHouse", ["operations"])]


def test_a_name_is_found_without_its_legal_suffix_and_by_its_first_word() -> None:
    assert named("What's the latest with Harbor Catering?") == [("Harbor Catering", ["operations"])]
    assert named("Acme - what's the holdup?") == [("Acme", ["sales"])]


def test_a_first_word_names_an_organisation_only_before_a_generic_word() -> None:
    assert named("Harbor called") == [("Harbor", ["research", "sales"])]  # Harbor Robotics
    assert named("AV companies in Lisbon") == []  # a city, not Lisbon Badge Print


def test_a_company_reads_as_sales_or_research_and_one_with_a_deal_as_sales() -> None:
    assert named("Lumen Bio") == [("Lumen Bio", ["research", "sales"])]
    assert named("Lumen Logic") == [("Lumen Logic", ["sales"])]
    # "Lumen" names five companies, one with a deal: any of them, sales or research
    assert named("how is Lumen doing") == [("Lumen", ["research", "sales"])]


def test_a_name_of_records_of_different_departments_reads_as_none() -> None:
    assert named("ping Lumen about it") == [("Lumen", ["research", "sales"])]  # companies
    assert named("Atlas Analytics or Atlas Co.?")[0] == ("Atlas Analytics", ["research", "sales"])
    assert named("Emma Rossi called") == [("Emma Rossi", [])]  # a contact and a buyer
    assert named("the early bird offer") == [("early bird", [])]  # a campaign, a ticket type
    assert named("Northwind AI Summit") == [("Northwind AI Summit", [])]  # everyone's


def test_people_are_found_by_full_or_last_name() -> None:
    assert named("Jordan Reyes never replied") == [("Jordan Reyes", ["research", "sales"])]
    assert named("Maya Lindqvist wrote again") == [("Maya Lindqvist", ["support"])]
    assert named("Lindqvist's ticket") == [("Lindqvist", ["support"])]


def test_shortened_campaigns_and_deliverables_are_found() -> None:
    assert named("the early-bird push") == [("early-bird push", ["marketing"])]
    assert named("Is the shuttle timetable out?") == [("shuttle timetable", ["operations"])]
    assert named("Partner hotels?") == [("Partner hotels", ["support"])]


def test_a_misspelt_name_is_read_as_the_name() -> None:
    assert named("whats up with Streamhose") == [("Streamhose", ["operations"])]
    assert named("maya lindqvst again") == [("maya lindqvst", ["support"])]


def test_a_common_word_in_lower_case_is_not_a_name() -> None:
    assert named("any buying signal from them?") == []
    assert named("Ask Harbor about it") == [("Harbor", ["research", "sales"])]
    assert named("Signal is a word at the start") == []


def test_german_capitals_do_not_make_a_name() -> None:
    assert named("Gibt es ein Signal von StreamHouse?") == [("StreamHouse", ["operations"])]


def test_names_inside_addresses_are_not_names() -> None:
    assert named("verify sam@lumen-logic.example please") == []


def test_departments_gathers_every_unambiguous_name() -> None:
    names = index()
    assert names.departments("Maya Lindqvist and StreamHouse") == {"support", "operations"}
    assert names.departments("Atlas and Emma Rossi") == set()
    assert names.departments("") == set()


def test_no_first_word_alias_that_is_an_everyday_or_event_word() -> None:
    records = [*RECORDS, ("Summit Software", "company"), ("Summit Bio", "company")]
    names = RecordNameIndex.from_records(records, common=COMMON)
    found = names.find("Who's coming to the Summit?")
    assert found == []  # the Northwind AI Summit, not Summit Software / Summit Bio
    assert [m.departments for m in names.find("Ask Signal about it")] == []  # a common word
    assert len(names.find("Any news from Summit Bio?")) == 1  # the whole name still reads
