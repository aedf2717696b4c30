"""The offline chat model: a deterministic local policy behind the ``BaseChatModel`` API.

It writes from the templates in ``prompts/``, picks tools with a local classifier and
fills their arguments from the request and the tenant's database. No network, no
randomness: the same messages always give the same reply.
"""

from adapters.offline.entities import EntityResolver
from adapters.offline.model import OfflineChatModel
from adapters.offline.structured import register_structured_responder

__all__ = ["EntityResolver", "OfflineChatModel", "register_structured_responder"]
