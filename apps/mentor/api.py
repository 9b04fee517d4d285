"""The mentor's JSON API (/api/mentor/v1/): plain Django views that answer JSON only.

Every view goes through `api_endpoint`, which in this order: refuses other methods (405),
refuses bodies over MENTOR_MAX_BODY_BYTES (413), authenticates by bearer token or session
(401; a session must send the CSRF header on unsafe methods, 403), applies the member's limits
(429 with Retry-After), decodes the JSON body (400), and turns 404s and any unexpected error
into the same JSON error shape.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from apps.mentor import presenters, services
from apps.mentor.forms import ChatForm, CodeForm, ConversationUpdateForm, FeedbackForm, JsonForm
from apps.mentor.limits import mentor_rate_check
from apps.mentor.openapi import openapi_document
from apps.mentor.selectors import conversation_list_for, conversation_messages

logger = logging.getLogger(__name__)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def error_response(
    status: int, code: str, message: str, fields: dict | None = None, **headers: str
) -> JsonResponse:
    response = JsonResponse(
        {"error": {"code": code, "message": message, "fields": fields or {}}}, status=status
    )
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


class _CsrfCheck(CsrfViewMiddleware):
    def _reject(self, request: HttpRequest, reason: str) -> str:  # type: ignore[override]
        return reason


def _csrf_failure(request: HttpRequest) -> str | None:
    check = _CsrfCheck(lambda r: HttpResponse())
    check.process_request(request)
    return check.process_view(request, None, (), {})


def _authenticate(request: HttpRequest) -> tuple[Any, JsonResponse | None]:
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, plain = header.partition(" ")
        token = (
            services.token_authenticate(plain=plain.strip())
            if scheme.lower() == "bearer" and plain.strip()
            else None
        )
        if token is None:
            return None, error_response(
                401,
                "invalid_token",
                "The API token is missing, unknown or revoked.",
                WWW_Authenticate="Bearer",
            )
        return token.member, None
    if request.user.is_authenticated:
        if request.method not in SAFE_METHODS:
            reason = _csrf_failure(request)
            if reason:
                return None, error_response(403, "csrf_failed", f"CSRF check failed: {reason}")
        return request.user, None
    return None, error_response(
        401, "not_authenticated", "Log in, or send a personal API token as `Authorization: Bearer …`.",
        WWW_Authenticate="Bearer",
    )  # fmt: skip


def _parse_body(request: HttpRequest) -> tuple[Any, JsonResponse | None]:
    def reject_constant(name: str) -> None:
        raise ValueError(f"{name} is not valid JSON")

    try:
        return json.loads(request.body.decode("utf-8"), parse_constant=reject_constant), None
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None, error_response(400, "malformed_json", "The request body is not valid JSON.")


def api_endpoint(*methods: str) -> Callable:
    allowed = set(methods)

    def decorator(view: Callable[..., JsonResponse | HttpResponse]) -> Callable:
        @csrf_exempt
        @never_cache
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                if request.method not in allowed:
                    return error_response(
                        405,
                        "method_not_allowed",
                        f"Use {', '.join(sorted(allowed))}.",
                        Allow=", ".join(sorted(allowed)),
                    )
                limit = settings.MENTOR_MAX_BODY_BYTES
                try:
                    declared = int(request.META.get("CONTENT_LENGTH") or 0)
                except ValueError:
                    declared = 0
                if declared > limit or len(request.body) > limit:
                    return error_response(413, "too_large", f"The request body is over {limit // 1024} KB.")
                member, failure = _authenticate(request)
                if failure:
                    return failure
                retry_after = mentor_rate_check(member_id=member.pk)
                if retry_after:
                    return error_response(
                        429,
                        "rate_limited",
                        f"Too many requests; try again in {retry_after} s.",
                        Retry_After=str(retry_after),
                    )
                payload = None
                if request.method in {"POST", "PATCH"}:
                    payload, failure = _parse_body(request)
                    if failure:
                        return failure
                return view(request, member, payload, *args, **kwargs)
            except Http404:
                return error_response(404, "not_found", "Not found.")
            except Exception:
                logger.exception("mentor API: unexpected error on %s %s", request.method, request.path)
                return error_response(500, "server_error", "Something went wrong on our side.")

        return wrapper

    return decorator


def invalid(form: JsonForm) -> JsonResponse:
    return error_response(400, "invalid", "Some fields are not valid.", form.error_fields())


def not_found_field(field: str, message: str) -> JsonResponse:
    """A 404 that names the request field pointing at the missing object."""
    return error_response(404, "not_found", message, {field: [message]})


@api_endpoint("POST")
def chat(request: HttpRequest, member, payload: Any) -> JsonResponse:
    form = ChatForm(payload)
    if not form.is_valid():
        return invalid(form)
    data = form.cleaned_data
    conversation = None
    if data["conversation_id"]:
        try:
            conversation = services.conversation_get_for_member(user=member, pk=data["conversation_id"])
        except Http404:
            return not_found_field("conversation_id", "You have no conversation with this id.")
    try:
        result = services.conversation_ask(
            member=member, message=data["message"], conversation=conversation, context=data["context"]
        )
    except services.ContextNotFound as exc:
        # The request is well formed; what it names is not there (or not public), as with an
        # unknown conversation_id.
        return not_found_field("context", str(exc))
    return JsonResponse(presenters.chat_out(result))


@api_endpoint("GET")
def conversation_list(request: HttpRequest, member, payload: Any) -> JsonResponse:
    conversations = conversation_list_for(member=member)
    return JsonResponse({"conversations": [presenters.conversation_summary(c) for c in conversations]})


@api_endpoint("GET", "PATCH", "DELETE")
def conversation_detail(request: HttpRequest, member, payload: Any, pk: int) -> HttpResponse:
    conversation = services.conversation_get_for_member(user=member, pk=pk)
    if request.method == "DELETE":
        services.conversation_delete(conversation=conversation)
        return HttpResponse(status=204)
    if request.method == "PATCH":
        form = ConversationUpdateForm(payload)
        if not form.is_valid():
            return invalid(form)
        conversation = services.conversation_rename(
            conversation=conversation, title=form.cleaned_data["title"]
        )
    messages = conversation_messages(conversation=conversation)
    return JsonResponse(presenters.conversation_detail(conversation, messages))


@api_endpoint("GET")
def suggestions(request: HttpRequest, member, payload: Any) -> JsonResponse:
    return JsonResponse(presenters.suggestions_out(services.suggestions_make(member=member)))


@api_endpoint("POST")
def code_review(request: HttpRequest, member, payload: Any) -> JsonResponse:
    form = CodeForm(payload)
    if not form.is_valid():
        return invalid(form)
    result = services.code_review(member=member, **form.cleaned_data)
    return JsonResponse(presenters.code_review_out(result))


@api_endpoint("POST")
def explain(request: HttpRequest, member, payload: Any) -> JsonResponse:
    form = CodeForm(payload)
    if not form.is_valid():
        return invalid(form)
    result = services.code_explain(member=member, **form.cleaned_data)
    return JsonResponse(presenters.explain_out(result))


@api_endpoint("POST")
def feedback(request: HttpRequest, member, payload: Any) -> JsonResponse:
    form = FeedbackForm(payload)
    if not form.is_valid():
        return invalid(form)
    data = form.cleaned_data
    try:
        interaction = services.interaction_get_for_feedback(user=member, pk=data["interaction_id"])
    except Http404:
        return not_found_field("interaction_id", "You have no interaction with this id.")
    interaction = services.interaction_feedback_set(
        interaction=interaction, helpful=data["helpful"], comment=data["comment"]
    )
    return JsonResponse(presenters.feedback_out(interaction))


@require_GET
def openapi_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_document(), json_dumps_params={"indent": 2})


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    return error_response(404, "not_found", "There is no such endpoint; see /api/mentor/v1/docs/.")
