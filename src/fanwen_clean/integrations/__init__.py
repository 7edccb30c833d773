"""Adapters that run fanwen-clean inside other data-processing frameworks (optional extras)."""
