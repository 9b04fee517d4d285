"""The pages: what each shows, to whom, and how bad input is answered (never a 500)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.mentorship import services
from apps.mentorship.models import CheckIn, Goal, Habit, Mentorship, Reflection, Session
from tests.accounts.factories import UserFactory
from tests.mentorship.factories import make_mentor, make_mentorship, make_request

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _login(client, user):
    client.force_login(user)
    return client


def test_the_mentor_list_ranks_with_reasons_and_serves_its_partial_to_htmx(client):
    make_mentor(skills=("Go",), handle="gopher")
    make_mentor(skills=("Go", "Python"), tracks=("leaders",), handle="pythonista")
    make_mentor(skills=("Figma",), tracks=("leaders",), handle="designer")
    url = reverse("mentorship:mentor-list") + "?skills=go,python&track=builders&tz=Africa/Lagos"

    page = client.get(url)
    partial = client.get(url, headers={"HX-Request": "true", "HX-Target": "mentor-results"})

    html = page.content.decode()
    assert html.index("/mentors/gopher/") < html.index("/mentors/pythonista/")
    assert "/mentors/designer/" not in html  # shares neither the track nor a skill
    assert "Knows Go (1 of 2 skills you want)" in html
    assert "<html" not in partial.content.decode() and "Knows Go" in partial.content.decode()


def test_the_mentor_list_without_a_query_lists_mentors_by_free_places(client):
    make_mentor(handle="busy", capacity=2)
    make_mentorship(make_mentor(handle="fuller", capacity=2))

    response = client.get(reverse("mentorship:mentor-list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("/mentors/busy/") < html.index("/mentors/fuller/")


def test_the_mentor_list_ignores_nonsense_filters(client):
    make_mentor()

    response = client.get(
        reverse("mentorship:mentor-list") + "?track=wizards&tz=Mars/Base&skills=" + "x," * 500
    )

    assert response.status_code == 200


def test_a_mentor_page_shows_their_times_in_the_viewers_zone(client):
    from datetime import time

    mentor = make_mentor(time_zone="Europe/London", slots=((1, time(18, 0)),), handle="londoner")
    viewer = UserFactory()
    services.time_zone_set(user=viewer, time_zone="Asia/Tokyo")

    html = (
        _login(client, viewer)
        .get(reverse("mentorship:mentor-detail", args=[mentor.user.handle]))
        .content.decode()
    )

    # 18:00 in London on a Tuesday is 02:00 or 03:00 on Wednesday in Tokyo (GMT or BST).
    assert "Asia/Tokyo" in html
    assert "Wednesday 03:00" in html or "Wednesday 02:00" in html


def test_requesting_from_the_mentor_page_creates_the_request(client):
    mentor = make_mentor()
    mentee = UserFactory()

    response = _login(client, mentee).post(
        reverse("mentorship:mentor-request", args=[mentor.user.handle]),
        {
            "goal": "Learn system design",
            "track": "builders",
            "skills_wanted": "Go",
            "time_zone": "Africa/Lagos",
        },
    )

    mentorship = Mentorship.objects.get(mentee=mentee)
    assert response.status_code == 302 and response["Location"] == mentorship.get_absolute_url()


def test_a_request_with_a_bad_time_zone_comes_back_with_the_message(client):
    mentor = make_mentor()

    response = _login(client, UserFactory()).post(
        reverse("mentorship:mentor-request", args=[mentor.user.handle]),
        {"goal": "Learn", "time_zone": "Lagos/Nowhere"},
    )

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Mentorship.objects.exists()


def test_requests_are_rate_limited_per_member_with_the_form_kept(client, settings):
    settings.MENTORSHIP_REQUEST_RATE = "1/h"
    mentee = UserFactory()
    _login(client, mentee)
    first, second = make_mentor(), make_mentor()
    data = {"goal": "Grow as an engineer", "time_zone": "Africa/Lagos"}
    client.post(reverse("mentorship:mentor-request", args=[first.user.handle]), data)

    response = client.post(reverse("mentorship:mentor-request", args=[second.user.handle]), data)

    assert response.status_code == 429
    assert "Grow as an engineer" in response.content.decode()
    assert Mentorship.objects.filter(mentee=mentee).count() == 1


def test_member_text_is_inert_on_the_mentorship_and_coaching_pages(client):
    mentor = make_mentor()
    mentorship = make_request(mentor, goal=XSS)
    mentee = mentorship.mentee
    services.goal_create(
        user=mentee, data=services.GoalData(title=XSS, why=XSS, target_date=date(2099, 1, 1))
    )
    services.reflection_save(user=mentee, data=services.ReflectionData(went_well=XSS))

    pages = [
        _login(client, mentor.user).get(mentorship.get_absolute_url()).content.decode(),
        _login(client, mentee).get(reverse("coaching:home")).content.decode(),
    ]

    for html in pages:
        assert '<script>alert("x")</script>' not in html
        assert "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")


def test_a_mentorship_page_is_a_404_for_anyone_but_the_two_members(client):
    mentorship = make_mentorship()

    response = _login(client, UserFactory()).get(mentorship.get_absolute_url())

    assert response.status_code == 404


def test_the_mentor_accepts_with_a_button(client):
    mentor = make_mentor()
    mentorship = make_request(mentor)

    _login(client, mentor.user).post(reverse("mentorship:mentorship-action", args=[mentorship.pk, "accept"]))

    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.TRIAL


def test_an_unknown_action_is_a_404(client):
    mentorship = make_mentorship()

    response = _login(client, mentorship.mentee).post(
        reverse("mentorship:mentorship-action", args=[mentorship.pk, "explode"])
    )

    assert response.status_code == 404


def test_the_mentee_books_a_time_shown_in_their_own_zone(client):
    mentorship = make_mentorship(time_zone="America/New_York")
    services.time_zone_set(user=mentorship.mentee, time_zone="America/New_York")
    _login(client, mentorship.mentee)
    free = services.bookable(mentorship=mentorship)[0]

    page = client.get(mentorship.get_absolute_url()).content.decode()
    response = client.post(
        reverse("mentorship:session-book", args=[mentorship.pk]), {"starts_at": free.value}
    )

    assert "America/New_York" in page and f'value="{free.value}"' in page
    session = Session.objects.get(mentorship=mentorship)
    assert response["Location"] == session.get_absolute_url()
    detail = client.get(session.get_absolute_url()).content.decode()
    assert (
        session.starts_at.astimezone(__import__("zoneinfo").ZoneInfo("America/New_York")).strftime("%H:%M")
        in detail
    )


@pytest.mark.parametrize("posted", ["tuesday evening", "2027-01-05T18:00", "", "9" * 40])
def test_malformed_times_are_answered_on_the_form(client, posted):
    mentorship = make_mentorship()

    response = _login(client, mentorship.mentee).post(
        reverse("mentorship:session-book", args=[mentorship.pk]), {"starts_at": posted}
    )

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Session.objects.exists()


def test_booking_a_time_in_the_past_is_answered_on_the_form(client):
    mentorship = make_mentorship()
    past = (timezone.now() - timedelta(days=2)).isoformat()

    response = _login(client, mentorship.mentee).post(
        reverse("mentorship:session-book", args=[mentorship.pk]), {"starts_at": past}
    )

    assert "That time has passed" in response.content.decode()


def test_the_invite_downloads_as_a_calendar_file_for_the_two_members_only(client):
    mentorship = make_mentorship()
    free = services.bookable(mentorship=mentorship)[0]
    session = services.session_book(mentorship=mentorship, by=mentorship.mentee, starts_at=free.starts_at)
    url = reverse("mentorship:session-ics", args=[session.pk])

    mine = _login(client, mentorship.mentee).get(url)
    stranger = _login(client, UserFactory()).get(url)

    assert mine["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in mine.content
    assert stranger.status_code == 404


def test_mentor_profile_and_times_are_saved_from_the_volunteer_page(client):
    user = UserFactory()
    _login(client, user)

    client.post(
        reverse("mentorship:mentor-edit"),
        {"headline": "Data engineer", "tracks": ["researchers"], "skills": "SQL, Python", "languages": "English, Yoruba",
         "time_zone": "Africa/Lagos", "capacity": "3", "accepting": "on"},
    )  # fmt: skip
    client.post(reverse("mentorship:slot-add"), {"weekday": "2", "start_time": "19:30", "minutes": "60"})
    duplicate = client.post(
        reverse("mentorship:slot-add"), {"weekday": "2", "start_time": "19:30", "minutes": "60"}
    )
    malformed = client.post(
        reverse("mentorship:slot-add"), {"weekday": "9", "start_time": "25:99", "minutes": "7"}
    )

    mentor = user.mentor_profile
    assert (mentor.capacity, mentor.tracks, [t["name"] for t in mentor.skill_tags]) == (
        3,
        ["researchers"],
        ["Python", "SQL"],
    )
    assert [str(s) for s in mentor.slots.all()] == ["Wednesday 19:30 (60 min)"]
    assert "already have a slot" in duplicate.content.decode()
    assert malformed.status_code == 200 and "There are 3 problems" in malformed.content.decode()


def test_the_coaching_page_is_private_and_takes_a_goal_a_habit_and_a_check_in(client):
    user = UserFactory()
    _login(client, user)

    page = client.get(reverse("coaching:home"))
    client.post(reverse("coaching:goal-create"), {"title": "Ship a side project", "target_date": "2099-01-01",
                                                  "milestones": "Pick an idea\nShip v1"})  # fmt: skip
    client.post(reverse("coaching:habit-create"), {"name": "Code daily", "cadence": "daily"})
    habit = Habit.objects.get(user=user)
    client.post(reverse("coaching:habit-check-in", args=[habit.pk]))

    assert page["Cache-Control"] == "private, no-store"
    assert Goal.objects.get(user=user).milestones.count() == 2
    assert CheckIn.objects.filter(habit=habit).count() == 1
    html = client.get(reverse("coaching:home")).content.decode()
    assert "streak <span data-streak>1</span> day" in html
    assert '<title id="chart-svg-title">' in html and "<table" in html


@pytest.mark.parametrize("target", ["", "31/31/2099", "2000-01-01"])
def test_a_goal_with_a_bad_or_past_date_comes_back_with_the_message(client, target):
    _login(client, UserFactory())

    response = client.post(reverse("coaching:goal-create"), {"title": "Goal", "target_date": target})

    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert not Goal.objects.exists()


def test_someone_elses_habit_is_a_404(client):
    habit = services.habit_create(user=UserFactory(), name="Read", cadence="daily")

    response = _login(client, UserFactory()).post(reverse("coaching:habit-check-in", args=[habit.pk]))

    assert response.status_code == 404


def test_a_shared_reflection_shows_on_the_mentors_page_and_a_private_one_does_not(client):
    mentorship = make_mentorship()
    services.reflection_save(
        user=mentorship.mentee, data=services.ReflectionData(went_well="Shared win", shared_with_mentor=True)
    )
    Reflection.objects.create(user=mentorship.mentee, week_start=date(2026, 1, 5), went_well="Private doubt")

    html = _login(client, mentorship.mentor.user).get(mentorship.get_absolute_url()).content.decode()

    assert "Shared win" in html and "Private doubt" not in html


def test_coach_me_proposes_a_plan_and_keep_keeps_it(client):
    user = UserFactory()
    _login(client, user)
    services.habit_create(user=user, name="Code daily", cadence="daily")

    client.post(reverse("coaching:coach-me"))
    plan = user.coach_plans.get()
    client.post(reverse("coaching:plan-decide", args=[plan.pk]), {"keep": "1"})

    plan.refresh_from_db()
    assert plan.status == "kept"
    assert "Code daily" in client.get(reverse("coaching:home")).content.decode()


def test_coaching_writes_are_rate_limited(client, settings):
    settings.MENTORSHIP_COACH_RATE = "1/h"
    _login(client, UserFactory())

    client.post(reverse("coaching:coach-me"))
    response = client.post(reverse("coaching:coach-me"))

    assert response.status_code == 429


def test_after_the_session_each_side_writes_a_note_and_the_mentee_rates_it(client):
    mentorship = make_mentorship()
    start = timezone.now() - timedelta(hours=3)
    session = Session.objects.create(
        mentorship=mentorship, mentor=mentorship.mentor, mentee=mentorship.mentee,
        starts_at=start, ends_at=start + timedelta(hours=1),
    )  # fmt: skip
    url = reverse("mentorship:session-note", args=[session.pk])

    _login(client, mentorship.mentee)
    page = client.get(session.get_absolute_url()).content.decode()
    client.post(url, {"note": XSS, "rating": "4"})
    bad = client.post(url, {"note": "ok", "rating": "11"})
    _login(client, mentorship.mentor.user)
    mentor_page = client.get(session.get_absolute_url()).content.decode()
    client.post(url, {"note": "Well prepared", "rating": "1"})

    session.refresh_from_db()
    assert "How useful was it?" in page
    assert bad.status_code == 200 and "There is a problem" in bad.content.decode()
    assert (session.mentee_note, session.rating, session.mentor_note) == (XSS, 4, "Well prepared")
    assert "rated 4/5" in mentor_page and "How useful was it?" not in mentor_page
    assert '<script>alert("x")</script>' not in mentor_page


def test_cancel_and_move_from_the_session_page(client):
    from datetime import time

    mentor = make_mentor(slots=((1, time(18, 0)), (4, time(8, 0))))
    mentorship = make_mentorship(mentor)
    notice = timezone.now() + timedelta(hours=25)
    first, second = [o for o in services.bookable(mentorship=mentorship) if o.starts_at > notice][:2]
    session = services.session_book(mentorship=mentorship, by=mentorship.mentee, starts_at=first.starts_at)
    _login(client, mentorship.mentee)

    page = client.get(session.get_absolute_url()).content.decode()
    moved = client.post(
        reverse("mentorship:session-reschedule", args=[session.pk]), {"starts_at": second.value}
    )
    new = Session.objects.get(status="booked")
    client.post(reverse("mentorship:session-cancel", args=[new.pk]), {"reason": "Sick"})

    assert "Move the session" in page and f'value="{second.value}"' in page
    assert moved["Location"] == new.get_absolute_url() and new.starts_at == second.starts_at
    new.refresh_from_db()
    assert new.status == "cancelled" and new.cancel_reason == "Sick"
    assert "cancelled" in client.get(new.get_absolute_url()).content.decode().lower()


def test_a_late_cancel_or_move_is_refused_on_the_page_keeping_what_was_typed(client):
    from datetime import time

    mentor = make_mentor(time_zone="Europe/London", slots=((1, time(18, 0)), (4, time(8, 0))))
    mentorship = make_mentorship(mentor)
    start = timezone.now() + timedelta(hours=5)
    session = Session.objects.create(
        mentorship=mentorship, mentor=mentor, mentee=mentorship.mentee,
        starts_at=start, ends_at=start + timedelta(hours=1),
    )  # fmt: skip
    later = services.bookable(mentorship=mentorship)[-1]
    _login(client, mentorship.mentee)

    page = client.get(session.get_absolute_url()).content.decode()
    cancel = client.post(
        reverse("mentorship:session-cancel", args=[session.pk]), {"reason": "Caught a cold, sorry"}
    )
    move = client.post(
        reverse("mentorship:session-reschedule", args=[session.pk]),
        {"starts_at": later.value, "reason": "Exams <b>week</b>"},
    )

    session.refresh_from_db()
    assert session.is_booked and Session.objects.count() == 1
    assert "Changes are possible up to 24 hours before the session" in page
    assert cancel.status_code == 200 and move.status_code == 200
    cancelled_html, moved_html = cancel.content.decode(), move.content.decode()
    assert "cancelled up to 24 hours before they start" in cancelled_html
    assert 'value="Caught a cold, sorry"' in cancelled_html and "<details open>" in cancelled_html
    assert "moved up to 24 hours before they start" in moved_html
    assert 'value="Exams &lt;b&gt;week&lt;/b&gt;"' in moved_html
    assert f'value="{later.value}" selected' in moved_html


def test_my_mentorships_pages_each_list_on_its_own(client):
    user = UserFactory()
    mentor = make_mentor(user=user, capacity=20, slots=())
    for _ in range(25):
        make_request(make_mentor(), mentee=user)
    for _ in range(3):
        make_request(mentor)
    _login(client, user)
    url = reverse("mentorship:mine")

    first = client.get(url)
    second = client.get(url, {"mentors": "2", "mentees": "1"})
    nonsense = client.get(url, {"mentors": "x", "sessions": "99"})

    assert (
        len(first.context["as_mentee"].object_list) == 20 and len(first.context["as_mentor"].object_list) == 3
    )
    assert 'href="?mentors=2#mentors"' in first.content.decode()
    assert len(second.context["as_mentee"].object_list) == 5 and second.context["as_mentee"].number == 2
    assert 'href="?mentors=1&amp;mentees=1#mentors"' in second.content.decode()
    assert nonsense.status_code == 200 and nonsense.context["as_mentee"].number == 1


def test_each_side_sees_the_last_moment_to_change_in_their_own_zone(client):
    from datetime import UTC, datetime

    mentor = make_mentor(time_zone="Europe/London")
    mentorship = make_mentorship(mentor, time_zone="Africa/Lagos")
    start = datetime(2099, 7, 14, 17, 0, tzinfo=UTC)  # summer: London 18:00, Lagos 18:00
    winter = datetime(2099, 1, 13, 17, 0, tzinfo=UTC)  # winter: London 17:00, Lagos 18:00
    summer_session, winter_session = (
        Session.objects.create(
            mentorship=mentorship,
            mentor=mentor,
            mentee=mentorship.mentee,
            starts_at=at,
            ends_at=at + timedelta(hours=1),
        )
        for at in (start, winter)
    )

    def deadline(user, session):
        html = _login(client, user).get(session.get_absolute_url()).content.decode()
        return html.split("data-change-deadline>")[1].split("</p>")[0]

    assert "Monday 12 January, 18:00" in deadline(mentorship.mentee, winter_session)
    assert "Monday 12 January, 17:00" in deadline(mentor.user, winter_session)
    assert "Monday 13 July, 18:00" in deadline(mentorship.mentee, summer_session)
    assert "Monday 13 July, 18:00" in deadline(mentor.user, summer_session)


def test_personal_pages_and_answers_are_never_cached(client):
    mentorship = make_mentorship()
    free = services.bookable(mentorship=mentorship)[0]
    session = services.session_book(mentorship=mentorship, by=mentorship.mentee, starts_at=free.starts_at)
    _login(client, mentorship.mentee)

    responses = {
        "mine": client.get(reverse("mentorship:mine")),
        "mentorship": client.get(mentorship.get_absolute_url()),
        "session": client.get(session.get_absolute_url()),
        "ics": client.get(reverse("mentorship:session-ics", args=[session.pk])),
        "coaching": client.get(reverse("coaching:home")),
        "volunteer": client.get(reverse("mentorship:mentor-edit")),
        "request": client.post(
            reverse("mentorship:mentor-request", args=[mentorship.mentor.user.handle]), {}
        ),
        "action": client.post(reverse("mentorship:mentorship-action", args=[mentorship.pk, "continue"])),
        "goal": client.post(reverse("coaching:goal-create"), {}),
    }

    assert {name: r["Cache-Control"] for name, r in responses.items()} == dict.fromkeys(
        responses, "private, no-store"
    )


def test_mentees_ratings_show_on_the_mentor_card_and_page(client):
    mentorship = make_mentorship(make_mentor(handle="rated"))
    start = timezone.now() - timedelta(days=3)
    for rating in (5, 4, None):
        Session.objects.create(
            mentorship=mentorship, mentor=mentorship.mentor, mentee=mentorship.mentee, rating=rating,
            starts_at=start, ends_at=start + timedelta(hours=1), status="booked" if rating else "cancelled",
        )  # fmt: skip
        start += timedelta(days=1)

    listing = client.get(reverse("mentorship:mentor-list")).content.decode()
    page = client.get(reverse("mentorship:mentor-detail", args=["rated"])).content.decode()

    assert "Rated 4.5 out of 5 by mentees (2 sessions)" in listing
    assert "Rated 4.5 out of 5 by mentees (2 sessions)" in page


def test_the_mentee_makes_a_secondary_mentor_primary_from_the_page(client):
    mentee = UserFactory()
    first = make_mentorship(mentee=mentee)
    second = make_mentorship(mentee=mentee)
    _login(client, mentee)

    before = client.get(second.get_absolute_url()).content.decode()
    client.post(reverse("mentorship:mentorship-action", args=[second.pk, "primary"]))
    mine = client.get(reverse("mentorship:mine")).content.decode()

    second.refresh_from_db()
    first.refresh_from_db()
    assert "A secondary mentor." in before and "Make this my primary mentor" in before
    assert second.is_primary and not first.is_primary
    assert "Trial · primary" in mine and "Trial · secondary" in mine
