"""Per-staff API tokens: issued once in plaintext, stored hashed, checked on every request."""
