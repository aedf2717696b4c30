"""Knowledge-base tokenizer, BM25 ranking and snippets on plain articles (no database)."""

from __future__ import annotations

from domain.support.kb_search import Article, KnowledgeIndex, snippet, tokenize


def _article(
    id_: int, title: str, body: str, tags: tuple[str, ...] = (), category: str = "faq"
) -> Article:
    return Article(id_, f"a{id_}", title, body, category, tags)


ARTICLES = [
    _article(
        1,
        "Refund policy",
        "Tickets are refundable in full until 30 days before. Later we refund half.",
        ("refund", "cancel"),
        "policy",
    ),
    _article(
        2,
        "Parking",
        "The car park has 400 spaces. A refund of parking fees is not possible.",
        ("parking", "car"),
    ),
    _article(
        3,
        "Transferring a ticket",
        "You can transfer a ticket to a colleague.",
        ("transfer",),
        "policy",
    ),
    _article(4, "Wi-Fi", "Free Wi-Fi everywhere; the password is on your badge.", ("wifi",)),
    _article(
        5, "Privacy policy", "We process attendee data to run the event.", ("privacy",), "policy"
    ),
]


def test_tokenize_lowercases_strips_punctuation_and_stopwords() -> None:
    assert tokenize("What's the REFUND policy, for my tickets?!") == ["refund", "policy", "ticket"]


def test_tokenize_keeps_digits_and_words_ending_in_ss_or_us() -> None:
    assert tokenize("Room 5: class status") == ["room", "5", "class", "status"]


def test_refund_policy_query_ranks_the_refund_article_first() -> None:
    hits = KnowledgeIndex(ARTICLES).search("refund policy", top_k=5)
    assert [h["article_id"] for h in hits][:2] == [1, 5]
    assert hits[0]["category"] == "policy"
    assert hits[0]["score"] > hits[1]["score"] > 0


def test_title_match_outranks_a_body_mention() -> None:
    hits = KnowledgeIndex(ARTICLES).search("parking", top_k=5)
    assert hits[0]["title"] == "Parking"


def test_top_k_limits_results_and_unknown_words_match_nothing() -> None:
    index = KnowledgeIndex(ARTICLES)
    assert len(index.search("refund ticket policy", top_k=2)) == 2
    assert index.search("zeppelin", top_k=5) == []
    assert index.search("the of and", top_k=5) == []


def test_empty_index_returns_nothing() -> None:
    assert KnowledgeIndex([]).search("refund", top_k=3) == []


def test_snippet_picks_the_sentence_with_most_query_terms() -> None:
    body = "Doors open at eight. The refund window closes 30 days before. Parking is free."
    assert snippet(body, ["refund", "window"]) == "The refund window closes 30 days before."


def test_snippet_is_cut_to_the_limit_with_an_ellipsis() -> None:
    text = snippet("refund " * 100, ["refund"], limit=40)
    assert len(text) == 40
    assert text.endswith("…")
