"""The draft of an email the request asked to write but not to send.

"Draft an email to Elena about Platinum, don't send it" rules ``send_email`` out, so no
action is proposed; the answer still owes the user the draft they asked for. It is the
text ``send_email`` would have carried (``prompts/offline_drafts.md``, in the request's
language), shown in the answer and marked as not sent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from string import Template

from adapters.offline import answers
from adapters.offline.argument_fill import ToolInfo, fill_arguments
from adapters.offline.request import Request
from domain.negation import withheld_tools

EMAIL_TOOL = "send_email"
_WRITE = re.compile(
    r"\b(?:draft\w*|write|compose|prepare|redact\w*|escrib\w*|prepar\w*|r[ée]dig\w*|"
    r"[ée]cri[st]\w*|schreib\w*|entw[uü]rf\w*|verfass\w*)\b",
    re.I,
)


def withheld_email_draft(tools: Mapping[str, ToolInfo], req: Request, language: str) -> str:
    """The answer's "here is the draft, not sent" block, or '' when none is owed."""
    if EMAIL_TOOL not in tools or EMAIL_TOOL not in withheld_tools(req.as_typed):
        return ""
    if not _WRITE.search(req.as_typed):
        return ""
    args = fill_arguments(tools[EMAIL_TOOL], req).args
    body = args.get("body")
    if not isinstance(body, str) or not body.strip():
        return ""
    block = answers.section("withheld_draft", language) or ""
    text = Template(block).safe_substitute(
        to=str(args.get("to") or ""), subject=str(args.get("subject") or ""), body=body.strip()
    )
    return "\n" + text.strip()
