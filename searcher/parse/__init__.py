"""Parsing: text and records in, Release out (placeholder until issue 3 lands)."""
