"""Fact extraction (placeholder until the extraction engine lands)."""
