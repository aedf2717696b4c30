"""What operations' outbox actions share: the message renderer they are given."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Compose = Callable[[str, Mapping[str, Any]], tuple[str, str]]
"""Renders a message from a template name and values into (subject, body)."""
