"""Every endpoint against the OpenAPI document, with schemathesis generating the requests
(a bounded number per operation): no 500s, documented status codes, bodies and headers that
match the schema."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from apps.mentor.services import token_create
from tests.mentor.factories import ConversationFactory, InteractionFactory, MessageFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 12


@pytest.fixture(autouse=True)
def _keep_the_test_transaction():
    """The real WSGI handler closes "old" connections around each request, which on
    PostgreSQL would end the test's transaction; Django's test client unhooks this too."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_every_endpoint_conforms_to_the_openapi_document(member):
    _, plain = token_create(member=member, name="schemathesis")
    headers = {"Authorization": f"Bearer {plain}"}
    # Real objects with low ids, so generated ids sometimes hit them (and 404 otherwise).
    MessageFactory(
        conversation=ConversationFactory(member=member, context_type="post", context_id=1),
        role="mentor",
        content="Hint",
        sources=[{"title": "T", "url": "/t"}],
    )
    InteractionFactory(member=member)
    schema = schemathesis.openapi.from_wsgi("/api/mentor/v1/openapi.json", get_wsgi_application())

    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 9
    seen: dict[str, set[int]] = {}

    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            seen.setdefault(case.operation.definition.raw["operationId"], set()).add(response.status_code)

        check()

    # Existing objects, created after generation: a generated DELETE may have hit the one
    # above (database ids are not reset between tests, so its id is anyone's guess).
    conversation = ConversationFactory(member=member, context_type="post", context_id=1)
    interaction = InteractionFactory(member=member)
    item = schema["/conversations/{conversation_id}"]
    path = {"conversation_id": conversation.pk}
    for method, body in (("GET", None), ("PATCH", {"title": "Renamed"}), ("DELETE", None)):
        kwargs = {"body": body, "media_type": "application/json"} if body else {}
        response = (
            item[method]
            .Case(path_parameters=path, **kwargs)
            .call_and_validate(headers=headers, checks=CHECKS)
        )
        assert response.status_code in {200, 204}, (method, response.status_code)
    feedback = schema["/feedback"]["POST"].Case(
        body={"interaction_id": interaction.pk, "helpful": True}, media_type="application/json"
    )
    assert feedback.call_and_validate(headers=headers, checks=CHECKS).status_code == 200

    # The generated requests really got through to the endpoints, not only to validation.
    for operation_id in ("chat", "conversationList", "suggestions", "codeReview", "explain"):
        assert 200 in seen[operation_id], (operation_id, seen)
    assert seen["conversationGet"] & {200, 404}


@pytest.mark.django_db
def test_anonymous_calls_conform_too(db):
    schema = schemathesis.openapi.from_wsgi("/api/mentor/v1/openapi.json", get_wsgi_application())
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=2,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            response = case.call_and_validate(checks=CHECKS)
            assert response.status_code == 401

        check()
