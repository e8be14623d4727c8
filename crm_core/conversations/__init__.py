"""Per-chat conversation state kept in the database, so any worker can take the next message."""
