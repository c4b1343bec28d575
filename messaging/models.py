"""Secure messages between a household and its regisseur (see portal and dossiers)."""
