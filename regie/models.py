"""Opschalen and afschalen."""
