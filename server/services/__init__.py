"""Helpers behind the REST routers: background runs, graph state views, metrics."""
