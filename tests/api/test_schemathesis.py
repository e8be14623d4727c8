"""Property-based checks of the whole API against its own OpenAPI document (schemathesis):
for generated valid and invalid requests to every operation, no 5xx, and every answer matches
the documented status codes, content types and schemas. Authenticated as an admin, who may
reach every route.

Schemathesis' pytest plugin (`from_fixture` + `parametrize`) does not run under the pytest in
use here, so each operation gets a plain Hypothesis test built from `operation.as_strategy`.
"""

from __future__ import annotations

import time
from typing import Any

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import Case, GenerationMode
from schemathesis.auths import AuthContext
from schemathesis.checks import positive_data_acceptance
from schemathesis.core.result import Ok
from sqlalchemy.orm import Session

from crm_core.context import Origin
from crm_core.customers import service as customer_service
from crm_core.customers.schemas import CustomerCreate
from crm_core.staff.models import Role
from tests.api.conftest import TokenFactory
from tests.conftest import NOW, StaffFactory

# `positive_data_acceptance` is left out on purpose: business rules the schema cannot express
# (an alias repeating the name, a contact of another customer, rating an open ticket) rightly
# refuse some schema-valid bodies with 4xx. Every other built-in check runs.
# Per operation and generation mode; bounded so both engines stay well under half a minute,
# derandomized so a failure reproduces on the next run.
MAX_EXAMPLES = 12
EXAMPLE_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def test_every_operation_conforms_to_the_schema(
    app: FastAPI, session: Session, make_staff: StaffFactory, bearer: TokenFactory
) -> None:
    admin = make_staff(Role.ADMIN, team=None)
    customer_service.create(
        session=session,
        actor=admin,
        data=CustomerCreate(name="Pemberton Foods", aliases=["Pemberton"]),
        origin=Origin(at=NOW),
    )
    headers = bearer(admin)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)

    @schema.auth()
    class AdminToken:
        """Schemathesis' own auth hook, so its auth-aware checks know what the token is."""

        def get(self, case: Case[Any], context: AuthContext) -> str:
            return headers["Authorization"].removeprefix("Bearer ")

        def set(self, case: Case[Any], data: str, context: AuthContext) -> None:
            case.headers["Authorization"] = f"Bearer {data}"

    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result  # an operation schemathesis cannot read
        operations.append(result.ok())
    assert len(operations) >= 30
    calls = 0
    started = time.perf_counter()
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @EXAMPLE_SETTINGS
            @given(case=operation.as_strategy(generation_mode=mode, auth_storage=schema.auth))
            def check(case: Case[Any]) -> None:
                nonlocal calls
                calls += 1
                case.call_and_validate(excluded_checks=[positive_data_acceptance])

            try:
                check()
            except Unsatisfiable:
                # No parameters and no body (GET /me): there is no invalid request to make.
                assert mode is GenerationMode.NEGATIVE, operation.label
    elapsed = time.perf_counter() - started
    print(f"schemathesis: {len(operations)} operations, {calls} calls in {elapsed:.1f} s")
