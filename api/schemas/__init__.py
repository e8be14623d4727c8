"""Request and response bodies: `XCreate` / `XUpdate` in, `XRead` out.

Request models reuse the core's validated inputs and only tighten what the HTTP edge needs
(ids within the database's integer range, instants that convert to UTC without overflow).
"""
