"""API keys and idempotency records of the partner API."""
