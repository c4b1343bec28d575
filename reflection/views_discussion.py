"""Placeholder until the real views land (work in progress this session)."""
