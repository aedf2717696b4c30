"""Benchmarks that compare Switchboard's graphs with the library's stock multi-agent patterns.

Run ``python -m bench.supervisor_vs_baselines --help``. Nothing here calls a network model:
every system runs on the same scripted policy model (``bench.policy_model``).
"""
