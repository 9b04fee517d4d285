"""Every operation of the mentor API held to its OpenAPI document.

Schemathesis generates the requests from the document: its coverage phase (boundary values of
every field, deterministic) and a fuzzing phase (derandomized, a bounded number per operation),
both schema-valid and schema-invalid. Every response goes through all of schemathesis's checks:
no 500s; documented status codes, content types, headers and bodies; a request the document
allows is not refused with 400 (positive data acceptance) and one it forbids is refused
(negative data rejection); methods the path does not answer get 405 with `Allow`; a request
without credentials is refused.

Random generation finds a class of disagreement only by luck, so a second test sends, for every
request field, fixed values on the edges where the document and the code have disagreed before
(integral numbers such as 7.0, NUL, characters one regex flavour calls whitespace and another
does not, lengths counted before or after trimming, null, incomplete objects) and holds the API
to the document's own verdict on each.
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from jsonschema import Draft202012Validator

from apps.mentor.openapi import openapi_document
from apps.mentor.services import MAX_ID, token_create
from tests.mentor.conftest import API
from tests.mentor.factories import ConversationFactory, InteractionFactory, MessageFactory

# The fuzzing phase's examples per operation and generation mode; the coverage phase adds its
# own boundary cases on top. Together they stay well under a minute on two cores.
FUZZ_EXAMPLES = 50
# The in-process WSGI transport hands back the bytes as sent; unlike an HTTP client it does not
# undo gzip, which the site applies to JSON answers to GET.
PLAIN = {"Accept-Encoding": "identity"}

schema = schemathesis.openapi.from_dict(openapi_document())
schema.app = get_wsgi_application()
schema.config.generation.update(
    modes=["positive", "negative"], max_examples=FUZZ_EXAMPLES, deterministic=True
)
schema.config.phases.update(phases=["examples", "coverage", "fuzzing"])

# Operations whose generated requests must get past validation at least once; the others
# need an existing object, which a generated id finds only by chance.
REACH_THE_ENDPOINT = {"chat", "conversationList", "suggestions", "codeReview", "explain"}


@pytest.fixture(autouse=True)
def _keep_the_test_transaction():
    """The real WSGI handler closes "old" connections around each request, which on
    PostgreSQL would end the test's transaction; Django's test client unhooks this too."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token_headers(member, settings):
    # One operation sends a few hundred requests; the limits are tested in test_api.py.
    settings.MENTOR_RATE_PER_MINUTE = 100_000
    settings.MENTOR_RATE_PER_DAY = 100_000
    _, plain = token_create(member=member, name="schemathesis")
    # Real objects with low ids, so generated ids sometimes hit them (and 404 otherwise).
    MessageFactory(
        conversation=ConversationFactory(member=member, context_type="post", context_id=1),
        role="mentor",
        content="Hint",
        sources=[{"title": "T", "url": "/t"}],
    )
    InteractionFactory(member=member)
    return {"Authorization": f"Bearer {plain}", **PLAIN}


@pytest.fixture
def statuses():
    """Status codes per operation; checked once all of an operation's requests are sent."""
    seen: dict[str, set[int]] = {}
    yield seen
    for operation_id, codes in seen.items():
        if operation_id in REACH_THE_ENDPOINT:
            assert codes & {200, 204}, f"{operation_id} never got past validation: {sorted(codes)}"


@schema.parametrize()
@hypothesis_settings(deadline=None, database=None, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_every_operation_conforms_to_the_openapi_document(case, token_headers, statuses):
    response = case.call_and_validate(headers=token_headers)
    statuses.setdefault(case.operation.definition.raw["operationId"], set()).add(response.status_code)


@pytest.mark.django_db
def test_existing_objects_answer_as_documented(member):
    _, plain = token_create(member=member, name="schemathesis")
    headers = {"Authorization": f"Bearer {plain}", **PLAIN}
    conversation = ConversationFactory(member=member, context_type="post", context_id=1)
    interaction = InteractionFactory(member=member)
    item = schema["/conversations/{conversation_id}"]
    path = {"conversation_id": conversation.pk}
    for method, body in (("GET", None), ("PATCH", {"title": "Renamed"}), ("DELETE", None)):
        kwargs = {"body": body, "media_type": "application/json"} if body else {}
        response = item[method].Case(path_parameters=path, **kwargs).call_and_validate(headers=headers)
        assert response.status_code in {200, 204}, (method, response.status_code)
    feedback = schema["/feedback"]["POST"].Case(
        body={"interaction_id": interaction.pk, "helpful": True}, media_type="application/json"
    )
    assert feedback.call_and_validate(headers=headers).status_code == 200


@pytest.mark.django_db
def test_anonymous_calls_conform_too():
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
            response = case.call_and_validate(headers=PLAIN)
            assert response.status_code == 401

        check()


# --- Each request field on its known edges ----------------------------------------------------

EDGE_VALUES = [
    None, True, False, 0, -1, 1, 1.0, 2.5, "1", MAX_ID, float(MAX_ID), MAX_ID + 1, [], {},
    "", " ", "x", " x ", "\x00", "x\x00y", "\x1c", "\x85", "\ufeff", "\u3000x", "python",
    {"type": "post", "id": 1}, {"type": "post", "id": 1.0}, {"type": "post", "id": 1.5},
    {"type": "post", "id": True}, {"type": "post"}, {"type": "planet", "id": 1},
    {"type": "post", "id": 1, "extra": 1},
]  # fmt: skip


def _length_edges(field_schema: dict) -> list[str]:
    limits = [s["maxLength"] for s in [field_schema, *field_schema.get("anyOf", [])] if "maxLength" in s]
    return [v for n in limits for v in ("x" * n, "x" * (n + 1), "x" + " " * n, " " * (n - 1) + "x")]


def _enum_edges(field_schema: dict) -> list[str]:
    return list(field_schema.get("enum", []))


@pytest.mark.django_db
def test_every_request_field_is_accepted_exactly_when_the_document_allows_it(member, settings):
    settings.MENTOR_RATE_PER_MINUTE = 100_000
    _, plain = token_create(member=member, name="edges")
    client = Client(headers={"Authorization": f"Bearer {plain}"})
    conversation = ConversationFactory(member=member)
    baselines = {
        "chat": {"message": "How do I start?"},
        "conversationRename": {"title": "Renamed"},
        "codeReview": {"code": "x = 1\n", "language": "python"},
        "explain": {"code": "x = 1\n", "language": "python"},
        "feedback": {"interaction_id": InteractionFactory(member=member).pk, "helpful": True},
    }
    document = json.loads(json.dumps(openapi_document()))
    checked = set()
    mismatches: list[str] = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if "requestBody" not in operation:
                continue
            ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            validator = Draft202012Validator({"$ref": ref, "components": document["components"]})
            baseline = baselines[operation["operationId"]]
            assert validator.is_valid(baseline), operation["operationId"]
            url = API + path.replace("{conversation_id}", str(conversation.pk))
            properties = document["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]
            for field, field_schema in properties.items():
                for value in EDGE_VALUES + _length_edges(field_schema) + _enum_edges(field_schema):
                    body = baseline | {field: value}
                    allowed = validator.is_valid(body)
                    response = client.generic(
                        method.upper(), url, json.dumps(body), content_type="application/json"
                    )
                    agrees = (
                        response.status_code in {200, 404}
                        if allowed
                        else response.status_code == 400 and field in response.json()["error"]["fields"]
                    )
                    if not agrees:
                        verdict = "allows" if allowed else "forbids"
                        mismatches.append(
                            f"{operation['operationId']} {field}={value!r:.40}: the document {verdict} "
                            f"it, the API answered {response.status_code} {response.content[:120]!r}"
                        )
                checked.add((operation["operationId"], field))
    assert len(checked) == 11
    assert not mismatches, "\n".join(mismatches)
