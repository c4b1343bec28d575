"""Erop af and the informatiepunt."""
