"""Switchboard: a LangGraph multi-agent operations service."""

__version__ = "0.1.0"
