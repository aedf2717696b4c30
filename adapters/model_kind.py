"""What a ``model`` setting names, for reports that describe the configured model.

Kept apart from ``adapters.models`` (which builds models and imports LangChain) so a
report can say which provider is configured without loading any of it.
"""

from __future__ import annotations

from dataclasses import dataclass

OFFLINE = "offline"
"""The setting value of the built-in deterministic model."""


@dataclass(frozen=True)
class ModelKind:
    """A model setting's provider and whether the model runs locally, without a network."""

    provider: str
    local: bool
    note: str
    """A sentence opening a report's detail ("" for a provider's model)."""


def model_kind(name: str) -> ModelKind:
    """The provider a ``model`` setting names ("offline", or the part before ':')."""
    if name == OFFLINE:
        return ModelKind(OFFLINE, local=True, note="Offline deterministic model (no network)")
    return ModelKind(name.split(":", 1)[0] if ":" in name else "openai", local=False, note="")
