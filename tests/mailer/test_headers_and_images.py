"""Extra headers (List-Unsubscribe) and inline images: stored on the row, made into the
message at send time."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.mailer.models import OutboxEmail
from apps.mailer.services import email_enqueue, email_message

pytestmark = pytest.mark.django_db

HTML = '<p>Hi {{ name }}</p>{% if cid.code %}<img src="{{ cid.code }}" alt="">{% endif %}{% if unsubscribe_url %}<a href="{{ unsubscribe_url }}">Unsubscribe</a>{% endif %}'


@pytest.fixture
def template(email_templates):
    return email_templates("test/parts", subject="Hello {{ name }}", txt="Hi {{ name }}", html=HTML)


def test_message_id_domain_comes_from_site_url_by_default():
    from django.conf import settings

    from apps.mailer.models import message_id_for_key

    host = settings.SITE_URL.split("//", 1)[1].split("/", 1)[0].split(":", 1)[0]
    assert host == settings.MAILER_MESSAGE_ID_DOMAIN
    assert message_id_for_key("k").endswith(f"@{host}>")


def test_list_unsubscribe_becomes_headers_and_a_template_variable(template):
    row = email_enqueue(
        to="ada@example.com",
        template=template,
        context={"name": "Ada"},
        key="unsub:1",
        list_unsubscribe="https://diceytech.example/notifications/unsubscribe/abc/",
    )
    assert row.headers == {
        "List-Unsubscribe": "<https://diceytech.example/notifications/unsubscribe/abc/>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    assert 'href="https://diceytech.example/notifications/unsubscribe/abc/"' in row.html_body
    message = email_message(row=row).message()
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"] == row.message_id


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "https://a.example/x,y",
        "https://a.example/x\r\nBcc: evil@example.com",
        "/relative/",
    ],
)
def test_list_unsubscribe_refuses_anything_but_one_plain_url(template, url):
    with pytest.raises(ValueError):
        email_enqueue(
            to="ada@example.com", template=template, context={}, key="unsub:bad", list_unsubscribe=url
        )
    assert not OutboxEmail.objects.exists()


def test_inline_qr_is_attached_to_the_html_part_with_the_content_id_it_shows(template):
    row = email_enqueue(
        to="ada@example.com",
        template=template,
        context={"name": "Ada"},
        key="img:1",
        inline_qr={"code": "X1"},
    )
    assert row.inline_images == [{"name": "code", "kind": "qr", "data": "X1"}]
    content_id = row.content_id("code")
    assert f'src="cid:{content_id}"' in row.html_body
    message = email_message(row=row).message()
    [image] = [part for part in message.walk() if part.get_content_type() == "image/png"]
    assert image["Content-ID"] == f"<{content_id}>"
    assert image.get_content().startswith(b"\x89PNG")
    assert "data:" not in message.get_body(("html",)).get_content()


def test_inline_image_names_are_checked(template):
    with pytest.raises(ValueError):
        email_enqueue(
            to="ada@example.com", template=template, context={}, key="img:bad", inline_qr={"Bad Name": "x"}
        )


def test_staff_preview_shows_inline_images_in_place(staff_client, template):
    row = email_enqueue(
        to="ada@example.com", template=template, context={}, key="img:2", inline_qr={"code": "X1"}
    )
    html = staff_client.get(reverse("mailer_staff:outbox-preview", args=[row.pk])).content.decode()
    assert 'src="data:image/png;base64,' in html
    assert "cid:" not in html
