"""The decisions tests' fixtures for a beschikking that can be signed and sent (mandates, a provision, a provider)."""

from decisions.tests.conftest import aanbieder, begeleiding, mandates

__all__ = ["aanbieder", "begeleiding", "mandates"]
