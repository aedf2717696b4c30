"""Finding is not contacting: "find sponsors that fit" lists prospects, it does not start
the sponsor outreach routine that drafts proposals and proposes emails to ten of them.

A playbook that contacts people is kept only when the request also asks to act on what
is found: reach out, contact, email, pitch, write, send, launch or start something, or
names the outreach itself. Otherwise the department agent answers with its search tool.
A request that rules contacting out ("don't reach out yet, who should we pitch?") does not
start it either, unless it names the outreach itself (which then drafts, and its sends
are withheld as the request says).
"""

from __future__ import annotations

import re
import unicodedata

from domain.negation import ANY_ACTION, withheld_actions

CONTACTING_PLAYBOOKS = frozenset({"sponsor_outreach"})

_ACT = re.compile(
    r"\b("
    r"outreach|reach(ing)? out|contact\w*|e-?mail\w*|mail\w*|pitch\w*|write|send\w*|"
    r"approach\w*|launch\w*|start\w*|kick ?off|campaign\w*|follow ?ups?|"
    r"contacta\w*|escrib\w*|envia\w*|lanza\w*|campana\w*|"
    r"contacte\w*|ecri[sv]\w*|envoie\w*|lance\w*|campagne\w*|demarche\w*|"
    r"kontaktier\w*|anschreib\w*|schreib\w*|schick\w*|sende\w*|starte\w*|kampagne\w*"
    r")\b",
    re.IGNORECASE,
)


def asks_to_act(request: str) -> bool:
    """Whether the request asks to contact, write to or launch something, not only to find."""
    plain = unicodedata.normalize("NFKD", request)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return _ACT.search(plain) is not None


_NAMES_OUTREACH = re.compile(r"\b(outreach|campa\w*|kampagne\w*)\b", re.IGNORECASE)


def rules_out_contacting(request: str) -> bool:
    """Whether the request says not to contact anyone and does not name the outreach."""
    withheld = withheld_actions(request)
    return bool({"send", ANY_ACTION} & withheld) and not _NAMES_OUTREACH.search(request)


def keep_playbook(playbook: str | None, request: str) -> str | None:
    """``playbook``, unless it contacts people and the request only asks to find them
    or says not to contact anyone."""
    if playbook in CONTACTING_PLAYBOOKS and (
        not asks_to_act(request) or rules_out_contacting(request)
    ):
        return None
    return playbook
