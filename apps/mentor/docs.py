"""The readable API reference: the OpenAPI document turned into rows a template can print."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from apps.mentor.forms import NO_NUL_PATTERN, TEXT_PATTERN
from apps.mentor.openapi import openapi_document


@dataclass
class FieldDoc:
    name: str
    type: str
    required: bool
    notes: str


@dataclass
class OperationDoc:
    anchor: str
    method: str
    path: str
    summary: str
    description: str
    request_fields: list[FieldDoc] = field(default_factory=list)
    request_example: str = ""
    responses: list[tuple[str, str, str]] = field(default_factory=list)  # (status, description, schema name)


@dataclass
class Reference:
    title: str
    description: str
    base: str
    operations: list[OperationDoc]
    schemas: list[tuple[str, list[FieldDoc]]]


EXAMPLES = {
    "ChatRequest": {
        "message": "How should I prepare for this hackathon?",
        "context": {"type": "hackathon", "id": 1},
    },
    "ConversationUpdate": {"title": "Preparing for the AI hackathon"},
    "CodeRequest": {"code": "def add(a, b=[]):\n    return a + b\n", "language": "python"},
    "FeedbackRequest": {"interaction_id": 42, "helpful": True, "comment": "The hint was enough."},
}


def _resolve(doc: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = _lookup(doc, schema["$ref"])
    return schema


def _lookup(doc: dict, ref: str) -> dict:
    node = doc
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def _type_of(doc: dict, schema: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    for keyword in ("oneOf", "anyOf"):
        if keyword in schema:
            return " or ".join(_type_of(doc, s) for s in schema[keyword])
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = " or ".join(kind)
    if kind == "array":
        return f"array of {_type_of(doc, schema.get('items', {}))}"
    return kind


PATTERN_NOTES = {TEXT_PATTERN: "not blank, no NUL", NO_NUL_PATTERN: "no NUL"}


def _notes(schema: dict) -> str:
    notes = []
    for branch in schema.get("anyOf", []):
        if branch.get("type") != "null" and "$ref" not in branch:
            notes.append(_notes(branch))
    if "enum" in schema:
        notes.append("one of " + ", ".join(f"`{v}`" for v in schema["enum"]))
    if "maxLength" in schema:
        notes.append(f"at most {schema['maxLength']} characters")
    if "pattern" in schema:
        notes.append(PATTERN_NOTES.get(schema["pattern"], f"matches `{schema['pattern']}`"))
    if "minimum" in schema:
        notes.append(f"≥ {schema['minimum']}")
    if "maximum" in schema:
        notes.append(f"≤ {schema['maximum']}")
    if schema.get("description"):
        notes.append(schema["description"])
    return "; ".join(n for n in notes if n)


def _fields(doc: dict, schema: dict) -> list[FieldDoc]:
    schema = _resolve(doc, schema)
    if "allOf" in schema:
        return [f for part in schema["allOf"] for f in _fields(doc, part)]
    required = set(schema.get("required", []))
    return [
        FieldDoc(
            name,
            _type_of(doc, prop),
            name in required,
            _notes(_resolve(doc, prop) if "$ref" not in prop else prop),
        )
        for name, prop in schema.get("properties", {}).items()
    ]


def api_reference() -> Reference:
    doc = openapi_document()
    base = doc["servers"][0]["url"]
    operations = []
    for path, item in doc["paths"].items():
        for method in ("get", "post", "patch", "delete"):
            if method not in item:
                continue
            op = item[method]
            request_fields, example = [], ""
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if body:
                request_fields = _fields(doc, body)
                name = body["$ref"].rsplit("/", 1)[-1]
                example = json.dumps(EXAMPLES.get(name, {}), indent=2)
            responses = []
            for status, response in op["responses"].items():
                response = _resolve(doc, response)
                schema = response.get("content", {}).get("application/json", {}).get("schema", {})
                responses.append((status, response["description"], schema.get("$ref", "").rsplit("/", 1)[-1]))
            operations.append(
                OperationDoc(op["operationId"], method.upper(), base + path, op["summary"], op["description"],
                             request_fields, example, responses)
            )  # fmt: skip
    schemas = [(name, _fields(doc, schema)) for name, schema in doc["components"]["schemas"].items()]
    return Reference(doc["info"]["title"], doc["info"]["description"], base, operations, schemas)
