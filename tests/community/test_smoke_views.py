from __future__ import annotations

import pytest

from apps.community.services import PostData, post_create

pytestmark = pytest.mark.django_db


def test_pages_render(member_client, other):
    post = post_create(
        author=other,
        data=PostData(title="Hello", body="Hi @" + member_client.user.handle, tags=["python"], publish=True),
    )
    for url in [
        "/feed/",
        "/feed/?tab=latest",
        "/feed/?tab=top&period=year",
        f"/posts/{post.pk}/",
        "/posts/new/",
        "/tags/python/",
        "/search/?q=hello",
        "/posts/drafts/",
        "/posts/saved/",
        "/notifications/",
        "/notifications/preferences/",
        "/notifications/bell/",
    ]:
        response = member_client.get(url)
        assert response.status_code == 200, url
