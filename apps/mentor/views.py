"""The mentor's HTML pages: /mentor/ (conversations, chat, code panel), /mentor/tokens/, the
API reference at /api/mentor/v1/docs/ and the staff usage page. They call the same services
as the JSON API."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apps.core.decorators import private_page, staff_required
from apps.core.form_rate import form_budget, form_rate_count, form_rate_message, form_rate_wait
from apps.core.htmx import HtmxHttpRequest, is_partial_request, render_page
from apps.mentor import services
from apps.mentor.backends import configured_backend
from apps.mentor.content import context_get
from apps.mentor.docs import api_reference
from apps.mentor.forms import ChatPageForm, CodePageForm, TokenCreateForm, parse_context_param
from apps.mentor.limits import mentor_rate_check
from apps.mentor.selectors import conversation_list_for, conversation_messages, mentor_stats, token_list_for
from apps.mentor.staff import usage_chart


def limit_message(seconds: int) -> str:
    """The member's per-minute or per-day mentor limit, said beside the form that hit it."""
    minutes = -(-seconds // 60)
    when = "in about a minute" if minutes <= 1 else f"in about {minutes} minutes"
    return (
        "You have reached your limit of questions to the mentor for now. What you typed is "
        f"still here: try again {when}."
    )


def _workspace(request: HtmxHttpRequest, *, conversation=None, chat_form=None, context=None) -> dict:
    context_item = context_get(member=request.user, kind=context[0], pk=context[1]) if context else None
    if chat_form is None:
        chat_form = ChatPageForm(
            initial={
                "conversation_id": conversation.pk if conversation else None,
                "context": f"{context[0]}:{context[1]}" if context_item else "",
            }
        )
    return {
        "conversations": conversation_list_for(member=request.user, limit=30),
        "conversation": conversation,
        "chat_messages": conversation_messages(conversation=conversation) if conversation else [],
        "chat_form": chat_form,
        "context_item": context_item,
        "context_missing": bool(context and context_item is None),
        "mentor_backend": configured_backend(),
    }


@private_page
@login_required
@require_safe
def mentor_home(request: HtmxHttpRequest) -> HttpResponse:
    conversation = None
    raw = request.GET.get("c", "")
    if raw.isdigit():
        conversation = services.conversation_get_for_member(user=request.user, pk=int(raw))
    context = parse_context_param(request.GET.get("context", ""))
    ctx = _workspace(request, conversation=conversation, context=context) | {"code_form": CodePageForm()}
    return render_page(request, "mentor/home.html", ctx, partial="workspace")


@private_page
@login_required
@require_POST
def chat_create(request: HtmxHttpRequest) -> HttpResponse:
    form = ChatPageForm(request.POST)
    conversation = None
    if form.is_valid() and form.cleaned_data["conversation_id"]:
        conversation = services.conversation_get_for_member(
            user=request.user, pk=form.cleaned_data["conversation_id"]
        )
    wait = None
    if form.is_valid() and not (wait := mentor_rate_check(member_id=request.user.pk)):
        try:
            result = services.conversation_ask(
                member=request.user,
                message=form.cleaned_data["message"],
                conversation=conversation,
                context=form.cleaned_data["context"],
            )
        except services.ContextNotFound as exc:
            form.add_error(None, str(exc))
        else:
            url = f"{reverse('mentor:home')}?c={result.conversation.pk}"
            if not is_partial_request(request):
                return redirect(url)
            response = render_page(
                request,
                "mentor/home.html",
                _workspace(request, conversation=result.conversation),
                partial="workspace",
            )
            response["HX-Push-Url"] = url
            return response
    if wait:
        form.add_error(None, limit_message(wait))
    ctx = _workspace(
        request, conversation=conversation, chat_form=form, context=form.cleaned_data.get("context")
    )
    ctx["code_form"] = CodePageForm()
    return render_page(request, "mentor/home.html", ctx, partial="workspace", status=429 if wait else 200)


@private_page
@login_required
@require_POST
def code_submit(request: HtmxHttpRequest) -> HttpResponse:
    form = CodePageForm(request.POST)
    result = wait = None
    if form.is_valid() and not (wait := mentor_rate_check(member_id=request.user.pk)):
        run = services.code_review if form.cleaned_data["action"] == "review" else services.code_explain
        result = run(
            member=request.user, code=form.cleaned_data["code"], language=form.cleaned_data["language"]
        )
    if wait:
        form.add_error(None, limit_message(wait))
    ctx = {"code_form": form, "code_result": result}
    if not is_partial_request(request):
        ctx |= _workspace(request)
    return render_page(request, "mentor/home.html", ctx, partial="code-panel", status=429 if wait else 200)


@login_required
@require_POST
def feedback_submit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    interaction = services.interaction_get_for_feedback(user=request.user, pk=pk)
    helpful = {"yes": True, "no": False}.get(request.POST.get("helpful", ""))
    if helpful is None:
        return HttpResponseBadRequest("Choose yes or no.")
    interaction = services.interaction_feedback_set(interaction=interaction, helpful=helpful)
    if not is_partial_request(request):
        return redirect(f"{reverse('mentor:home')}?c={interaction.conversation_id or ''}")
    return render(request, "mentor/_feedback.html", {"message": {"interaction": interaction}})


@private_page
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HtmxHttpRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST or None)
    new_token = None
    # Only created tokens count; a limited POST gets its form back with the name typed.
    rate = form_budget("mentor.token-create", "MENTOR_TOKEN_CREATE_RATE", key="user_or_ip")
    wait = form_rate_wait(request, **rate) if request.method == "POST" else None
    if request.method == "POST" and form.is_valid() and not wait:
        _, new_token = services.token_create(member=request.user, name=form.cleaned_data["name"])
        form_rate_count(request, **rate)
        form = TokenCreateForm()
    if wait:
        form.add_error(None, form_rate_message(wait))
    ctx = {"form": form, "tokens": token_list_for(member=request.user), "new_token": new_token}
    return render_page(request, "mentor/tokens.html", ctx, partial="tokens", status=429 if wait else 200)


@login_required
@require_POST
def token_revoke(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    token = services.token_get_for_revoke(user=request.user, pk=pk)
    services.token_revoke(token=token)
    if not is_partial_request(request):
        return redirect("mentor:token-list")
    ctx = {"form": TokenCreateForm(), "tokens": token_list_for(member=request.user), "new_token": None}
    return render_page(request, "mentor/tokens.html", ctx, partial="tokens")


@require_safe
def api_docs(request: HtmxHttpRequest) -> HttpResponse:
    return render_page(request, "mentor/api_docs.html", {"reference": api_reference()})


@staff_required
@require_safe
def staff_dashboard(request: HtmxHttpRequest) -> HttpResponse:
    stats = mentor_stats(days=30)
    return render_page(request, "mentor/staff_dashboard.html", {"stats": stats, "chart": usage_chart(stats)})
