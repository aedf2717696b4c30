"""Wiring only: the supervisor graph and one subgraph per department. No SQL, no prompts."""
