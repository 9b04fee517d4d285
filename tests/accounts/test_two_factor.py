from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.models import StaffEnrolment
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def _wrong_code(device: TOTPDevice) -> str:
    valid = {_code(device, drift) for drift in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in valid)


def _back_off_passed(device: TOTPDevice) -> None:
    """As if the member waited out django-otp's short back-off before the next try."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=120)
    )


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def totp_device(staff):
    return TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)


@pytest.fixture
def recovery_codes(staff):
    device = StaticDevice.objects.create(user=staff, name="Recovery codes", confirmed=True)
    codes = ["abcd2345", "efgh6789"]
    for code in codes:
        StaticToken.objects.create(device=device, token=code)
    return codes


def _password_login(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _verify(client, token, next_url="/admin/"):
    return client.post(
        f"{reverse('accounts:two-factor')}?next={next_url}", {"token": token, "next": next_url}
    )


def test_password_login_alone_never_reaches_admin_index(client, staff, totp_device):
    _password_login(client, staff)

    response = client.get("/admin/")

    assert response.status_code == 302
    login_redirect = client.get(response["Location"])
    assert login_redirect.status_code == 302
    assert login_redirect["Location"].startswith(reverse("accounts:two-factor"))


def test_admin_login_form_with_password_but_no_token_is_refused(client, staff, totp_device):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": staff.email, "password": PASSWORD, "next": "/admin/"}
    )

    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_admin_login_form_with_password_and_valid_totp_reaches_index(client, staff, totp_device):
    response = client.post(
        "/admin/login/?next=/admin/",
        {
            "username": staff.email,
            "password": PASSWORD,
            "otp_device": totp_device.persistent_id,
            "otp_token": _code(totp_device),
            "next": "/admin/",
        },
    )

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_valid_totp_reaches_admin_index(client, staff, totp_device):
    _password_login(client, staff)
    key_before = client.session.session_key

    response = _verify(client, _code(totp_device))

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.session.session_key != key_before
    assert client.get("/admin/").status_code == 200


def test_wrong_totp_is_refused_with_a_message(client, staff, totp_device):
    _password_login(client, staff)

    response = _verify(client, _wrong_code(totp_device))

    assert response.status_code == 200
    assert b"That code is not right" in response.content
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_recovery_code_works_once_and_never_again(client, staff, totp_device, recovery_codes):
    _password_login(client, staff)
    assert _verify(client, recovery_codes[0]).status_code == 302
    assert client.get("/admin/").status_code == 200

    client.logout()
    _password_login(client, staff)
    second = _verify(client, recovery_codes[0])

    assert second.status_code == 200
    assert client.get("/admin/").status_code == 302
    assert StaticToken.objects.filter(token=recovery_codes[0]).count() == 0


def test_five_wrong_totps_lock_the_device(client, staff, totp_device):
    _password_login(client, staff)
    for _ in range(5):
        _back_off_passed(totp_device)
        _verify(client, _wrong_code(totp_device))
    totp_device.refresh_from_db()
    assert totp_device.throttling_failure_count == 5

    # Even a right code is refused while the lock lasts, long after the back-off.
    TOTPDevice.objects.filter(pk=totp_device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=5)
    )
    response = _verify(client, _code(totp_device))

    assert response.status_code == 200
    assert b"locked until" in response.content
    assert client.get("/admin/").status_code == 302


def test_locked_device_opens_again_after_the_lock(client, staff, totp_device, settings):
    TOTPDevice.objects.filter(pk=totp_device.pk).update(
        throttling_failure_count=5,
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=settings.OTP_LOCKOUT_SECONDS + 1),
    )
    _password_login(client, staff)

    # django-otp's own back-off after five failures (16 s) has long passed too.
    assert _verify(client, _code(totp_device)).status_code == 302
    totp_device.refresh_from_db()
    assert totp_device.throttling_failure_count == 0


def test_recovery_code_still_works_while_totp_is_locked(client, staff, totp_device, recovery_codes):
    TOTPDevice.objects.filter(pk=totp_device.pk).update(
        throttling_failure_count=5, throttling_failure_timestamp=timezone.now()
    )
    _password_login(client, staff)

    assert _verify(client, recovery_codes[1]).status_code == 302


def test_member_login_then_staff_page_requires_second_factor(client, staff, totp_device):
    _password_login(client, staff)

    response = client.get(reverse("staff:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor"))
    _verify(client, _code(totp_device), next_url=reverse("staff:index"))
    assert client.get(reverse("staff:index")).status_code == 200


def test_staff_index_lists_every_staff_area(staff_client):
    body = staff_client.get(reverse("staff:index")).content.decode()

    for url in [
        "/staff/events/",
        "/staff/jobs/",
        "/staff/moderation/",
        "/staff/mentor/",
        "/staff/mail/",
        "/admin/",
    ]:
        assert f'href="{url}"' in body


def test_members_get_403_on_staff_pages_and_two_factor(member_client):
    assert member_client.get(reverse("staff:index")).status_code == 403
    assert member_client.get(reverse("accounts:two-factor")).status_code == 403


def test_two_factor_ignores_offsite_next(client, staff, totp_device):
    _password_login(client, staff)

    response = _verify(client, _code(totp_device), next_url="https://evil.example/")

    assert response.status_code == 302
    assert response["Location"] == "/staff/"


def _verified_admin_client(*, is_superuser: bool = True):
    """Another administrator, signed in and past the second factor in their own browser."""
    admin = UserFactory(is_staff=True, is_superuser=is_superuser)
    device = StaticDevice.objects.create(user=admin, name="test", confirmed=True)
    browser = Client()
    browser.force_login(admin)
    session = browser.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    browser.user = admin
    return browser


def _issue_link(admin_client, member) -> str:
    """The enrolment link the staff page shows once, as a path."""
    response = admin_client.post(reverse("staff:two-factor-link", args=[member.pk]))
    assert response.status_code == 200
    match = re.search(
        r'value="[^"]*(/accounts/two-factor/enrol/[^"/]+/)" data-testid="enrolment-link"',
        response.content.decode(),
    )
    assert match
    return match.group(1)


def _open_link(client, path: str):
    assert client.get(path).status_code == 200
    return client.post(path)


def test_staff_with_password_only_cannot_read_a_secret_or_enrol(client, staff):
    _password_login(client, staff)

    assert client.get(reverse("staff:index"))["Location"].startswith(reverse("accounts:two-factor"))
    page = client.get(reverse("accounts:two-factor"), follow=True)
    setup = client.get(reverse("accounts:two-factor-setup"))
    forged = client.post(reverse("accounts:two-factor-setup"), {"token": "123456"})

    assert page.redirect_chain[-1][0].startswith(reverse("accounts:two-factor-setup"))
    assert setup.status_code == 403
    assert b"enrolment link" in setup.content
    assert b"staff_bootstrap" in setup.content
    assert b'data-testid="totp-secret"' not in setup.content
    assert b"otpauth://" not in setup.content
    assert forged.status_code == 403
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert client.get(reverse("staff:index")).status_code == 302
    assert client.get("/admin/").status_code == 302


def test_enrolment_link_lets_staff_enrol_once_and_shows_ten_recovery_codes_once(client, staff):
    path = _issue_link(_verified_admin_client(), staff)
    _password_login(client, staff)

    claimed = _open_link(client, path)
    page = client.get(claimed["Location"])

    assert claimed.status_code == 302
    assert claimed["Location"].startswith(reverse("accounts:two-factor-setup"))
    body = page.content.decode()
    assert "<svg" in body
    assert "<script" not in body.split('id="main"')[1]
    device = TOTPDevice.objects.get(user=staff, confirmed=False)

    response = client.post(reverse("accounts:two-factor-setup") + "?next=/staff/", {"token": _code(device)})

    assert response.status_code == 200
    codes = re.findall(r">([a-z2-7]{8})</li>", response.content.decode())
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert StaticToken.objects.filter(device__user=staff).count() == 10
    assert client.get(reverse("staff:index")).status_code == 200
    # Shown once: coming back to the set-up page offers a new device, not the old codes.
    again = client.get(reverse("accounts:two-factor-setup")).content.decode()
    assert not any(code in again for code in codes)
    enrolment = StaffEnrolment.objects.get(user=staff)
    assert enrolment.claimed_at and enrolment.enrolled_at


def test_enrolment_link_works_once(client, staff):
    path = _issue_link(_verified_admin_client(), staff)
    _password_login(client, staff)
    _open_link(client, path)

    other_browser = Client()
    _password_login(other_browser, staff)
    second = other_browser.post(path)

    assert second.status_code == 404
    assert b"This link does not work" in second.content
    assert other_browser.get(reverse("accounts:two-factor-setup")).status_code == 403


def test_used_enrolment_link_allows_no_second_enrolment(client, staff):
    path = _issue_link(_verified_admin_client(), staff)
    _password_login(client, staff)
    _open_link(client, path)
    client.get(reverse("accounts:two-factor-setup"))
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    client.post(reverse("accounts:two-factor-setup"), {"token": _code(device)})
    client.logout()

    _password_login(client, staff)
    again = client.post(path)

    assert again.status_code == 404
    assert client.get(reverse("accounts:two-factor-setup"))["Location"].startswith(
        reverse("accounts:two-factor")
    )


def test_enrolment_link_expires(client, staff):
    path = _issue_link(_verified_admin_client(), staff)
    StaffEnrolment.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    _password_login(client, staff)

    assert client.post(path).status_code == 404
    assert client.get(reverse("accounts:two-factor-setup")).status_code == 403


def test_claimed_link_lets_the_session_enrol_only_for_a_while(client, staff):
    path = _issue_link(_verified_admin_client(), staff)
    _password_login(client, staff)
    _open_link(client, path)
    StaffEnrolment.objects.update(claimed_at=timezone.now() - timedelta(hours=1))

    assert client.get(reverse("accounts:two-factor-setup")).status_code == 403


def test_enrolment_link_is_only_for_the_account_it_names(client, staff):
    path = _issue_link(_verified_admin_client(), staff)
    colleague = UserFactory(is_staff=True)
    _password_login(client, colleague)

    response = client.post(path)

    assert response.status_code == 404
    assert client.get(reverse("accounts:two-factor-setup")).status_code == 403
    assert StaffEnrolment.objects.get(user=staff).claimed_at is None


def test_enrolment_link_needs_the_password_too(client, staff):
    path = _issue_link(_verified_admin_client(), staff)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert StaffEnrolment.objects.get(user=staff).claimed_at is None


def test_enrolment_link_drops_a_secret_shown_before(client, staff):
    old = TOTPDevice.objects.create(user=staff, name="seen by someone", confirmed=False)
    path = _issue_link(_verified_admin_client(), staff)
    _password_login(client, staff)

    _open_link(client, path)
    client.get(reverse("accounts:two-factor-setup"))

    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert TOTPDevice.objects.filter(user=staff, confirmed=False).count() == 1


def test_enrolment_link_replaces_a_lost_authenticator(client, staff, totp_device, recovery_codes):
    path = _issue_link(_verified_admin_client(), staff)
    _password_login(client, staff)
    _open_link(client, path)
    client.get(reverse("accounts:two-factor-setup"))
    device = TOTPDevice.objects.get(user=staff, confirmed=False)

    client.post(reverse("accounts:two-factor-setup"), {"token": _code(device)})

    assert not TOTPDevice.objects.filter(pk=totp_device.pk).exists()
    assert not StaticToken.objects.filter(token__in=recovery_codes).exists()
    assert client.get(reverse("staff:index")).status_code == 200


def test_issuing_a_new_link_cancels_the_unused_one(client, staff):
    admin_client = _verified_admin_client()
    first = _issue_link(admin_client, staff)
    second = _issue_link(admin_client, staff)
    _password_login(client, staff)

    assert client.post(first).status_code == 404
    assert client.post(second).status_code == 302


def test_only_verified_staff_issue_enrolment_links(client, staff):
    target = UserFactory(is_staff=True)
    _password_login(client, staff)

    response = client.post(reverse("staff:two-factor-link", args=[target.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor"))
    assert not StaffEnrolment.objects.exists()


def test_members_cannot_issue_or_use_enrolment_links(member_client, staff):
    path = _issue_link(_verified_admin_client(), staff)

    assert member_client.post(reverse("staff:two-factor-link", args=[staff.pk])).status_code == 403
    assert member_client.post(path).status_code == 403


def test_enrolment_links_are_for_other_active_staff_accounts(member_client):
    admin_client = _verified_admin_client()
    member = member_client.user

    for target in (member, admin_client.user):
        response = admin_client.post(reverse("staff:two-factor-link", args=[target.pk]), follow=True)
        assert b"/two-factor/enrol/" not in response.content
    assert not StaffEnrolment.objects.exists()


def test_staff_who_is_not_superuser_cannot_issue_a_link_for_a_superuser(staff):
    issuer = _verified_admin_client(is_superuser=False)

    response = issuer.post(reverse("staff:two-factor-link", args=[staff.pk]), follow=True)

    assert b"Only a superuser" in response.content
    assert not StaffEnrolment.objects.exists()


def test_staff_two_factor_page_lists_staff_and_their_authenticators(staff, totp_device):
    admin_client = _verified_admin_client()
    UserFactory(is_staff=True, email="newcomer@example.com")
    UserFactory(email="member@example.com")

    body = admin_client.get(reverse("staff:two-factor")).content.decode()

    assert staff.email in body
    assert "newcomer@example.com" in body
    assert "member@example.com" not in body
    assert "Authenticator set up" in body
    assert "No authenticator" in body


def test_staff_two_factor_page_queries_do_not_grow_with_rows(assert_page_queries):
    admin_client = _verified_admin_client()

    def add_staff(n):
        return UserFactory.create_batch(n, is_staff=True)

    # the device that verified the session, the count and the page (the user is cached)
    assert_page_queries(admin_client, reverse("staff:two-factor"), add_rows=add_staff, expected=3)


def test_enrolment_rejects_a_wrong_first_code(client, staff):
    path = _issue_link(_verified_admin_client(), staff)
    _password_login(client, staff)
    _open_link(client, path)
    client.get(reverse("accounts:two-factor-setup"))
    device = TOTPDevice.objects.get(user=staff, confirmed=False)

    response = client.post(reverse("accounts:two-factor-setup"), {"token": _wrong_code(device)})

    assert response.status_code == 200
    assert b"That code is not right" in response.content
    device.refresh_from_db()
    assert not device.confirmed


def test_password_alone_cannot_enrol_a_second_device(client, staff, totp_device):
    _password_login(client, staff)

    response = client.get(reverse("accounts:two-factor-setup"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor"))
    assert not TOTPDevice.objects.filter(user=staff, confirmed=False).exists()


def test_staff_bootstrap_creates_superuser_with_one_time_token(client, capsys):
    call_command("staff_bootstrap", "boss@example.com")
    out = capsys.readouterr().out
    token = re.search(r"token: (\S+)", out).group(1)
    password = re.search(r"Password: (\S+)", out).group(1)

    from django.contrib.auth import get_user_model

    boss = get_user_model().objects.get(email="boss@example.com")
    assert boss.is_superuser and boss.is_staff
    client.post(reverse("account_login"), {"login": boss.email, "password": password})
    response = _verify(client, token, next_url="/admin/")
    # Verified with the bootstrap token, and sent on to set up an authenticator app.
    assert response["Location"].startswith(reverse("accounts:two-factor-setup"))
    assert client.get("/admin/").status_code == 200

    client.logout()
    client.post(reverse("account_login"), {"login": boss.email, "password": password})
    assert _verify(client, token).status_code == 200


def test_staff_bootstrap_promotes_an_existing_member(capsys):
    member = UserFactory(email="promote@example.com")

    call_command("staff_bootstrap", "promote@example.com")

    member.refresh_from_db()
    assert member.is_staff and member.is_superuser
    assert "Password" not in capsys.readouterr().out
    assert member.check_password(PASSWORD)


def test_verified_staff_can_use_the_user_admin(staff_client):
    UserFactory(email="findme@example.com")

    response = staff_client.get("/admin/accounts/user/?q=findme")

    assert response.status_code == 200
    assert b"findme@example.com" in response.content


def test_recovery_codes_can_be_replaced_by_verified_staff(staff_client):
    response = staff_client.post(reverse("accounts:recovery-codes"))

    assert response.status_code == 200
    assert StaticToken.objects.filter(device__user=staff_client.user).count() == 10
    # The old device the session was verified with is gone; the session must verify again.
    assert staff_client.get(reverse("staff:index")).status_code == 302


def test_session_list_follows_the_new_key_after_verification(client, staff, totp_device):
    from allauth.usersessions.models import UserSession

    _password_login(client, staff)
    _verify(client, _code(totp_device))

    body = client.get(reverse("accounts:settings")).content.decode()

    assert "This browser" in body
    assert list(UserSession.objects.filter(user=staff).values_list("session_key", flat=True)) == [
        client.session.session_key
    ]


def test_quick_retry_after_wrong_codes_is_asked_to_wait(client, staff, totp_device):
    # Four wrong codes a moment ago: django-otp's back-off is now 8 seconds.
    TOTPDevice.objects.filter(pk=totp_device.pk).update(
        throttling_failure_count=4, throttling_failure_timestamp=timezone.now()
    )
    _password_login(client, staff)

    response = _verify(client, _code(totp_device))

    assert b"Wait a few seconds" in response.content
    assert client.get("/admin/").status_code == 302
    totp_device.refresh_from_db()
    assert totp_device.throttling_failure_count == 4
