"""One module per resource; each route is one service call over the request's session."""

API_V1 = "/api/v1"
