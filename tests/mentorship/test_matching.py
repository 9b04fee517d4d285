"""The documented score, on worked examples: 0.4 track + 0.3 skills + 0.2 time zone +
0.1 spare capacity."""

from __future__ import annotations

from datetime import UTC, datetime, time
from types import SimpleNamespace

import pytest

from apps.mentorship import matching
from apps.mentorship.selectors import mentor_suggestions
from tests.accounts.factories import UserFactory
from tests.mentorship.factories import make_mentor, make_mentorship

# A Monday in January: no summer time anywhere involved.
NOW = datetime(2027, 1, 4, 6, 0, tzinfo=UTC)


def _mentor(pk=1, *, tracks=("builders",), skills=("python", "django"), tz="Africa/Lagos", slots=(),
            capacity=5, mentee_count=0):  # fmt: skip
    return SimpleNamespace(
        pk=pk,
        tracks=list(tracks),
        skill_tags=[{"key": s, "name": s.capitalize()} for s in skills],
        time_zone=tz,
        capacity=capacity,
        mentee_count=mentee_count,
        spare=capacity - mentee_count,
        slots=SimpleNamespace(all=lambda: slots),
    )


def _slot(weekday, hour):
    return SimpleNamespace(weekday=weekday, start_time=time(hour), minutes=60)


def test_a_perfect_match_scores_one():
    mentor = _mentor(slots=[_slot(1, 18)])
    ask = matching.Ask(track="builders", skills=("python", "django"), time_zone="Africa/Lagos")

    result = matching.score(mentor, ask, now=NOW)

    assert result.parts == {"track": 1.0, "skills": 1.0, "time_zone": 1.0, "capacity": 1.0}
    assert result.score == 1.0


def test_worked_example_half_the_skills_other_track_half_full():
    # Track 0; skills 1 of 2 = 0.5; slots 18:00 and 03:00 Lagos for a Lagos mentee: 1 of 2 in
    # the daytime = 0.5; 2 of 4 places free = 0.5.
    mentor = _mentor(tracks=("leaders",), skills=("python",), slots=[_slot(1, 18), _slot(2, 3)], capacity=4,
                     mentee_count=2)  # fmt: skip
    ask = matching.Ask(track="builders", skills=("python", "sql"), time_zone="Africa/Lagos")

    result = matching.score(mentor, ask, now=NOW)

    assert result.score == pytest.approx(0.4 * 0 + 0.3 * 0.5 + 0.2 * 0.5 + 0.1 * 0.5)  # 0.3
    assert "Knows Python (1 of 2 skills you want)" in result.reasons
    assert "1 of 2 weekly times fall in your daytime (08:00 to 21:00)" in result.reasons
    assert "2 of 4 places free" in result.reasons


def test_time_zone_part_reads_the_mentors_times_in_the_mentees_zone():
    # 18:00 in Lagos is 04:00 the next day in Sydney (UTC+11 in January): not daytime there.
    mentor = _mentor(slots=[_slot(1, 18)])

    lagos = matching.score(mentor, matching.Ask(time_zone="Africa/Lagos"), now=NOW)
    sydney = matching.score(mentor, matching.Ask(time_zone="Australia/Sydney"), now=NOW)

    assert lagos.parts["time_zone"] == 1.0
    assert sydney.parts["time_zone"] == 0.0


def test_a_mentor_without_times_gets_nothing_for_time_zone_and_says_so():
    result = matching.score(_mentor(), matching.Ask(time_zone="Africa/Lagos"), now=NOW)

    assert result.parts["time_zone"] == 0.0
    assert "Has not set any times yet" in result.reasons


def test_ranking_puts_the_track_match_first_and_breaks_ties_on_free_places():
    track = _mentor(1, tracks=("builders",), slots=[_slot(1, 18)], mentee_count=4)
    fuller = _mentor(2, tracks=("leaders",), slots=[_slot(1, 18)], mentee_count=3)
    emptier = _mentor(3, tracks=("leaders",), slots=[_slot(1, 18)], mentee_count=2)
    ask = matching.Ask(track="builders", time_zone="Africa/Lagos")

    ranked = matching.rank([emptier, fuller, track], ask, now=NOW)

    assert [s.mentor.pk for s in ranked] == [1, 3, 2]


@pytest.mark.django_db
def test_suggestions_leave_out_full_and_paused_mentors_and_the_member_themself():
    viewer = UserFactory()
    open_mentor = make_mentor(skills=("Go",))
    full = make_mentor(capacity=1)
    make_mentorship(full)
    paused = make_mentor()
    paused.accepting = False
    paused.save()
    make_mentor(user=viewer)

    found = mentor_suggestions(ask=matching.Ask(skills=("go",), time_zone="Africa/Lagos"), viewer=viewer)

    assert [s.mentor.pk for s in found] == [open_mentor.pk]


# --- Narrowing in SQL, at scale --------------------------------------------------------------


def _full_ranking(ask, viewer):
    """The reference: every open mentor scored in Python, as before the SQL narrowing."""
    from apps.careers.tracks import TRACK_CHOICES
    from apps.mentorship.selectors import mentors_open

    return matching.rank(mentors_open(exclude_user=viewer), ask, now=NOW, track_names=dict(TRACK_CHOICES))


@pytest.mark.django_db
def test_suggestions_leave_out_mentors_sharing_nothing_and_ones_already_asked_or_who_declined():
    from apps.mentorship import services
    from tests.mentorship.factories import make_request

    viewer = UserFactory()
    sharing_track = make_mentor(tracks=("builders",), skills=("Rust",))
    sharing_skill = make_mentor(tracks=("leaders",), skills=("Go",))
    make_mentor(tracks=("leaders",), skills=("Figma",))  # shares nothing
    asked = make_mentor(tracks=("builders",), skills=("Go",))
    make_request(asked, mentee=viewer)
    has = make_mentor(tracks=("builders",), skills=("Go",))
    make_mentorship(has, mentee=viewer)
    declined = make_mentor(tracks=("builders",), skills=("Go",))
    services.mentorship_decline(mentorship=make_request(declined, mentee=viewer), by=declined.user)
    ask = matching.Ask(track="builders", skills=("go",), time_zone="Africa/Lagos")

    found = {s.mentor.pk for s in mentor_suggestions(ask=ask, viewer=viewer, now=NOW)}
    browsing = {
        s.mentor.pk for s in mentor_suggestions(ask=matching.Ask(time_zone="Africa/Lagos"), viewer=viewer)
    }

    assert found == {sharing_track.pk, sharing_skill.pk}
    assert asked.pk not in browsing and has.pk not in browsing and declined.pk not in browsing
    assert len(browsing) == 3  # with nothing asked for, every open mentor the member has not asked


@pytest.mark.django_db
def test_many_mentors_cost_the_same_queries_and_the_bounded_candidates_keep_the_best(
    django_assert_num_queries, monkeypatch
):
    from apps.mentorship import selectors

    viewer = UserFactory()
    ask = matching.Ask(track="builders", skills=("python", "go", "sql"), time_zone="Africa/Lagos")
    kinds = [
        (("builders",), ("Python", "Go", "SQL")),  # 1.0 of track and skills
        (("builders",), ("Python", "Go")),
        (("leaders",), ("Python", "Go", "SQL")),
        (("builders",), ("Figma",)),
        (("leaders",), ("Python",)),
        (("leaders",), ("Figma",)),  # shares nothing: never a candidate
    ]
    for n in range(60):
        tracks, skills = kinds[n % len(kinds)]
        mentor = make_mentor(tracks=tracks, skills=skills, capacity=5, slots=((1, time(18, 0)),))
        for _ in range(n % 3):
            make_mentorship(mentor)

    with django_assert_num_queries(2):  # the candidates, their weekly times
        few = mentor_suggestions(ask=ask, viewer=viewer, now=NOW)
    for _ in range(30):
        make_mentor(tracks=("leaders",), skills=("Figma",))
    for _ in range(10):
        make_mentor(tracks=("builders",), skills=("Python",))
    monkeypatch.setattr(selectors, "SUGGESTION_CANDIDATES", 15)
    with django_assert_num_queries(2):
        bounded = mentor_suggestions(ask=ask, viewer=viewer, now=NOW)

    reference = _full_ranking(ask, viewer)
    assert len(few) == 50 and len(bounded) == 15
    assert [(s.mentor.pk, s.score) for s in bounded] == [(s.mentor.pk, s.score) for s in reference[:15]]
    assert bounded[0].score == 1.0 and bounded[0].reasons[0] == "Mentors the Builders track"
