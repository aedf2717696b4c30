"""Whether a ranked article is about the question at all (issue 9).

Ranking always puts *some* article first: "can I bring my cat to the venue?" found
"Badge pickup" (its body says "Bring your ticket QR code") and "Getting to the venue"
(the word "venue"). An article is kept only with evidence that it is about the
question's *subject*, read from two signals:

* the question's content terms: its words without stopwords and without the frame
  words any attendee question carries ("bring", "get", "event", "venue", ...). For a
  Spanish, French or German question they are the English glossary terms it maps to
  (its own words are not in the English articles);
* ``topic_similarity``: the cosine between those content terms and the article's title
  and tags (the similarity of the whole question is inflated by its frame words:
  "bring my cat to the venue" is close to "Getting to the venue").

Evidence is either meaning alone, strong (``STRONG_SIMILARITY``), or a shared content
term backed by some meaning (``SUPPORTED_SIMILARITY``; for an English question the whole
question's similarity may back it too). Without embeddings only a shared
content term counts. An article that passes neither is left out, so a question the base
does not cover returns no article and the answer says so.
"""

from __future__ import annotations

from collections.abc import Iterable

from domain.language import Language

STRONG_SIMILARITY = 0.35
"""Topic similarity at which an article counts without sharing a word ("my surname is
misspelled" → "Correcting the name on a ticket")."""
SUPPORTED_SIMILARITY = 0.25
"""Topic similarity an article sharing a content term still needs: a shared word alone
("main hall" in the first-aid sentence) is not evidence of the same subject."""

_FRAME_TEXT = (
    "bring get got have has need want like allow allowed allowing use using go going "
    "come coming take make let there any anyone anything anybody someone something "
    "please tell know also just would could should might may must possible "
    "event conference venue site day week time"
)
FRAME_WORDS = frozenset(_FRAME_TEXT.split())
"""Words of how a question is asked, not of what it is about. Kept short and generic:
every attendee question is about the event, at the venue, on a day."""


def content_terms(language: Language, tokens: Iterable[str], english: Iterable[str]) -> list[str]:
    """The question's subject words, in order, without repeats.

    A question made only of frame words ("Where is the venue?") is about them, so they
    are its subject then.

    Args:
        language: the question's language (it decides which terms are read).
        tokens: the question's own search tokens.
        english: the search tokens of its glossary terms (empty for English).
    """
    source = list(dict.fromkeys(tokens if language == "en" else english))
    return [t for t in source if t not in FRAME_WORDS] or source


def is_relevant(
    shared: int, topic_similarity: float | None, question_similarity: float | None = None
) -> bool:
    """Whether an article is evidence enough to be presented as an answer.

    Args:
        shared: how many of the question's content terms the article contains.
        topic_similarity: cosine of the content terms and the article (None without
            embeddings).
        question_similarity: cosine of the whole question and the article, only for an
            English question (the embedding model reads English): it may back a shared
            term, as a chatty question's extra words dilute its content terms' vector,
            but never stands alone (its frame words inflate it).
    """
    if topic_similarity is None:
        return shared > 0
    if topic_similarity >= STRONG_SIMILARITY:
        return True
    backing = max(topic_similarity, question_similarity or 0.0)
    return shared > 0 and backing >= SUPPORTED_SIMILARITY
