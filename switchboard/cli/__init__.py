"""The ``switchboard`` command line: database, demo data and direct tool calls."""
