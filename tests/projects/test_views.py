from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.profiles.models import Profile
from apps.projects.models import Project, ProjectLike, ProjectSave
from apps.projects.services import project_create, project_save_set
from tests.accounts.factories import UserFactory
from tests.profiles.factories import SkillFactory, image_upload, png_disguised_html
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
LIST = "/projects/"


# --- The showcase ---------------------------------------------------------------------------


def test_list_shows_cards_with_creator_collaborators_and_technologies(client):
    collaborator = UserFactory(handle="helper_one")
    ProjectFactory(
        title="Farm Watch", technologies=[SkillFactory(name="Django")], collaborators=[collaborator]
    )
    html = client.get(LIST).content.decode()
    assert "Farm Watch" in html and "Django" in html and "@helper_one" in html
    assert 'data-hx-push-url="true"' in html


def test_list_filters_by_category_technology_and_text(client):
    django = SkillFactory(name="Django", key="django")
    ProjectFactory(title="Web Thing", category="web", technologies=[django])
    ProjectFactory(title="Game Thing", category="game", description="a platformer")
    assert "Game Thing" not in client.get(LIST, {"category": "web"}).content.decode()
    html = client.get(LIST, {"tech": "django"}).content.decode()
    assert "Web Thing" in html and "Game Thing" not in html
    html = client.get(LIST, {"q": "platformer"}).content.decode()
    assert "Game Thing" in html and "Web Thing" not in html


def test_list_sorts_by_most_liked_and_featured(client):
    ProjectFactory(title="Quiet")
    loved = ProjectFactory(title="Loved")
    Project.objects.filter(pk=loved.pk).update(likes_count=9)
    ProjectFactory(title="Chosen", is_featured=True)
    html = client.get(LIST, {"sort": "liked"}).content.decode()
    assert html.index("Loved") < html.index("Quiet")
    html = client.get(LIST, {"sort": "featured"}).content.decode()
    assert html.index("Chosen") < html.index("Loved")


def test_list_htmx_request_gets_only_the_results(client):
    ProjectFactory(title="Partial Thing")
    response = client.get(LIST, {"q": "Partial"}, **HX)
    html = response.content.decode()
    assert 'id="results"' in html and "Partial Thing" in html and "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_list_survives_hostile_and_malformed_parameters(client):
    response = client.get(
        LIST, {"sort": "'; drop", "category": "nope", "page": "999", "q": "<script>x</script>"}
    )
    assert response.status_code == 200
    assert "<script>x</script>" not in response.content.decode()


@pytest.mark.parametrize("htmx", [False, True])
def test_list_query_count_is_the_same_for_1_and_50_projects(client, assert_page_queries, htmx):
    creator = UserFactory()
    Profile.objects.create(user=creator)
    skills = SkillFactory.create_batch(3)

    def add_projects(n):
        for _ in range(n):
            ProjectFactory(creator=creator, technologies=skills, collaborators=[UserFactory()])

    client.force_login(UserFactory())
    # count, page, technologies, collaborators (the technology filter's options come from the
    # cache after the first request; the HTMX partial skips them)
    headers = {"HX-Request": "true"} if htmx else None
    assert_page_queries(client, LIST, add_rows=add_projects, headers=headers, expected=4)


def test_technology_filter_lists_a_new_technology_once_a_project_uses_it(
    member_client, django_capture_on_commit_callbacks
):
    ProjectFactory(creator=member_client.user, technologies=[SkillFactory(name="Django")])
    assert "Elixir" not in member_client.get(LIST).content.decode()  # the options are cached now
    with django_capture_on_commit_callbacks(execute=True):
        project_create(
            creator=member_client.user, data={"title": "Chat", "category": "web"}, technologies=["Elixir"]
        )
    assert '<option value="elixir"' in member_client.get(LIST).content.decode()


def test_list_paginates(client):
    creator = UserFactory()
    for _ in range(13):
        ProjectFactory(creator=creator)
    html = client.get(LIST).content.decode()
    assert "Page 1 of 2" in html and 'rel="next"' in html


# --- Detail, like and save ------------------------------------------------------------------


def test_detail_shows_markdown_links_and_share_meta(client):
    from tests.hackathons.factories import HackathonFactory

    project = ProjectFactory(
        title="Rain", description="**bold** <script>alert(1)</script>", repository_url="https://github.com/x/rain",
        hackathon=HackathonFactory(title="Green Hack", slug="green"),
    )  # fmt: skip
    html = client.get(project.get_absolute_url()).content.decode()
    assert "<strong>bold</strong>" in html and "<script>alert(1)" not in html
    assert (
        'href="https://github.com/x/rain"' in html
        and '<a class="link" href="/hackathons/green/">Green Hack</a>' in html
    )
    assert 'property="og:title" content="Rain"' in html
    assert "https://www.linkedin.com/sharing/share-offsite/?url=http%3A%2F%2F" in html


def test_detail_of_missing_project_is_404(client, db):
    assert client.get("/projects/999999/").status_code == 404


def test_like_via_htmx_updates_the_count_in_place(member_client):
    project = ProjectFactory()
    response = member_client.post(reverse("projects:like", args=[project.pk]), {"like": "1"}, **HX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert '<span data-testid="like-count">1</span>' in html and 'aria-pressed="true"' in html
    assert 'name="like" value="0"' in html  # the next press unlikes


def test_like_without_javascript_redirects_back(member_client):
    project = ProjectFactory()
    response = member_client.post(reverse("projects:like", args=[project.pk]), {"like": "1"})
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert ProjectLike.objects.filter(project=project, member=member_client.user, active=True).exists()
    html = member_client.get(project.get_absolute_url()).content.decode()
    assert "Liked" in html


def test_double_like_posts_count_once(member_client):
    project = ProjectFactory()
    for _ in range(3):
        member_client.post(reverse("projects:like", args=[project.pk]), {"like": "1"}, **HX)
    project.refresh_from_db()
    assert project.likes_count == 1


def test_likes_are_rate_limited_per_member(member_client, settings):
    settings.PROJECTS_REACT_RATE = "2/m"
    project = ProjectFactory()
    url = reverse("projects:like", args=[project.pk])
    for liked in ("1", "0"):
        assert member_client.post(url, {"like": liked}, **HX).status_code == 200
    response = member_client.post(url, {"like": "1"}, **HX)
    assert response.status_code == 429 and response["HX-Retarget"] == "#toasts"
    project.refresh_from_db()
    assert project.likes_count == 0


def test_like_needs_login_and_post(client, user):
    project = ProjectFactory()
    assert client.post(reverse("projects:like", args=[project.pk]), {"like": "1"}).status_code == 302
    client.force_login(user)
    assert client.get(reverse("projects:like", args=[project.pk])).status_code == 405
    assert not ProjectLike.objects.exists()


def test_save_toggle_and_saved_page(member_client):
    project = ProjectFactory(title="Keep This")
    html = member_client.post(
        reverse("projects:save", args=[project.pk]), {"save": "1"}, **HX
    ).content.decode()
    assert "Saved" in html and 'name="save" value="0"' in html
    assert "Keep This" in member_client.get(reverse("projects:saved")).content.decode()
    member_client.post(reverse("projects:save", args=[project.pk]), {"save": "0"})
    assert not ProjectSave.objects.exists()
    assert "Nothing saved yet" in member_client.get(reverse("projects:saved")).content.decode()


def test_saved_page_query_count_is_the_same_for_1_and_50_projects(member_client, assert_page_queries):
    creator = UserFactory()
    skills = SkillFactory.create_batch(2)

    def save_projects(n):
        for _ in range(n):
            project = ProjectFactory(creator=creator, technologies=skills)
            project_save_set(project=project, member=member_client.user, saved=True)

    # count, page, technologies, collaborators
    assert_page_queries(member_client, reverse("projects:saved"), add_rows=save_projects, expected=4)


def test_saved_page_needs_login(client, db):
    assert client.get(reverse("projects:saved")).status_code == 302


# --- Create and edit ------------------------------------------------------------------------


def _form(**overrides) -> dict:
    data = {"title": "Bus Tracker", "summary": "Where is my bus", "category": "mobile", "description": "Hi",
            "repository_url": "https://github.com/x/bus", "demo_url": "", "technologies_text": "Kotlin, kotlin, Firebase"}  # fmt: skip
    data.update(overrides)
    return data


def test_create_project_with_image_and_technologies(member_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            reverse("projects:create"), _form(image_upload=image_upload(size=(2000, 1000)))
        )
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert project.creator == member_client.user
    assert sorted(project.technologies.values_list("name", flat=True)) == ["Firebase", "Kotlin"]
    assert project.image.name.endswith(".webp") and project.image.width == 1200


def test_create_rejects_spoofed_and_oversized_images_and_keeps_input(member_client):
    response = member_client.post(reverse("projects:create"), _form(image_upload=png_disguised_html()))
    html = response.content.decode()
    assert response.status_code == 200 and "This file is not an image we can read." in html
    assert 'value="Bus Tracker"' in html
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"0" * (2 * 1024 * 1024), content_type="image/jpeg")
    response = member_client.post(reverse("projects:create"), _form(image_upload=big))
    assert "the limit is 2.0" in response.content.decode()
    assert not Project.objects.exists()


def test_create_requires_a_title(member_client):
    response = member_client.post(reverse("projects:create"), _form(title=""))
    assert response.status_code == 200 and "This field is required." in response.content.decode()


def test_the_creator_deletes_a_project_with_its_image_likes_and_saves(
    member_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(reverse("projects:create"), _form(image_upload=image_upload()))
    project = Project.objects.get()
    image, storage = project.image.name, project.image.storage
    fan = UserFactory()
    ProjectLike.objects.create(project=project, member=fan, active=True)
    project_save_set(project=project, member=fan, saved=True)
    assert storage.exists(image)

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(reverse("projects:delete", args=[project.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("profiles:detail", args=[member_client.user.handle])
    assert "“Bus Tracker” is deleted." in response.content.decode()
    assert not Project.objects.exists()
    assert not ProjectLike.objects.exists() and not ProjectSave.objects.exists()
    assert not storage.exists(image)
    assert member_client.get(project.get_absolute_url()).status_code == 404


def test_only_the_creator_may_delete_a_project(client):
    collaborator = UserFactory()
    project = ProjectFactory(collaborators=[collaborator])
    url = reverse("projects:delete", args=[project.pk])

    anonymous = client.post(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    for member in (collaborator, UserFactory()):
        client.force_login(member)
        assert client.post(url).status_code == 403
    client.force_login(project.creator)
    assert client.get(url).status_code == 405  # a link cannot delete it
    assert Project.objects.filter(pk=project.pk).exists()
    assert client.post(reverse("projects:delete", args=[project.pk + 1000])).status_code == 404


def test_the_edit_page_offers_deletion_to_the_creator_only(client):
    collaborator = UserFactory()
    project = ProjectFactory(collaborators=[collaborator])
    delete_url = reverse("projects:delete", args=[project.pk])
    client.force_login(project.creator)
    assert delete_url in client.get(reverse("projects:edit", args=[project.pk])).content.decode()
    client.force_login(collaborator)
    assert delete_url not in client.get(reverse("projects:edit", args=[project.pk])).content.decode()


def test_creator_and_collaborator_can_edit(client):
    collaborator = UserFactory()
    project = ProjectFactory(collaborators=[collaborator])
    for member in (project.creator, collaborator):
        client.force_login(member)
        assert client.get(reverse("projects:edit", args=[project.pk])).status_code == 200
    response = client.post(reverse("projects:edit", args=[project.pk]), _form(title="Renamed"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Renamed"


def test_someone_else_cannot_edit(client, user):
    project = ProjectFactory(title="Mine")
    client.force_login(user)
    assert client.get(reverse("projects:edit", args=[project.pk])).status_code == 403
    assert client.post(reverse("projects:edit", args=[project.pk]), _form(title="Stolen")).status_code == 403
    assert (
        client.post(
            reverse("projects:invite", args=[project.pk]), {"handle": user.handle, "role": "lead"}
        ).status_code
        == 403
    )
    assert client.get(reverse("projects:edit", args=[999999])).status_code == 404
    project.refresh_from_db()
    assert project.title == "Mine" and not project.join_requests.exists()


def test_edit_button_only_for_editors(client, user):
    project = ProjectFactory()
    client.force_login(user)
    assert (
        reverse("projects:edit", args=[project.pk])
        not in client.get(project.get_absolute_url()).content.decode()
    )
    client.force_login(project.creator)
    assert (
        reverse("projects:edit", args=[project.pk]) in client.get(project.get_absolute_url()).content.decode()
    )


def test_invite_member_by_handle_via_htmx(client):
    project = ProjectFactory()
    UserFactory(handle="teammate")
    client.force_login(project.creator)
    url = reverse("projects:invite", args=[project.pk])
    response = client.post(url, {"handle": "@teammate", "role": "developer"}, **HX)
    assert response["HX-Redirect"] == reverse("projects:members", args=[project.pk])
    assert project.join_requests.get().member.handle == "teammate"
    html = client.post(url, {"handle": "nobody_at_all", "role": "developer"}, **HX).content.decode()
    assert "No member has that handle." in html and 'value="nobody_at_all"' in html


def test_remove_member(client):
    collaborator = UserFactory()
    project = ProjectFactory(collaborators=[collaborator])
    client.force_login(project.creator)
    client.post(reverse("projects:member-remove", args=[project.pk, collaborator.pk]))
    assert list(project.memberships.values_list("member_id", flat=True)) == [project.creator_id]


def test_edit_errors_keep_the_saved_title_in_the_heading(client):
    project = ProjectFactory(title="Saved Title")
    client.force_login(project.creator)
    response = client.post(
        reverse("projects:edit", args=[project.pk]), _form(title="", repository_url="nope")
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Edit “Saved Title”" in html
    assert "Enter a valid URL." in html and 'value="nope"' in html


def test_the_cached_showcase_renews_on_card_changes_but_not_on_board_activity(client, page_cache):
    from apps.projects.models import ProjectMember
    from apps.projects.services import task_create

    project = ProjectFactory(title="Cached One")
    assert "Cached One" in client.get(LIST).content.decode()
    Project.objects.filter(pk=project.pk).update(title="Renamed quietly")  # no signal
    task_create(project=project, actor=project.creator, title="Board noise")
    assert "Cached One" in client.get(LIST).content.decode()  # board activity kept the copy
    ProjectMember.objects.create(project=project, member=UserFactory(handle="late_joiner"), role="lead")
    html = client.get(LIST).content.decode()
    assert "Renamed quietly" in html and "@late_joiner" in html
