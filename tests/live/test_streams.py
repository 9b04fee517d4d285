"""The event stream under uvicorn: who receives what, resume, logout, refusal."""

from __future__ import annotations

import pytest
from django.test import Client

from apps.core.live.broker import send_now
from tests.live.streams import Stream, session_cookie, verified_staff_cookie

pytestmark = pytest.mark.slow


@pytest.fixture
def members(transactional_db):
    from tests.accounts.factories import UserFactory

    return UserFactory(handle="ada"), UserFactory(handle="bola")


def _names(events: list[dict]) -> list[str]:
    return [e["event"] for e in events]


def test_a_member_receives_their_own_notifications_and_never_another_members(asgi_server, members):
    from apps.notifications.services import notify

    ada, bola = members
    stream_ada = Stream(asgi_server, session_cookie(ada))
    stream_bola = Stream(asgi_server, session_cookie(bola))
    assert stream_ada.status == 200
    stream_ada.read_events(0.5)
    stream_bola.read_events(0.5)

    notify(recipient=bola, kind="follow", verb="followed you", actor=ada)
    assert _names(stream_bola.read_events(3, until="notification")) == ["notification"]
    assert stream_ada.read_events(1) == []

    notify(recipient=ada, kind="follow", verb="followed you", actor=bola)
    assert _names(stream_ada.read_events(3, until="notification")) == ["notification"]
    assert stream_bola.read_events(1) == []


def test_channels_a_member_may_not_watch_are_dropped(asgi_server, members):
    """A draft post is its author's alone; a leaderboard preview its organisers'; check-in
    counts verified staff's: asking for them in the URL gets nothing."""
    from apps.community.models import Post
    from tests.community.factories import PostFactory
    from tests.hackathons.factories import HackathonFactory

    ada, bola = members
    draft = PostFactory(author=ada, status=Post.Status.DRAFT, published_at=None)
    hackathon = HackathonFactory()
    asked = f"post:{draft.pk},leaderboard:{hackathon.pk},checkin:1,export:1,user:{ada.pk}"
    stream_ada = Stream(asgi_server, session_cookie(ada), channels=f"post:{draft.pk}")
    stream_bola = Stream(asgi_server, session_cookie(bola), channels=asked)
    stream_ada.read_events(0.5)
    stream_bola.read_events(0.5)

    for channel in asked.split(","):
        send_now(channel, "secret")
    assert _names(stream_ada.read_events(3, until="secret")) == ["secret"]  # the draft's author
    assert stream_bola.read_events(1) == []


def test_a_private_boards_events_reach_its_members_only(asgi_server, members):
    from apps.projects.models import Project
    from apps.projects.services import task_move
    from tests.projects.factories import ProjectFactory, TaskFactory

    ada, bola = members
    project = ProjectFactory(creator=ada, visibility=Project.Visibility.PRIVATE)
    task = TaskFactory(project=project)
    member = Stream(asgi_server, session_cookie(ada), channels=f"board:{project.pk}")
    outsider = Stream(asgi_server, session_cookie(bola), channels=f"board:{project.pk}")
    member.read_events(0.5)
    outsider.read_events(0.5)

    task_move(task=task, actor=ada, status="done")
    assert _names(member.read_events(3, until="task")) == ["task"]
    assert outsider.read_events(1) == []


def test_an_exercise_result_reaches_the_learner_only(asgi_server, members):
    from apps.learning.models import Attempt
    from apps.learning.services.attempts import attempt_record
    from tests.learning.factories import ExerciseFactory, passed_result

    ada, bola = members
    exercise = ExerciseFactory()
    attempt = Attempt.objects.create(user=ada, exercise=exercise, version=exercise.current_version, code="x")
    learner = Stream(asgi_server, session_cookie(ada))
    other = Stream(asgi_server, session_cookie(bola))
    learner.read_events(0.5)
    other.read_events(0.5)

    attempt_record(attempt=attempt, result=passed_result())
    events = learner.read_events(3, until="attempt")
    assert [(e["event"], e["data"]) for e in events][-1:] == [("attempt", str(attempt.pk))]
    assert [e for e in other.read_events(1) if e["event"] == "attempt"] == []


def test_check_ins_reach_staff_who_passed_the_second_factor_only(asgi_server, members):
    from apps.events.models import Status
    from apps.events.services import ticket_check_in
    from tests.accounts.factories import UserFactory
    from tests.events.factories import EventFactory, RegistrationFactory

    event = EventFactory()
    RegistrationFactory(event=event, status=Status.CONFIRMED, ticket_code="LIVE000001")
    verified, password_only = UserFactory(is_staff=True), UserFactory(is_staff=True)
    channel = f"checkin:{event.pk}"
    staff = Stream(asgi_server, verified_staff_cookie(verified), channels=channel)
    not_yet = Stream(asgi_server, session_cookie(password_only), channels=channel)
    staff.read_events(0.5)
    not_yet.read_events(0.5)

    ticket_check_in(event=event, code="LIVE000001", by=verified)
    assert _names(staff.read_events(3, until="checkin")) == ["checkin"]
    assert not_yet.read_events(1) == []


def test_an_exports_progress_reaches_the_staff_watching_it(asgi_server, members):
    from apps.exports.models import Export
    from apps.exports.services import export_run
    from tests.accounts.factories import UserFactory
    from tests.events.factories import EventFactory, RegistrationFactory
    from tests.exports.factories import ExportFactory, events_params

    event = EventFactory()
    RegistrationFactory.create_batch(3, event=event)
    export = ExportFactory(params=events_params(event))
    staff = Stream(
        asgi_server, verified_staff_cookie(UserFactory(is_staff=True)), channels=f"export:{export.pk}"
    )
    staff.read_events(0.5)

    export_run(export_id=export.pk)
    events = staff.read_events(5, until="export")
    assert _names(events)[-1:] == ["export"]
    export.refresh_from_db()
    assert export.state == Export.State.DONE


def test_a_director_export_reaches_its_director_and_no_other_organization(asgi_server, members):
    from apps.exports.services import export_run
    from tests.exports.factories import ExportFactory
    from tests.programs.factories import CohortFactory, enrol, make_director

    cohort = CohortFactory()
    enrol(cohort)
    director = make_director(cohort.program.organization)
    stranger = make_director(CohortFactory().program.organization)
    export = ExportFactory(source="programs.learners", params={"programs": [cohort.program_id]})
    channel = f"export:{export.pk}"
    watching = Stream(asgi_server, session_cookie(director), channels=channel)
    other = Stream(asgi_server, session_cookie(stranger), channels=channel)
    watching.read_events(0.5)
    other.read_events(0.5)

    export_run(export_id=export.pk)
    assert _names(watching.read_events(5, until="export"))[-1:] == ["export"]
    assert [e for e in other.read_events(1) if e["event"] == "export"] == []


def test_scores_reach_the_organisers_watching_the_leaderboard_preview(asgi_server, members):
    from django.contrib.auth.models import Permission

    from apps.hackathons import judging
    from tests.hackathons.factories import (
        CriterionFactory,
        HackathonFactory,
        JudgeFactory,
        SubmissionFactory,
        TeamFactory,
    )

    hackathon = HackathonFactory(phase="judging")
    organiser = hackathon.organiser
    organiser.user_permissions.add(Permission.objects.get(codename="organise_hackathon"))
    criterion = CriterionFactory(hackathon=hackathon)
    judge = JudgeFactory(hackathon=hackathon).user
    team = TeamFactory(hackathon=hackathon)
    submission = SubmissionFactory(hackathon=hackathon, team=team, owner=team.leader)
    channel = f"leaderboard:{hackathon.pk}"
    watching = Stream(asgi_server, session_cookie(organiser), channels=channel)
    judging_only = Stream(asgi_server, session_cookie(judge), channels=channel)
    watching.read_events(0.5)
    judging_only.read_events(0.5)

    judging.scores_save(submission=submission, judge=judge, values={criterion.pk: (7, "")})
    assert _names(watching.read_events(3, until="scores")) == ["scores"]
    assert judging_only.read_events(1) == []  # a judge does not see the preview


def test_a_reconnecting_stream_resumes_after_its_last_event_id(asgi_server, members):
    ada, _ = members
    cookie = session_cookie(ada)
    stream = Stream(asgi_server, cookie)
    stream.read_events(0.5)
    send_now(f"user:{ada.pk}", "notification", "first")
    (first,) = stream.read_events(3, until="notification")
    stream.close()

    # Missed while away (the server restarting): kept in the channel's buffer.
    asgi_server.restart()
    send_now(f"user:{ada.pk}", "notification", "second")
    send_now(f"user:{ada.pk}", "other", "between")
    send_now(f"user:{ada.pk}", "notification", "third")

    again = Stream(asgi_server, cookie, last_event_id=first["id"])
    events = again.read_events(3)
    # What was missed, in order, the latest of each kind only (each means "fetch it again").
    assert [(e["event"], e["data"]) for e in events] == [("other", "between"), ("notification", "third")]
    assert events[0]["id"] > first["id"]


def test_logging_out_ends_the_stream(asgi_server, members):
    from django.conf import settings

    ada, _ = members
    client = Client()
    client.force_login(ada)
    stream = Stream(asgi_server, client.cookies[settings.SESSION_COOKIE_NAME].value)
    stream.read_events(0.5)

    client.logout()
    events = stream.read_events(3, until="close")
    assert _names(events) == ["close"]
    assert stream.read_events(1) == [] and stream.closed


def test_a_visitor_who_is_not_signed_in_gets_no_stream(asgi_server, transactional_db):
    # 204 tells EventSource to stop asking; a forged session cookie is no better.
    assert Stream(asgi_server, None).status == 204
    assert Stream(asgi_server, "not-a-session").status == 204
