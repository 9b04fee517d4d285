"""The OpenAPI 3.1 description of the mentor API: served as JSON, rendered as the reference
page, and used by the test suite to check every endpoint (schemathesis)."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from apps.mentor.content import KIND_LABELS
from apps.mentor.forms import (
    CODE_MAX,
    COMMENT_MAX,
    LANGUAGES,
    MESSAGE_MAX,
    NO_NUL_PATTERN,
    TEXT_PATTERN,
    TITLE_MAX,
)
from apps.mentor.models import ContextType
from apps.mentor.services import MAX_ID

JSON = "application/json"
ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
# What the request forms enforce (apps/mentor/forms.py): text with at least one visible
# character and no NUL; `maxLength` counts the characters sent, before any trimming.
TEXT = {"type": "string", "pattern": TEXT_PATTERN}
OPTIONAL_TEXT = {"type": "string", "pattern": NO_NUL_PATTERN}
WHEN = {"type": "string", "format": "date-time"}


def _nullable(schema: dict, description: str) -> dict:
    """An optional request field: the forms treat `null` as leaving it out."""
    return {"anyOf": [schema, {"type": "null"}], "description": description}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(properties: dict, required: list[str] | None = None, *, closed: bool = True) -> dict:
    schema: dict = {"type": "object", "properties": properties, "required": required or list(properties)}
    if closed:
        schema["additionalProperties"] = False
    return schema


def _error(description: str, headers: dict | None = None) -> dict:
    response: dict = {"description": description, "content": {JSON: {"schema": _ref("Error")}}}
    if headers:
        response["headers"] = headers
    return response


def _ok(description: str, schema: str) -> dict:
    return {"description": description, "content": {JSON: {"schema": _ref(schema)}}}


def _body(schema: str) -> dict:
    return {"required": True, "content": {JSON: {"schema": _ref(schema)}}}


COMMON_ERRORS = {
    "401": {"$ref": "#/components/responses/Unauthenticated"},
    "403": {"$ref": "#/components/responses/CsrfFailed"},
    "405": {"$ref": "#/components/responses/MethodNotAllowed"},
    "413": {"$ref": "#/components/responses/TooLarge"},
    "429": {"$ref": "#/components/responses/RateLimited"},
    "500": {"$ref": "#/components/responses/ServerError"},
}


def _operation(
    op_id: str, summary: str, description: str, responses: dict, body: str | None = None, **extra
) -> dict:
    operation = {
        "operationId": op_id,
        "summary": summary,
        "description": description,
        "responses": {**responses, **COMMON_ERRORS},
        **extra,
    }
    if body:
        operation["requestBody"] = _body(body)
        operation["responses"].setdefault("400", {"$ref": "#/components/responses/Invalid"})
    return operation


SUMMARY_PROPERTIES = {
    "id": ID,
    "title": {"type": "string"},
    "context": {"oneOf": [_ref("Context"), {"type": "null"}]},
    "message_count": {"type": "integer", "minimum": 0},
    "created_at": WHEN,
    "updated_at": WHEN,
}


SCHEMAS = {
    "ConversationSummary": _obj(SUMMARY_PROPERTIES),
    "Error": _obj(
        {
            "error": _obj(
                {
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                    "fields": {
                        "type": "object",
                        "additionalProperties": {"type": "array", "items": {"type": "string"}},
                        "description": "Messages per request field; `__all__` for the body as a whole.",
                    },
                }
            )
        }
    ),
    "Context": {
        **_obj({"type": {"type": "string", "enum": list(ContextType.values)}, "id": ID}),
        "description": (
            "One public hackathon, job, project or post, or one of your own career quiz results "
            "(`careers_result`: the mentor then answers about your track, its confidence and "
            "reasons, and suggests next steps). In a request, an item that does not exist or is "
            "not public (a draft, a closed job, a hidden post, another member's result) answers "
            "404 with `fields.context`."
        ),
    },
    "Source": _obj({"title": {"type": "string"}, "url": {"type": "string"}}),
    "ChatRequest": _obj(
        {
            "message": {**TEXT, "maxLength": MESSAGE_MAX, "description": "The member's question."},
            "conversation_id": _nullable(
                ID, "Continue this conversation; omit (or send null) to start one. Not yours: 404."
            ),
            "context": _nullable(
                _ref("Context"),
                "Ask about one public hackathon, job, project or post; omit (or null) to keep the "
                "conversation's own. If the conversation's item has been unpublished since, the "
                "mentor answers without it.",
            ),
        },
        ["message"],
    ),
    "ChatResponse": _obj(
        {
            "conversation_id": ID,
            "interaction_id": ID,
            "reply": {"type": "string", "description": "Markdown."},
            "sources": {"type": "array", "items": _ref("Source")},
            "backend": {
                "type": "string",
                "enum": ["local", "openai"],
                "description": "Which brain answered.",
            },
            "fallback_from": {
                "type": ["string", "null"],
                "description": "The configured backend that failed, when `local` answered instead.",
            },
        }
    ),
    "Message": _obj(
        {
            "id": ID,
            "role": {"type": "string", "enum": ["member", "mentor"]},
            "content": {"type": "string"},
            "sources": {"type": "array", "items": _ref("Source")},
            "backend": {"type": ["string", "null"]},
            "created_at": WHEN,
        }
    ),
    "Conversation": _obj({**SUMMARY_PROPERTIES, "messages": {"type": "array", "items": _ref("Message")}}),
    "ConversationList": _obj({"conversations": {"type": "array", "items": _ref("ConversationSummary")}}),
    "ConversationUpdate": _obj({"title": {**TEXT, "maxLength": TITLE_MAX}}),
    "CareerTrack": _obj(
        {
            "slug": {
                "type": "string",
                "enum": ["builders", "leaders", "entrepreneurs", "researchers", "educators"],
            },
            "name": {"type": "string"},
            "confidence": {"type": "string", "enum": ["high", "medium", "low"]},
            "careers": {"type": "array", "items": {"type": "string"}},
            "result_url": {"type": "string", "description": "The result page (yours only)."},
        }
    ),
    "Suggestion": _obj(
        {
            "id": ID,
            "title": {"type": "string"},
            "url": {"type": "string"},
            "reason": {"type": "string", "description": "One line tying it to the member's profile."},
        }
    ),
    "Suggestions": _obj(
        {
            "interaction_id": ID,
            "skills": {"type": "array", "items": {"type": "string"}},
            "career_track": _nullable(
                _ref("CareerTrack"),
                "Your track from your newest career quiz result; null before you take the quiz. "
                "Jobs and hackathons that fit it are suggested after those matching your skills.",
            ),
            "hackathons": {"type": "array", "items": _ref("Suggestion")},
            "jobs": {"type": "array", "items": _ref("Suggestion")},
            "projects": {"type": "array", "items": _ref("Suggestion")},
            "posts": {"type": "array", "items": _ref("Suggestion")},
            "skipped": {
                "type": "array",
                "items": {"type": "string", "enum": list(KIND_LABELS)},
                "description": "Kinds of content not available on this site yet.",
            },
        }
    ),
    "CodeRequest": _obj(
        {
            "code": {**TEXT, "maxLength": CODE_MAX},
            "language": {"type": "string", "enum": [value for value, _ in LANGUAGES]},
        }
    ),
    "Finding": _obj(
        {
            "line": {"type": "integer", "minimum": 1},
            "severity": {
                "type": "string",
                "enum": ["error", "warning", "info"],
                "description": "Errors come first. Code that runs its input (ruff's security rules "
                "such as S307, or the checks eval-exec, unsafe-load and shell-command) is an error.",
            },
            "rule": {"type": "string", "description": "A ruff rule code or a mentor check name."},
            "message": {"type": "string", "description": "Markdown: names of code in backticks."},
        }
    ),
    "CodeReview": _obj(
        {
            "interaction_id": ID,
            "language": {"type": "string"},
            "backend": {"type": "string", "enum": ["local", "openai"]},
            "summary": {"type": "string", "description": "Markdown."},
            "findings": {"type": "array", "items": _ref("Finding")},
        }
    ),
    "ExplainItem": _obj(
        {
            "kind": {
                "type": "string",
                "enum": ["module", "import", "function", "class", "control_flow", "entry_point"],
            },
            "name": {"type": "string"},
            "line": {"type": "integer", "minimum": 1},
            "text": {"type": "string"},
        }
    ),
    "Explanation": _obj(
        {
            "interaction_id": ID,
            "language": {"type": "string"},
            "backend": {"type": "string", "enum": ["local", "openai"]},
            "summary": {"type": "string"},
            "items": {"type": "array", "items": _ref("ExplainItem")},
        }
    ),
    "FeedbackRequest": _obj(
        {
            "interaction_id": ID,
            "helpful": {"type": "boolean"},
            "comment": _nullable({**OPTIONAL_TEXT, "maxLength": COMMENT_MAX}, "Optional; null is none."),
        },
        ["interaction_id", "helpful"],
    ),
    "Feedback": _obj(
        {"interaction_id": ID, "helpful": {"type": "boolean"}, "comment": {"type": "string"}},
    ),
}

RESPONSES = {
    "Invalid": _error("Malformed JSON, a wrong type, an unknown field or an invalid value."),
    "Unauthenticated": _error(
        "No session and no valid token (a revoked token counts as none).",
        {"WWW-Authenticate": {"schema": {"type": "string"}}},
    ),
    "CsrfFailed": _error("A session request without the CSRF header on an unsafe method."),
    "NotFound": _error(
        "No such object, or it belongs to someone else (or, for a context, it is not public). "
        "`fields` names the request field when one pointed at it."
    ),
    "MethodNotAllowed": _error(
        "The path does not answer this method.", {"Allow": {"schema": {"type": "string"}}}
    ),
    "TooLarge": _error("The request body is over the size limit."),
    "RateLimited": _error(
        "Over the per-minute or per-day limit.",
        {"Retry-After": {"required": True, "description": "Seconds to wait.", "schema": {"type": "string"}}},
    ),
    "ServerError": _error("An unexpected error; the shape stays JSON."),
}

CONVERSATION_ID = {
    "name": "conversation_id",
    "in": "path",
    "required": True,
    "schema": ID,
}


@lru_cache(maxsize=1)
def openapi_document() -> dict:
    not_found = {"404": {"$ref": "#/components/responses/NotFound"}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "DiceyTech mentor API",
            "version": "1.0.0",
            "description": (
                "The AI mentor of DiceyTech: chat about the site's hackathons, jobs, projects and "
                "posts, personal suggestions, code review and explanations. Authenticate with "
                "your logged-in session (same origin; send the `X-CSRFToken` header on POST, "
                "PATCH and DELETE) or a personal API token from /mentor/tokens/ as "
                "`Authorization: Bearer <token>`. Each member has a per-minute and a per-day "
                "limit (429 with `Retry-After`). Request bodies are JSON, at most "
                f"{settings.MENTOR_MAX_BODY_BYTES // 1024} KB. Integers follow JSON Schema: `7` "
                "and `7.0` are the same value. Text is Unicode without NUL characters. Every "
                'error has the shape `{"error": {"code", "message", "fields"}}`.'
            ),
        },
        "servers": [{"url": "/api/mentor/v1"}],
        "security": [{"bearerAuth": []}, {"sessionAuth": []}],
        "paths": {
            "/chat": {
                "post": _operation(
                    "chat",
                    "Ask the mentor",
                    "Starts a conversation (or continues `conversation_id`) and returns the reply "
                    "with the site content it drew on. With `context` the mentor answers about "
                    "that hackathon, job, project or post. A `conversation_id` that is not yours "
                    "or a `context` that is not public answers 404, naming the field.",
                    {"200": _ok("The mentor's reply.", "ChatResponse"), **not_found},
                    body="ChatRequest",
                )
            },
            "/conversations": {
                "get": _operation(
                    "conversationList",
                    "List your conversations",
                    "Your 100 most recently active conversations, newest first.",
                    {"200": _ok("Conversations.", "ConversationList")},
                )
            },
            "/conversations/{conversation_id}": {
                "parameters": [CONVERSATION_ID],
                "get": _operation(
                    "conversationGet",
                    "Read a conversation",
                    "The conversation with all its messages. Another member's conversation is 404.",
                    {"200": _ok("The conversation.", "Conversation"), **not_found},
                ),
                "patch": _operation(
                    "conversationRename",
                    "Rename a conversation",
                    "Changes the title.",
                    {"200": _ok("The renamed conversation.", "Conversation"), **not_found},
                    body="ConversationUpdate",
                ),
                "delete": _operation(
                    "conversationDelete",
                    "Delete a conversation",
                    "Deletes it and its messages. The interaction log keeps the calls.",
                    {"204": {"description": "Deleted."}, **not_found},
                ),
            },
            "/suggestions": {
                "get": _operation(
                    "suggestions",
                    "Suggestions for you",
                    "Hackathons, jobs, projects and posts matched to the skills on your profile, "
                    "then jobs and hackathons that fit your career track when you have taken the "
                    "career quiz (`career_track`), each with a one-line reason.",
                    {"200": _ok("Suggestions.", "Suggestions")},
                )
            },
            "/code-review": {
                "post": _operation(
                    "codeReview",
                    "Review code",
                    "Python is analysed offline with ruff and structure checks (long functions, "
                    "deep nesting, bare except, mutable defaults). Other languages need the LLM "
                    "backend; without it the summary says so and there are no findings.",
                    {"200": _ok("The review.", "CodeReview")},
                    body="CodeRequest",
                )
            },
            "/explain": {
                "post": _operation(
                    "explain",
                    "Explain code",
                    "Python is explained offline from its syntax tree: functions, classes and "
                    "control flow in plain sentences. Other languages need the LLM backend.",
                    {"200": _ok("The explanation.", "Explanation")},
                    body="CodeRequest",
                )
            },
            "/feedback": {
                "post": _operation(
                    "feedback",
                    "Rate an answer",
                    "Mark one of your interactions helpful or not, with an optional comment.",
                    {"200": _ok("The feedback as stored.", "Feedback"), **not_found},
                    body="FeedbackRequest",
                )
            },
        },
        "components": {
            "schemas": SCHEMAS,
            "responses": RESPONSES,
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "description": "A personal token."},
                "sessionAuth": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
            },
        },
    }
