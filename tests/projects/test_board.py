"""The task board: keys, moves and ordering, filters, the HTMX detail panel, the list view,
activity entries and notifications, and pinned query counts."""

from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from apps.notifications.models import Notification
from apps.projects.models import Commit, Task, TaskActivity
from apps.projects.services import task_create, task_delete, task_move, task_update
from tests.accounts.factories import UserFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


def _column(project, status) -> list[str]:
    return [t.title for t in Task.objects.filter(project=project, status=status).order_by("position")]


def test_tasks_get_keys_in_order_per_project():
    one, two = ProjectFactory(task_prefix="DT"), ProjectFactory(task_prefix="APP")
    a = task_create(project=one, actor=one.creator, title="A")
    b = task_create(project=one, actor=one.creator, title="B")
    c = task_create(project=two, actor=two.creator, title="C")
    assert (a.key, b.key, c.key) == ("DT-1", "DT-2", "APP-1")


def test_a_task_number_is_unique_per_project_in_the_database():
    project = ProjectFactory()
    Task.objects.create(project=project, number=7, title="first")
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.create(project=project, number=7, title="again")


@pytest.mark.django_db(transaction=True)
def test_keys_stay_unique_when_tasks_are_created_at_once():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers anyway")
    project = ProjectFactory()
    errors: list[Exception] = []
    barrier = threading.Barrier(8)

    def create(n: int) -> None:
        try:
            barrier.wait()
            task_create(project=project, actor=project.creator, title=f"T{n}")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(Task.objects.filter(project=project).values_list("number", flat=True)) == list(range(1, 9))


def test_moving_a_task_places_it_and_renumbers_both_columns():
    project = ProjectFactory()
    tasks = [task_create(project=project, actor=project.creator, title=t) for t in ("a", "b", "c")]
    doing = task_create(project=project, actor=project.creator, title="x", status="in_progress")
    task_move(task=tasks[2], actor=project.creator, status="in_progress", index=0)
    assert _column(project, "todo") == ["a", "b"] and _column(project, "in_progress") == ["c", "x"]
    task_move(task=tasks[0], actor=project.creator, status="todo", index=5)  # past the end: last
    assert _column(project, "todo") == ["b", "a"]
    positions = list(
        Task.objects.filter(project=project, status="in_progress")
        .order_by("position")
        .values_list("position", flat=True)
    )
    assert positions == [0, 1] and doing.pk
    verbs = list(TaskActivity.objects.filter(task=tasks[2]).values_list("verb", "detail"))
    assert ("moved", "To do → In progress") in verbs
    assert ("reordered", "now #2 in To do") in TaskActivity.objects.filter(task=tasks[0]).values_list(
        "verb", "detail"
    )


def test_a_move_to_an_unknown_column_is_refused_without_changes(client):
    project = ProjectFactory()
    task = task_create(project=project, actor=project.creator, title="a")
    client.force_login(project.creator)
    response = client.post(task.move_url, {"status": "nowhere"}, headers={"X-Board-Move": "1"})
    assert response.status_code == 400
    response = client.post(task.move_url, {"status": "done", "index": "-3"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "todo"


def test_the_board_moves_a_task_without_javascript_with_htmx_and_from_the_script(client):
    project = ProjectFactory()
    a = task_create(project=project, actor=project.creator, title="Alpha")
    b = task_create(project=project, actor=project.creator, title="Beta")
    client.force_login(project.creator)
    response = client.post(a.move_url, {"status": "in_progress"})  # the select and Move button
    assert response.status_code == 302 and response.url == reverse("projects:board", args=[project.pk])
    response = client.post(b.move_url, {"status": "done"}, headers=HX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="board"') and "<html" not in html
    response = client.post(b.move_url, {"status": "in_progress", "index": "0"}, headers={"X-Board-Move": "1"})
    assert response.status_code == 204
    assert _column(project, "in_progress") == ["Beta", "Alpha"]
    # The arrow buttons post the next column's value after the select's: the last one wins.
    client.post(b.move_url, {"status": ["in_progress", "review"]})
    assert _column(project, "review") == ["Beta"]


def test_visitors_and_strangers_cannot_move_tasks(client):
    project = ProjectFactory()
    task = task_create(project=project, actor=project.creator, title="a")
    response = client.post(task.move_url, {"status": "done"})
    assert response.status_code == 302 and "login" in response.url
    client.force_login(UserFactory())
    assert client.post(task.move_url, {"status": "done"}).status_code == 403
    task.refresh_from_db()
    assert task.status == "todo"


def test_the_board_shows_four_columns_and_filters_by_assignee_label_and_priority(client):
    dev = UserFactory(handle="dev_one")
    project = ProjectFactory(members={dev: "developer"})
    task_create(
        project=project,
        actor=project.creator,
        title="Fix login",
        labels=["bug"],
        priority="urgent",
        assignee_ids=[dev.pk],
    )
    task_create(project=project, actor=project.creator, title="Write docs", labels=["docs"], priority="low")
    client.force_login(project.creator)
    url = reverse("projects:board", args=[project.pk])
    html = client.get(url).content.decode()
    for heading in ("To do", "In progress", "Review", "Done"):
        assert f">{heading} <span" in html
    assert "DT-1" in html and "Fix login" in html and "Write docs" in html
    for params in ({"assignee": "dev_one"}, {"label": "BUG"}, {"priority": "urgent"}):
        html = client.get(url, params).content.decode()
        assert "Fix login" in html and "Write docs" not in html, params
    html = client.get(url, {"priority": "urgent"}, headers=HX).content.decode()
    assert html.lstrip().startswith('<div id="board"')
    assert client.get(url, {"priority": "<script>"}).status_code == 200  # a bad filter shows all


def test_the_list_view_for_phones_moves_tasks_with_a_select(client):
    project = ProjectFactory()
    task = task_create(project=project, actor=project.creator, title="Alpha")
    client.force_login(project.creator)
    url = reverse("projects:tasks", args=[project.pk])
    html = client.get(url).content.decode()
    assert 'data-testid="task-row"' in html and f'id="list-move-{task.number}"' in html
    response = client.post(task.move_url, {"status": "review", "back": "list"})
    assert response.url == url
    task.refresh_from_db()
    assert task.status == "review"


def test_creating_a_task_from_the_form_and_refusing_bad_input(client):
    dev = UserFactory()
    project = ProjectFactory(members={dev: "developer"})
    client.force_login(dev)
    url = reverse("projects:task-create", args=[project.pk])
    data = {"title": "New thing", "description": "**bold**", "status": "todo", "priority": "high",
            "labels_text": "ui, UI, backend", "assignees": [dev.pk]}  # fmt: skip
    assert client.post(url, data).status_code == 302
    task = Task.objects.get(project=project)
    assert sorted(task.labels.values_list("name", flat=True)) == ["backend", "ui"]
    assert list(task.assignees.all()) == [dev]
    stranger = UserFactory()
    response = client.post(url, {**data, "title": "", "assignees": [stranger.pk], "labels_text": "x" * 40})
    assert response.status_code == 200 and "There are 3 problems" in response.content.decode()
    assert Task.objects.count() == 1


def test_the_detail_panel_opens_and_saves_with_htmx_and_keeps_markdown_inert(client):
    project = ProjectFactory()
    task = task_create(
        project=project, actor=project.creator, title="Panel", description="<script>alert(1)</script> *hi*"
    )
    client.force_login(project.creator)
    html = client.get(task.get_absolute_url(), headers=HX).content.decode()
    assert (
        html.lstrip().startswith('<article id="task-detail"')
        and "<script>alert" not in html
        and "<em>hi</em>" in html
    )
    html = client.get(task.edit_url, headers=HX).content.decode()
    assert html.lstrip().startswith('<form id="task-detail"')
    data = {
        "title": "Panel renamed",
        "description": "",
        "status": "todo",
        "priority": "urgent",
        "labels_text": "ops",
    }
    board = reverse("projects:board", args=[project.pk])
    html = client.post(
        task.edit_url, data, headers={**HX, "HX-Current-URL": f"http://testserver{board}"}
    ).content.decode()
    assert html.lstrip().startswith('<article id="task-detail"') and "Panel renamed" in html
    assert 'data-hx-swap-oob="true"' in html  # the board's card is refreshed too
    html = client.post(task.edit_url, {**data, "title": ""}, headers=HX).content.decode()
    assert html.lstrip().startswith('<form id="task-detail"') and "There is a problem" in html
    verbs = set(TaskActivity.objects.filter(task=task).values_list("verb", flat=True))
    assert {"created", "changed the title of", "changed the priority of", "changed the labels of"} <= verbs


def test_every_change_notifies_assignees_and_watchers_but_not_the_actor():
    dev, watcher = UserFactory(), UserFactory()
    project = ProjectFactory(members={dev: "developer", watcher: "reviewer"})
    task = task_create(project=project, actor=project.creator, title="Tell me", assignee_ids=[dev.pk])
    assert Notification.objects.filter(recipient=dev, verb__startswith="assigned you DT-1").exists()
    task.watchers.add(watcher)
    task_move(task=task, actor=dev, status="review")
    assert Notification.objects.filter(recipient=watcher, verb__contains="moved DT-1").exists()
    assert Notification.objects.filter(
        recipient=project.creator, verb__contains="moved DT-1"
    ).exists()  # creator watches
    assert not Notification.objects.filter(recipient=dev, verb__contains="moved").exists()
    task_update(task=task, actor=watcher, data={"priority": "urgent"})
    assert Notification.objects.filter(recipient=dev, verb__contains="changed the priority of DT-1").exists()


def test_watching_is_a_button_that_posts_the_wanted_state(client):
    reviewer = UserFactory()
    project = ProjectFactory(members={reviewer: "reviewer"})
    task = task_create(project=project, actor=project.creator, title="a")
    client.force_login(reviewer)
    url = reverse("projects:task-watch", args=[project.pk, task.number])
    client.post(url, {"on": "1"})
    client.post(url, {"on": "1"})
    assert list(task.watchers.filter(pk=reviewer.pk)) == [reviewer]
    client.post(url, {"on": "0"})
    assert not task.watchers.filter(pk=reviewer.pk).exists()


# --- Query counts ---------------------------------------------------------------------------


def _add_tasks(project, labels_and_people):
    def add(n):
        for _ in range(n):
            task_create(
                project=project,
                actor=None,
                title="Task",
                labels=["bug", "ui"],
                assignee_ids=labels_and_people,
            )

    return add


def test_board_query_count_is_the_same_for_1_and_50_tasks(client, assert_page_queries):
    dev = UserFactory()
    project = ProjectFactory(members={dev: "developer"})
    client.force_login(project.creator)
    url = reverse("projects:board", args=[project.pk])
    # project; membership; filter options (members, labels); tasks; their labels; assignees
    page = assert_page_queries(client, url, add_rows=_add_tasks(project, [dev.pk]), expected=7)
    assert sum(len(c.tasks) for c in page.response.context["columns"]) == 50


def test_task_list_query_count_is_the_same_for_1_and_50_tasks(client, assert_page_queries):
    dev = UserFactory()
    project = ProjectFactory(members={dev: "developer"})
    client.force_login(dev)
    url = reverse("projects:tasks", args=[project.pk])
    # the board's seven and the page's count
    assert_page_queries(client, url, add_rows=_add_tasks(project, [dev.pk]), expected=8)


def test_open_projects_query_count_is_the_same_for_1_and_50(client, assert_page_queries):
    from tests.profiles.factories import SkillFactory

    skills = SkillFactory.create_batch(2)
    creator = UserFactory()

    def add(n):
        for _ in range(n):
            project = ProjectFactory(
                creator=creator, looking_for_contributors=True, collaborators=[UserFactory()]
            )
            project.wanted_skills.set(skills)

    # count; projects; technologies; team; wanted skills
    assert_page_queries(client, reverse("projects:open"), add_rows=add, expected=5)


def test_my_projects_query_count_is_the_same_for_1_and_50(client, assert_page_queries):
    member = UserFactory()
    client.force_login(member)

    def add(n):
        for _ in range(n):
            ProjectFactory(members={member: "developer"})

    # count; invitations; projects with the member's role; technologies; team
    assert_page_queries(client, reverse("projects:mine"), add_rows=add, expected=5)


def test_a_drop_on_a_filtered_board_lands_next_to_the_card_it_was_dropped_by(client):
    project = ProjectFactory()
    for title in ("a", "b", "c", "d"):
        task_create(project=project, actor=project.creator, title=title)
    moved = task_create(project=project, actor=project.creator, title="x", status="review")
    client.force_login(project.creator)
    # Only "a" and "d" were shown; "x" was dropped between them, i.e. before "d" (DT-4).
    response = client.post(
        moved.move_url, {"status": "todo", "index": "1", "before": "4"}, headers={"X-Board-Move": "1"}
    )
    assert response.status_code == 204
    assert _column(project, "todo") == ["a", "b", "c", "x", "d"]
    client.post(moved.move_url, {"status": "todo", "index": "9", "after": "1"}, headers={"X-Board-Move": "1"})
    assert _column(project, "todo") == ["a", "x", "b", "c", "d"]


def test_a_column_and_a_card_render_alone_for_live_updates():
    from django.template.loader import render_to_string

    from apps.projects.access import Access
    from apps.projects.selectors import board_column

    project = ProjectFactory()
    task = task_create(project=project, actor=project.creator, title="Live one", status="review")
    can = Access(project=project, membership=project.memberships.get()).can
    column = render_to_string("projects/board.html#column", {"column": board_column(project=project, status="review"),
                                                            "project": project, "can": can, "statuses": Task.Status.choices})  # fmt: skip
    assert column.lstrip().startswith('<section id="column-review"') and "Live one" in column
    card = render_to_string(
        "projects/board.html#task-card", {"task": task, "can": can, "statuses": Task.Status.choices}
    )
    assert card.lstrip().startswith(f'<li id="task-{task.number}"') and task.move_url in card


# Deleting a task


def _delete(client, project, number):
    return client.post(reverse("projects:task-delete", args=[project.pk, number]))


@pytest.mark.parametrize("role", ["developer", "reviewer"])
def test_only_owners_and_leads_are_offered_and_allowed_to_delete_a_task(client, role):
    member = UserFactory()
    project = ProjectFactory(members={member: role})
    task = task_create(project=project, actor=project.creator, title="Keep me")
    client.force_login(member)
    assert "Delete DT-1" not in client.get(task.get_absolute_url()).content.decode()
    assert _delete(client, project, task.number).status_code == 403
    assert Task.objects.filter(pk=task.pk).exists()


def test_a_lead_deletes_a_task_after_being_asked_and_its_key_is_not_given_again(client):
    lead, watcher = UserFactory(), UserFactory()
    project = ProjectFactory(task_prefix="DT", members={lead: "lead", watcher: "developer"})
    task = task_create(project=project, actor=project.creator, title="Typo task", assignee_ids=[watcher.pk])
    client.force_login(lead)
    page = client.get(task.get_absolute_url()).content.decode()
    assert "Yes, delete DT-1" in page  # asked in a disclosure, with JavaScript or without

    response = _delete(client, project, task.number)
    assert response.status_code == 302 and response.url == reverse("projects:board", args=[project.pk])
    assert not Task.objects.filter(pk=task.pk).exists()
    assert not TaskActivity.objects.filter(task_id=task.pk).exists()
    told = Notification.objects.get(recipient=watcher, verb__startswith="deleted")
    assert told.verb == "deleted DT-1: Typo task" and told.url == reverse("projects:board", args=[project.pk])
    assert task_create(project=project, actor=lead, title="Next").key == "DT-2"
    assert client.get(task.get_absolute_url()).status_code == 404
    assert _delete(client, project, task.number).status_code == 404  # twice: nothing left to delete


def test_commits_that_named_a_deleted_task_stay_in_the_project():
    project = ProjectFactory()
    task = task_create(project=project, actor=project.creator, title="Linked")
    commit = Commit.objects.create(project=project, repository="dt/site", sha="a" * 40, message="DT-1 start")
    commit.tasks.add(task)

    assert task_delete(task=task, actor=project.creator) == task.key
    assert Commit.objects.filter(pk=commit.pk).exists()
