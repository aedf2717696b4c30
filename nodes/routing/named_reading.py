"""The classifier reading a request with the tenant's record names known.

"Any word from StreamHouse?" has no department's word in it, and the classifier guessed
sales (0.29). The tenant's names index (``record_name_index``) knows StreamHouse is a vendor,
so operations' business. ``NamedReading`` wraps any classifier and, for a text that
names such a record, multiplies the odds of the record's department(s) by
``exp(NAME_PRIOR)`` and renormalises: a soft prior, which the request's own words still
outweigh when they are clear about another department.

Only where the words say nothing: a text with any department's keyword (``lexicon``)
is read as the classifier reads it. "Write a LinkedIn post thanking Acme Cloud" is
marketing's whatever Acme Cloud is, and "what do we know about PhotoLane's owners"
research's; a record's name is the request's subject, not its ask, once the ask has words.

A name of no single reading (a contact's who also bought a ticket, a vendor's and companies'
"Lumen") adds nothing (``record_name_index.Reading``).

Chosen by measurement on every routing set: the 12 older sets together (1,879
requests, 1,789 right on the words alone) and dev12 (154 requests naming the demo
tenant's records, 97 right):

- reading each name as a role word instead ("Any word from the vendor?", "the sponsor"):
  dev12 132-141 but the older sets -28 to -33 (a role word is a department's keyword
  in every view of the classifier, and "the sponsor" overrode research requests);
- this prior on every text: weight 1.0 / 1.5 / 2.0 gave +5 / +3 / +1 on the older sets
  and 117 / 124 / 126 on dev12; on keyword-free texts only (kept): +6 / +5 / +2 and
  121 / 130 / 132 (1.5 kept: 1.0 leaves half of dev12's gain, 2.0 starts to override
  the words of research requests);
- a company read as sales outright cost 4 research requests on the older sets ("who
  shoud we tlak to at Prism Data"); read as sales or research it gives nothing to either,
  so only a company with a deal or a current sponsorship reads as sales (as sales or
  research too: +4 and 119; on the e2e sets +4 where the kept reading gives +9).
"""

from __future__ import annotations

import math

from domain.departments import DEPARTMENTS, DepartmentName
from nodes.routing.classifier import Classifier, Scores, best
from nodes.routing.company_ask import COMPANY_KINDS, company_ask
from nodes.routing.lexicon import keyword_positions
from nodes.routing.record_name_index import RecordNameIndex

NAME_PRIOR = 1.5
"""Log-odds added to the departments a record's name reads as (see the module docstring)."""
COMPANY_ASK_PRIOR = 4.0
"""Log-odds added to research or sales when what a text asks about a company it names
says which (``company_ask``)."""
SALES_OR_RESEARCH = frozenset({"sales", "research"})


class NamedReading:
    """``classifier`` with a prior toward the departments of the records a text names.

    Args:
        classifier: the classifier whose probabilities are adjusted.
        names: the tenant's names index.
        weight: the log-odds added (``NAME_PRIOR``).
    """

    def __init__(
        self, classifier: Classifier, names: RecordNameIndex, weight: float = NAME_PRIOR
    ) -> None:
        self.classifier = classifier
        self.names = names
        self.weight = weight

    def scores_many(self, texts: list[str]) -> list[Scores]:
        """Probability per department for each text, names read (module docstring)."""
        scored = self.classifier.scores_many(texts)
        return [self._with_names(text, scores) for text, scores in zip(texts, scored, strict=True)]

    def scores(self, text: str) -> Scores:
        """Probability per department for one text, names read."""
        return self.scores_many([text])[0]

    def _with_names(self, text: str, scores: Scores) -> Scores:
        found = self.names.find(text)
        if not found:
            return scores
        keywords = bool(keyword_positions(text))
        companies = [(m.start, m.end) for m in found if m.kinds & COMPANY_KINDS]
        asked = company_ask(text, companies) if companies else None
        if asked is not None and (not keywords or best(scores)[0] in SALES_OR_RESEARCH):
            # "is Kestrel Systems still in the running?": what is asked about the
            # company says whose it is, a keyword or not (``company_ask``)
            return _raised(scores, {asked}, COMPANY_ASK_PRIOR)
        if keywords:
            return scores  # the request's words say whose it is
        departments = {d for match in found for d in match.departments}
        if not departments:
            return scores
        return _raised(scores, departments, self.weight)


def _raised(scores: Scores, departments: set[DepartmentName], weight: float) -> Scores:
    """``scores`` with the odds of ``departments`` multiplied by ``exp(weight)``."""
    boost = math.exp(weight)
    raised = {d: p * boost if d in departments else p for d, p in scores.items()}
    total = sum(raised.values())
    return {d: raised[d] / total for d in DEPARTMENTS}
