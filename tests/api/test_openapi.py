"""The OpenAPI document is complete: every route, its response model, its errors, its auth."""

from __future__ import annotations

from typing import Any

from fastapi.routing import APIRoute

from api.app import ROUTERS
from tests.api.conftest import ApiClient

ERROR_REF = "#/components/schemas/ErrorBody"


def test_every_route_is_documented_with_models_errors_tags_and_auth(client: ApiClient) -> None:
    document: dict[str, Any] = client.get("/openapi.json").json()
    assert document["components"]["securitySchemes"]["ApiToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": document["components"]["securitySchemes"]["ApiToken"]["description"],
    }
    routes = [route for router in ROUTERS for route in router.routes if isinstance(route, APIRoute)]
    assert len(routes) >= 35
    for route in routes:
        for method in route.methods or ():
            operation = document["paths"][route.path][method.lower()]
            label = f"{method} {route.path}"
            assert operation["summary"] and operation["tags"], label
            success = next(code for code in operation["responses"] if code.startswith("2"))
            content = operation["responses"][success]["content"]
            assert next(iter(content.values()))["schema"], label
            if route.path == "/healthz":
                assert "security" not in operation
                continue
            assert operation["security"] == [{"ApiToken": []}], label
            for status in ("400", "401", "403", "413", "422"):
                schema = operation["responses"][status]["content"]["application/json"]["schema"]
                assert schema == {"$ref": ERROR_REF}, (label, status)
            assert "HTTPValidationError" not in str(operation), label
    schemas = document["components"]["schemas"]
    for name in ("CustomerCreate", "CustomerUpdate", "CustomerRead", "TicketRead", "DealRead"):
        assert name in schemas or f"{name}-Input" in schemas or f"{name}-Output" in schemas, name
