"""Daily digests: what each staff member should see every morning, and exactly-once delivery."""
