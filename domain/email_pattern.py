"""The one pattern for an email address written in free text.

It starts only where no address character precedes it (``(?<![\\w.+-])``): without
that, a run such as ``ops-ops-ops-…`` with no ``@`` was scanned again from each of its
characters, and 20,000 of them took seconds. Every place that finds, masks or skips
addresses in a request uses it.
"""

from __future__ import annotations

import re

EMAIL_ADDRESS = r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
"""The pattern's text, for regexes that join it with other alternatives."""

EMAIL = re.compile(EMAIL_ADDRESS)
