"""LangGraph's server API (as ``langgraph-sdk`` speaks it) on Switchboard's own services."""
