from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY, get_user_model
from django.urls import reverse

from apps.mailer.models import OutboxEmail
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase-42"


def _signup(client, email="newcomer@example.com", password=NEW_PASSWORD):
    return client.post(
        reverse("account_signup"), {"email": email, "password1": password, "password2": password}
    )


def test_signup_queues_verification_email_through_outbox(client, outbox_links):
    response = _signup(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = get_user_model().objects.get(email="newcomer@example.com")
    assert user.handle == "newcomer"
    assert not EmailAddress.objects.get(user=user).verified
    row = OutboxEmail.objects.get(recipients="newcomer@example.com")
    assert row.template == "accounts/allauth"
    assert "[DiceyTech]" in row.subject
    assert any("/accounts/confirm-email/" in link for link in outbox_links("newcomer@example.com"))


def test_signup_form_errors_keep_what_was_typed(client):
    response = client.post(
        reverse("account_signup"), {"email": "typed@example.com", "password1": "short", "password2": "other"}
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="typed@example.com"' in body
    assert "error-summary" in body
    assert not get_user_model().objects.filter(email="typed@example.com").exists()


def test_confirmation_link_get_never_confirms_post_does(client, outbox_links):
    _signup(client)
    link = next(link for link in outbox_links("newcomer@example.com") if "/confirm-email/" in link)
    path = link.split("testserver", 1)[1]

    page = client.get(path)
    assert page.status_code == 200
    assert b"Confirm my email address" in page.content
    assert not EmailAddress.objects.get(email="newcomer@example.com").verified

    confirmed = client.post(path)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(email="newcomer@example.com").verified


def test_unverified_member_cannot_log_in(client):
    _signup(client)
    client.logout()

    response = client.post(
        reverse("account_login"), {"login": "newcomer@example.com", "password": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert SESSION_KEY not in client.session


def test_login_gives_a_new_session_key(client, user):
    client.get(reverse("account_login"))
    client.session.save()
    before = client.session.session_key

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)
    assert client.session.session_key != before


def test_login_with_wrong_password_shows_error_and_keeps_email(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password"})

    assert response.status_code == 200
    assert user.email.encode() in response.content
    assert b"error-summary" in response.content
    assert SESSION_KEY not in client.session


def test_signup_answers_the_same_for_an_existing_email(client):
    UserFactory(email="taken@example.com")

    existing = _signup(client, email="taken@example.com")
    client.logout()
    fresh = _signup(client, email="fresh@example.com")

    assert existing.status_code == fresh.status_code == 302
    assert existing["Location"] == fresh["Location"]
    assert get_user_model().objects.filter(email__iexact="taken@example.com").count() == 1
    # The owner of the taken address is told someone tried; nobody else learns anything.
    assert OutboxEmail.objects.filter(recipients="taken@example.com").exists()


def test_password_reset_answers_the_same_whether_or_not_the_account_exists(client):
    UserFactory(email="known@example.com")
    url = reverse("account_reset_password")

    known = client.post(url, {"email": "known@example.com"})
    unknown = client.post(url, {"email": "nobody@example.com"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    done_known = client.get(known["Location"]).content
    assert b"If that address belongs to an account" in done_known


def test_password_reset_link_sets_new_password(client, outbox_links):
    user = UserFactory(email="forgetful@example.com")
    client.post(reverse("account_reset_password"), {"email": user.email})
    link = next(link for link in outbox_links(user.email) if "/password/reset/key/" in link)
    path = link.split("testserver", 1)[1]

    form_page = client.get(path, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    response = client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_logout_needs_post(member_client):
    page = member_client.get(reverse("account_logout"))
    assert page.status_code == 200
    assert SESSION_KEY in member_client.session

    member_client.post(reverse("account_logout"))
    assert SESSION_KEY not in member_client.session


def test_change_email_is_verified_before_it_replaces_the_old_one(member_client, outbox_links):
    user = member_client.user
    old = user.email

    response = member_client.post(reverse("account_email"), {"action_add": "", "email": "moved@example.com"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == old
    link = next(link for link in outbox_links("moved@example.com") if "/confirm-email/" in link)
    member_client.post(link.split("testserver", 1)[1])
    user.refresh_from_db()
    assert user.email == "moved@example.com"
    assert not EmailAddress.objects.filter(user=user, email=old).exists()


@pytest.mark.parametrize(
    "name",
    ["account_login", "account_signup", "account_reset_password", "account_change_password", "account_email"],
)
def test_account_pages_render_with_site_layout(client, user, name):
    if name in {"account_change_password", "account_email"}:
        client.force_login(user)
    response = client.get(reverse(name))

    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="main"' in body
    assert "<script>" not in body
    assert ' style="' not in body


def test_allauth_elements_render_with_site_styles():
    """allauth pages without an override of their own are built from allauth's elements,
    which we restyle; they must render forms through crispy-tailwind."""
    from django import forms
    from django.template import Context, Origin, Template

    class Sample(forms.Form):
        code = forms.CharField(label="Code")

    template = Template(
        "{% load allauth %}{% element form form=form method='post' %}{% slot body %}"
        "{% element fields form=form %}{% endelement %}{% endslot %}{% slot actions %}"
        "{% element button type='submit' tags='prominent' %}Go{% endelement %}{% endslot %}{% endelement %}",
        origin=Origin("sample.html", template_name="sample.html"),
    )
    html = template.render(Context({"form": Sample(data={})}))

    assert 'name="code"' in html
    assert "error-summary" in html
    assert 'class="btn-primary w-full"' in html
