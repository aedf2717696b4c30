"""Evaluation datasets and runners that score forecasts, routing, tool choice and answers."""
