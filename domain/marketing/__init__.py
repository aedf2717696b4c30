"""Marketing computations: campaign rates, seed thresholds, A/B statistics, timing, segments.

Everything here takes a ``Scope`` (or plain numbers, for the pure maths) and filters by
``scope.tenant_id``; the LLM-facing tools in ``tools/marketing.py`` are thin wrappers.
"""
