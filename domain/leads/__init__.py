"""Seed 002's lead pipeline: sourced → enriched → verified → scored, each stage once per lead."""
