"""Take people's and companies' names, email addresses and ids out of a request's meaning.

A name says nothing about which department a request is for, but the sentence model
reads it as words: "Ask Sam Lee at Globex for an update on the catering" scored 0.74
for operations, under the 0.85 threshold, and "Verify jordan.smith@umbrella.example"
0.84 for research. The sentence model therefore reads requests (the training requests
too) with these removed (0.88 and 0.94 then):

- email addresses and web addresses become the word "email" / "website";
- proper names: a word written with a capital inside a sentence, and any word the
  training requests only ever write that way ("Acme", "Globex"), also when the user
  types it in lower case. Which words those are is learned from the training file
  (``ProperNames.learn``), so a new demo company needs a training request, not a list;
- two lower-case words the training requests never use, on either side of "at" /
  "from" ("jordan at umbrella"): a person at a company.

German capitalises every noun, so in a German request only addresses are removed.
Order numbers ("ORD-10501") stay: they are support's business.

Only the sentence model's view is masked. The n-gram view keeps the names: there they
are dropped anyway when unseen, and masking them there too lowered accuracy on both the
tuned and the dev set (0.970 to 0.958, 0.942 to 0.916). A company name made of a
department's words ("Nova Metrics", "Prism Data", "Bright Marketing Co") pulled that view
toward the department, though; there its generic words now read as one role word,
"orgname" (``with_roles``), which the training requests that name companies teach to
mean a lead or sponsor company: the name keeps its first word and the request its
shape. Dropping those words instead, or the whole name, gained as much as it lost (all
non-held-out routing sets together 0.9495 before; 0.9487-0.9521 masked; 0.9521 with the
role word, dev7 0.842 to 0.875).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from domain.email_pattern import EMAIL_ADDRESS
from domain.language import detect_language

_EMAIL = re.compile(EMAIL_ADDRESS + r"\b")
_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+")
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;¿¡\"(]\s*|\n)$")
NAME_RATIO = 2
"""A word is a name when the training requests capitalise it mid-sentence at least this
many times as often as they write it in lower case ("Acme" 27 times, "acme" 5)."""
_LINKS = frozenset({"at", "from", "chez", "bei"})
_KEEP_CAPITALISED = frozenset({"i", "i'm", "i'll", "i'd", "i've"})
_ORGANISATION_WORDS = """
    analytics metrics data insights research marketing media digital labs lab systems
    cloud ai software networks dynamics logic works health security pay payments bio
    energy robotics technologies tech solutions consulting partners group ventures
    holdings co corp corporation company inc ltd llc gmbh sa ag
"""
ORGANISATION_WORDS = frozenset(_ORGANISATION_WORDS.split())
"""Words a company's name is made of after its own first word ("Nova *Metrics*",
"Prism *Data*", "Bright *Marketing Co*"): generic words of business names, some of them
a department's vocabulary. Inside a name they say the name is an organisation's, not
what the request is about."""
ORGANISATION_ROLE = "orgname"
"""The one word a company name's generic words become in the n-gram view: its role."""


@dataclass(frozen=True)
class ProperNames:
    """What the training requests say about names.

    Attributes:
        common: words the training requests write in lower case somewhere.
        names: words they only ever write capitalised inside a sentence.
    """

    common: frozenset[str]
    names: frozenset[str]

    @classmethod
    def learn(cls, texts: Iterable[str]) -> ProperNames:
        """Read the vocabulary of ``texts`` (the classifier's training requests)."""
        lower: Counter[str] = Counter()
        capitalised: Counter[str] = Counter()
        for text in texts:
            if detect_language(text) == "de":
                continue  # German capitalises nouns: its capitals say nothing about names
            text = _URL.sub(" ", _EMAIL.sub(" ", text))
            for match in _TOKEN.finditer(text):
                word = match.group(0)
                if any(ch.isdigit() for ch in word) or len(word) < 2:
                    continue
                if word[0].islower():
                    lower[word.casefold()] += 1
                elif word[1:].islower() and not _SENTENCE_START.search(text[: match.start()]):
                    capitalised[word.casefold()] += 1  # "Acme", not "LinkedIn" or "BANT"
        names = {
            word
            for word, count in capitalised.items()
            if count >= NAME_RATIO * lower[word] and word not in _KEEP_CAPITALISED
        }
        return cls(frozenset(set(lower) - names), frozenset(names))

    def _is_name(self, word: str, before: str) -> bool:
        if any(ch.isdigit() for ch in word):
            return False
        folded = word.casefold()
        if folded in self.names:
            return True
        if folded in _KEEP_CAPITALISED or not word[0].isupper() or not word[1:].islower():
            return False  # lower case, or an acronym or brand spelling (AV, CRM, LinkedIn)
        return folded not in self.common and not _SENTENCE_START.search(before)

    def mask(self, text: str) -> str:
        """``text`` without names and addresses (see the module docstring)."""
        text = _URL.sub("website", _EMAIL.sub("email", text))
        if detect_language(text) == "de":
            return text  # German capitalises every noun; only addresses are safe to drop
        tokens = list(_TOKEN.finditer(text))
        dropped: set[int] = set()
        for first, last in self.organisation_spans(text):
            dropped.update(range(first, last + 1))
        for i, match in enumerate(tokens):
            if self._is_name(match.group(0), text[: match.start()]):
                dropped.add(i)
            elif i - 1 in dropped and _continues_name(text, tokens[i - 1], match):
                dropped.add(i)  # "Nova Metrics": the whole name, not a metric
        for i in range(1, len(tokens) - 1):
            pair = (tokens[i - 1].group(0), tokens[i + 1].group(0))
            if tokens[i].group(0).casefold() in _LINKS and all(map(self._unknown, pair)):
                dropped |= {i - 1, i, i + 1}
        if not dropped:
            return text
        pieces, cut = [], 0
        for i in sorted(dropped):
            pieces.append(text[cut : tokens[i].start()])
            cut = tokens[i].end()
        pieces.append(text[cut:])
        return re.sub(r"[ \t]{2,}", " ", "".join(pieces)).strip()

    def without_names(self, text: str) -> str:
        """``text`` with its name phrases cut out ("update the Nova Metrics opportunity"
        reads "update the opportunity"), for the keyword counts."""
        if detect_language(text) == "de":
            return text  # German capitalises every noun ("Welche Sponsoren ...")
        tokens = list(_TOKEN.finditer(text))
        organisations = [
            text[tokens[first].start() : tokens[last].end()]
            for first, last in self.organisation_spans(text)
        ]
        for phrase in [*organisations, *self.name_phrases(text)]:
            text = text.replace(phrase, " ", 1)
        return text

    def with_roles(self, text: str) -> str:
        """``text`` with the generic words of company names read as their role.

        "What stage is the Atlas Analytics opportunity at?" reads "What stage is the Atlas
        orgname opportunity at?": the n-gram view no longer sees "analytics", a request
        for analytics, but a company (a lead, a sponsor), which it learns from the
        training requests that name one. Only the words of ``ORGANISATION_WORDS`` after
        a name's first word change, so "Harbor Catering Co." keeps its service ("Harbor
        Catering orgname"). Which words are names: ``organisation_spans``.
        """
        tokens = list(_TOKEN.finditer(text))
        pieces, cut = [], 0
        for start, end in self.organisation_spans(text):
            for match in tokens[start + 1 : end + 1]:
                if match.group(0).casefold() in ORGANISATION_WORDS:
                    pieces.append(text[cut : match.start()] + ORGANISATION_ROLE)
                    cut = match.end()
        return "".join(pieces) + text[cut:] if pieces else text

    def organisation_spans(self, text: str) -> list[tuple[int, int]]:
        """Token index ranges (first, last) of the company names in ``text``.

        A company name here is a run of capitalised words from a name (a word ``mask``
        would drop, or one the training requests never write in lower case, also
        opening a sentence: "Nimbus Metrics pulled out"; "Relance Zenith Data" starts at
        "Zenith") to its end, where a later word is one of ``ORGANISATION_WORDS``
        ("Metrics", "Co").
        """
        tokens = list(_TOKEN.finditer(text))
        spans: list[tuple[int, int]] = []
        i = 0
        while i < len(tokens):
            if not tokens[i].group(0)[0].isupper():
                i += 1
                continue
            end = i
            while end + 1 < len(tokens) and _continues_name(text, tokens[end], tokens[end + 1]):
                end += 1
            for first in range(i, end):
                word = tokens[first].group(0)
                if self._opens_name(word, text[: tokens[first].start()]) and any(
                    match.group(0).casefold() in ORGANISATION_WORDS
                    for match in tokens[first + 1 : end + 1]
                ):
                    spans.append((first, end))
                    break
            i = end + 1
        return spans

    def _opens_name(self, word: str, before: str) -> bool:
        if word.casefold() in ORGANISATION_WORDS:
            return False
        if self._is_name(word, before):
            return True
        return word[0].isupper() and word.casefold() not in self.common

    def name_phrases(self, text: str) -> list[str]:
        """The names in ``text`` as written, in order: "Acme Cloud", "Tidal AI", "Globex".

        A phrase starts at a word ``mask`` would drop as a name and runs on over the
        capitalised words and acronyms right after it.
        """
        tokens = list(_TOKEN.finditer(text))
        phrases: list[str] = []
        i = 0
        while i < len(tokens):
            if not self._is_name(tokens[i].group(0), text[: tokens[i].start()]):
                i += 1
                continue
            end = i
            while end + 1 < len(tokens) and _continues_name(text, tokens[end], tokens[end + 1]):
                end += 1
            phrases.append(text[tokens[i].start() : tokens[end].end()])
            i = end + 1
        return phrases

    def _unknown(self, word: str) -> bool:
        folded = word.casefold()
        return word.islower() and folded not in self.common and len(folded) > 2 and word.isalpha()


def _continues_name(text: str, previous: re.Match[str], word: re.Match[str]) -> bool:
    """Whether ``word`` extends the name ending at ``previous`` ("Cloud" in "Acme Cloud")."""
    return text[previous.end() : word.start()] == " " and word.group(0)[0].isupper()
