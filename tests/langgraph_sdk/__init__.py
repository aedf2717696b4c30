"""One scenario for LangGraph's server API, driven by the real SDKs (Python and JS)."""
