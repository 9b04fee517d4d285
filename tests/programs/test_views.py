"""The pages: who may see them, what they answer to bad input, and their rate limits."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.programs.models import Application, CohortMembership, MissionSubmission, Review
from apps.programs.services import SubmissionData, submission_create
from tests.accounts.factories import UserFactory
from tests.jobs.factories import pdf_bytes
from tests.programs.factories import CohortFactory, MissionFactory, ProgramFactory, apply, enrol, make_mentor

pytestmark = pytest.mark.django_db

GOOD = {
    "motivation": "I want to ship a production Django service with a mentor.",
    "availability": "8 h a week, WAT",
}


def _apply_url(cohort):
    return reverse("programs:program-apply", args=[cohort.program.slug])


def test_visitors_see_published_programs_and_their_cohorts(client, cohort):
    hidden = ProgramFactory(is_published=False, title="Secret program")

    listing = client.get(reverse("programs:program-list")).content.decode()
    detail = client.get(reverse("programs:program-detail", args=[cohort.program.slug]))

    assert cohort.program.title in listing and "Secret program" not in listing
    assert detail.status_code == 200 and cohort.name in detail.content.decode()
    assert client.get(reverse("programs:program-detail", args=[hidden.slug])).status_code == 404


def test_applying_sends_the_application(member_client, cohort):
    response = member_client.post(
        _apply_url(cohort), GOOD | {"cohort": cohort.pk, "links": "https://github.com/ada"}
    )

    assert response.status_code == 302
    application = Application.objects.get(applicant=member_client.user)
    assert application.links == "https://github.com/ada" and application.status == "pending"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"motivation": "short"}, "at least 30 characters"),
        ({"motivation": "x" * 3001}, "at most 3000 characters"),
        ({"links": "javascript:alert(1)"}, "is not a web address"),
        ({"links": "\n".join(f"https://e.com/{n}" for n in range(6))}, "5 links at most"),
        ({"availability": ""}, "This field is required"),
        ({"cohort": "999999"}, "Select a valid choice"),
        ({"motivation": "I want to learn \x00 a lot about Django and ship it."}, "Null characters"),
    ],
)
def test_bad_applications_are_answered_with_a_message(member_client, cohort, changes, message):
    response = member_client.post(_apply_url(cohort), GOOD | {"cohort": cohort.pk} | changes)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Application.objects.exists()


def test_a_second_application_shows_the_first(member_client, cohort):
    apply(cohort, member_client.user)

    response = member_client.get(_apply_url(cohort))

    assert "You have already applied" in response.content.decode()


def test_a_limited_application_keeps_what_was_typed(member_client, settings, db):
    settings.PROGRAMS_APPLY_RATE = "1/h"
    first, second = CohortFactory(), CohortFactory()
    member_client.post(_apply_url(first), GOOD | {"cohort": first.pk})

    response = member_client.post(_apply_url(second), GOOD | {"cohort": second.pk})

    assert response.status_code == 429
    assert GOOD["motivation"] in response.content.decode()
    assert Application.objects.count() == 1


def test_hostile_motivation_is_shown_as_text_to_reviewers(client, cohort, director):
    user = UserFactory()
    from apps.programs.services import ApplicationData, application_create

    application_create(
        program=cohort.program, cohort=cohort, applicant=user,
        data=ApplicationData(motivation="<script>alert(1)</script> I really want to build things.", availability="<b>x</b>"),
    )  # fmt: skip
    client.force_login(director)

    html = client.get(reverse("programs:application-review", args=[cohort.program.slug])).content.decode()

    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_only_the_programs_directors_review_and_decide(client, cohort, director):
    application = apply(cohort)
    stranger = UserFactory()
    client.force_login(stranger)
    review_url = reverse("programs:application-review", args=[cohort.program.slug])
    decide_url = reverse("programs:application-decide", args=[application.pk])

    assert client.get(review_url).status_code == 404
    assert client.post(decide_url, {"decision": "accept"}).status_code == 404

    client.force_login(director)
    assert client.get(review_url).status_code == 200
    assert client.post(decide_url, {"decision": "accept"}).status_code == 302
    assert CohortMembership.objects.filter(user=application.applicant).exists()


def test_a_bad_decision_value_is_a_message_not_an_error(client, cohort, director):
    application = apply(cohort)
    client.force_login(director)

    response = client.post(
        reverse("programs:application-decide", args=[application.pk]), {"decision": "promote"}, follow=True
    )

    assert response.status_code == 200 and "Choose accept" in response.content.decode()


def test_another_cohorts_learner_gets_404(client, cohort):
    mine = enrol(cohort)
    other = CohortFactory(program=cohort.program)
    outsider = enrol(CohortFactory()).user
    mission = MissionFactory(program=cohort.program, cohort=cohort)
    client.force_login(outsider)

    assert client.get(reverse("programs:cohort-home", args=[cohort.pk])).status_code == 404
    assert client.get(reverse("programs:mission-detail", args=[cohort.pk, mission.pk])).status_code == 404
    client.force_login(mine.user)
    assert client.get(reverse("programs:cohort-home", args=[cohort.pk])).status_code == 200
    assert client.get(reverse("programs:cohort-home", args=[other.pk])).status_code == 404


def test_the_cohort_home_shows_schedule_missions_members_and_announcements(client, cohort):
    from django.utils import timezone

    from apps.programs.models import Announcement, ScheduleItem

    learner = enrol(cohort).user
    MissionFactory(program=cohort.program, title="Ship the API")
    ScheduleItem.objects.create(cohort=cohort, title="Kick-off call", starts_at=timezone.now())
    Announcement.objects.create(cohort=cohort, title="Welcome", body="**Hello** <script>x</script>")
    client.force_login(learner)

    html = client.get(reverse("programs:cohort-home", args=[cohort.pk])).content.decode()

    for text in ("Ship the API", "Kick-off call", "Welcome", "<strong>Hello</strong>", learner.display_name):
        assert text in html
    assert "<script>x</script>" not in html


def test_a_learner_hands_in_a_link_and_sees_the_queue_honestly(client, cohort):
    make_mentor(cohort)
    learner = enrol(cohort).user
    mission = MissionFactory(program=cohort.program)
    client.force_login(learner)
    url = reverse("programs:mission-detail", args=[cohort.pk, mission.pk])

    response = client.post(url, {"link": "https://github.com/ada/shop"}, follow=True)

    html = response.content.decode()
    assert MissionSubmission.objects.get().iteration == 1
    assert "Position <strong data-position>1</strong>" in html
    assert "too few reviews" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [({"link": "javascript:alert(1)"}, "Enter a valid URL"), ({"link": ""}, "This field is required"),
     ({"link": "https://" + "a" * 600 + ".com"}, "at most 500 characters")],
)  # fmt: skip
def test_bad_link_hand_ins_are_answered_with_a_message(client, cohort, data, message):
    learner = enrol(cohort).user
    mission = MissionFactory(program=cohort.program)
    client.force_login(learner)

    response = client.post(reverse("programs:mission-detail", args=[cohort.pk, mission.pk]), data)

    assert response.status_code == 200 and message in response.content.decode()
    assert not MissionSubmission.objects.exists()


def test_files_are_judged_by_their_bytes_like_cvs(client, cohort):
    learner = enrol(cohort).user
    mission = MissionFactory(program=cohort.program, deliverable="file")
    client.force_login(learner)
    url = reverse("programs:mission-detail", args=[cohort.pk, mission.pk])
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile(
        "report.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    refused = client.post(url, {"file": fake})
    real = SimpleUploadedFile("report.pdf", pdf_bytes(), content_type="application/pdf")
    accepted = client.post(url, {"file": real})

    assert refused.status_code == 200 and "Upload a DOCX or PDF file." in refused.content.decode()
    assert accepted.status_code == 302
    submission = MissionSubmission.objects.get()
    assert submission.file_kind == "pdf" and submission.file_name == "report.pdf"


def test_a_handed_in_file_downloads_only_for_its_author_mentors_and_directors(client, cohort, director):
    mentor = make_mentor(cohort)
    learner = enrol(cohort).user
    mission = MissionFactory(program=cohort.program, deliverable="file")
    from django.core.files.uploadedfile import SimpleUploadedFile

    submission = submission_create(
        mission=mission, member=learner,
        data=SubmissionData(file=SimpleUploadedFile("r.pdf", pdf_bytes()), file_kind="pdf", file_name="r.pdf"),
    )  # fmt: skip
    url = reverse("programs:submission-file", args=[submission.pk])
    for user, status in ((learner, 200), (mentor, 200), (director, 200), (UserFactory(), 404)):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status
        if status == 200:
            assert response["Content-Disposition"].startswith("attachment")
            assert response["Cache-Control"] == "private, no-store"


def test_a_mentor_reviews_from_the_queue_and_the_learner_sees_it(client, cohort):
    mentor = make_mentor(cohort)
    learner = enrol(cohort).user
    mission = MissionFactory(program=cohort.program)
    submission = submission_create(
        mission=mission, member=learner, data=SubmissionData(link="https://e.com/x")
    )
    client.force_login(mentor)

    queue = client.get(reverse("programs:review-queue")).content.decode()
    response = client.post(
        reverse("programs:review-create", args=[submission.pk]),
        {"score_0": "1", "score_1": "0", "comment": "Works; *rename* things.", "verdict": "changes"},
    )

    assert mission.title in queue and response.status_code == 302
    assert Review.objects.get().points == 6
    client.force_login(learner)
    html = client.get(reverse("programs:mission-detail", args=[cohort.pk, mission.pk])).content.decode()
    assert "Changes requested" in html and "<em>rename</em>" in html and "Hand in iteration 2" in html


def test_an_incomplete_review_is_answered_with_a_message(client, cohort):
    mentor = make_mentor(cohort)
    submission = submission_create(
        mission=MissionFactory(program=cohort.program),
        member=enrol(cohort).user,
        data=SubmissionData(link="https://e.com"),
    )
    client.force_login(mentor)

    response = client.post(
        reverse("programs:review-create", args=[submission.pk]), {"score_0": "7", "verdict": "maybe"}
    )

    assert response.status_code == 200
    assert "There are" in response.content.decode()
    assert not Review.objects.exists()


def test_another_mentor_cannot_open_a_submission(client, cohort):
    make_mentor(cohort)
    submission = submission_create(
        mission=MissionFactory(program=cohort.program),
        member=enrol(cohort).user,
        data=SubmissionData(link="https://e.com"),
    )
    client.force_login(make_mentor(CohortFactory()))

    assert client.get(reverse("programs:review-create", args=[submission.pk])).status_code == 404


def test_button_posts_are_rate_limited(client, settings, cohort):
    settings.PROGRAMS_WRITE_RATE = "1/h"
    user = UserFactory()
    a, b = apply(cohort, user), apply(CohortFactory(), user)
    client.force_login(user)

    client.post(reverse("programs:application-withdraw", args=[a.pk]))
    response = client.post(reverse("programs:application-withdraw", args=[b.pk]))

    assert response.status_code == 429


def test_director_and_sponsor_pages_need_a_role(client, cohort):
    client.force_login(UserFactory())

    assert client.get(reverse("programs:director")).status_code == 404
    assert client.get(reverse("programs:sponsor", args=[cohort.program.organization.slug])).status_code == 404


def test_a_director_writes_a_draft_then_publishes_it_and_the_rubric_stays(client, cohort, director):
    from apps.programs.models import Mission

    client.force_login(director)
    data = {"title": "Ship it", "brief": "Build **it**.", "due_at": "2030-01-10T10:00", "deliverable": "link",
            "rubric": "Works: No = 0; Yes = 6"}  # fmt: skip
    client.post(reverse("programs:mission-create", args=[cohort.program.slug]), data)
    mission = Mission.objects.get()
    assert not mission.is_published
    edit = reverse("programs:mission-edit", args=[cohort.program.slug, mission.pk])

    client.post(edit, data | {"publish": "1"})
    client.post(edit, data | {"title": "Ship it well", "rubric": "Works: No = 0; Yes = 99"})

    mission.refresh_from_db()
    assert mission.is_published and mission.title == "Ship it well"
    assert mission.rubric[0]["levels"][1]["points"] == 6
    assert "Frozen" in client.get(edit).content.decode()


def test_a_malformed_rubric_is_a_message_on_the_mission_form(client, cohort, director):
    client.force_login(director)

    response = client.post(
        reverse("programs:mission-create", args=[cohort.program.slug]),
        {
            "title": "X",
            "brief": "Y",
            "due_at": "2030-01-10T10:00",
            "deliverable": "link",
            "rubric": "Works: Yes",
        },
    )

    assert response.status_code == 200 and "label = whole points" in response.content.decode()


def test_another_programs_director_cannot_edit_a_mission(client, cohort):
    from tests.programs.factories import make_director

    mission = MissionFactory(program=cohort.program)
    client.force_login(make_director(CohortFactory().program.organization))

    assert (
        client.get(reverse("programs:mission-edit", args=[cohort.program.slug, mission.pk])).status_code
        == 404
    )


def test_a_directors_announcement_shows_on_the_cohort_home_and_notifies_its_people(client, cohort, director):
    from apps.notifications.models import Notification

    learner = enrol(cohort).user
    mentor = make_mentor(cohort)
    outsider = enrol(CohortFactory()).user
    client.force_login(director)

    client.post(
        reverse("programs:announcement-create", args=[cohort.pk]),
        {"title": "Demo day", "body": "On **Friday**."},
    )

    client.force_login(learner)
    assert (
        "<strong>Friday</strong>"
        in client.get(reverse("programs:cohort-home", args=[cohort.pk])).content.decode()
    )
    notified = set(
        Notification.objects.filter(kind="program", verb__contains="Demo day").values_list(
            "recipient", flat=True
        )
    )
    assert notified == {learner.pk, mentor.pk}
    assert outsider.pk not in notified


def test_learners_cannot_post_announcements(client, cohort):
    client.force_login(enrol(cohort).user)

    response = client.post(
        reverse("programs:announcement-create", args=[cohort.pk]), {"title": "Hi", "body": "x"}
    )

    assert response.status_code == 404


def test_an_oversized_file_is_refused_with_a_message(client, cohort, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.PROGRAMS_FILE_MAX_BYTES = 1024
    learner = enrol(cohort).user
    mission = MissionFactory(program=cohort.program, deliverable="file")
    client.force_login(learner)

    big = SimpleUploadedFile("big.pdf", pdf_bytes(4096), content_type="application/pdf")
    response = client.post(reverse("programs:mission-detail", args=[cohort.pk, mission.pk]), {"file": big})

    assert response.status_code == 200 and "the limit is" in response.content.decode()
    assert not MissionSubmission.objects.exists()


def test_a_limited_hand_in_keeps_the_text(client, cohort, settings):
    settings.PROGRAMS_SUBMIT_RATE = "1/h"
    make_mentor(cohort)
    learner = enrol(cohort).user
    first, second = (MissionFactory(program=cohort.program, deliverable="text") for _ in range(2))
    client.force_login(learner)
    client.post(reverse("programs:mission-detail", args=[cohort.pk, first.pk]), {"text": "First answer."})

    response = client.post(
        reverse("programs:mission-detail", args=[cohort.pk, second.pk]), {"text": "Second answer."}
    )

    assert response.status_code == 429 and "Second answer." in response.content.decode()
    assert MissionSubmission.objects.count() == 1


def test_more_seats_from_the_review_page_go_to_the_waiting_list(client, director):
    from apps.programs.models import Cohort

    cohort = CohortFactory(
        capacity=1,
        enrolment_mode=Cohort.Mode.OPEN,
        program__organization=director.organization_memberships.get().organization,
    )
    apply(cohort)
    waiting = apply(cohort)
    client.force_login(director)
    url = reverse("programs:cohort-capacity", args=[cohort.pk])

    client.post(url, {"capacity": "2"})
    bad = client.post(url, {"capacity": "-3"}, follow=True)
    too_few = client.post(url, {"capacity": "0"}, follow=True)

    waiting.refresh_from_db()
    assert waiting.status == "accepted"
    assert "Give the number of seats" in bad.content.decode()
    assert "already taken" in too_few.content.decode()
    cohort.refresh_from_db()
    assert cohort.capacity == 2


def test_only_directors_change_seats(client, cohort):
    client.force_login(enrol(cohort).user)

    assert (
        client.post(reverse("programs:cohort-capacity", args=[cohort.pk]), {"capacity": "50"}).status_code
        == 404
    )


def test_directors_add_and_remove_mentors_and_a_removed_mentors_work_moves_on(client, cohort, director):
    from apps.programs.services import queue_escalate_due

    first = make_mentor(cohort)
    second = UserFactory(handle="mira")
    submission = submission_create(
        mission=MissionFactory(program=cohort.program),
        member=enrol(cohort).user,
        data=SubmissionData(link="https://e.com"),
    )
    client.force_login(director)
    url = reverse("programs:cohort-mentor", args=[cohort.pk])

    client.post(url, {"handle": "@Mira", "on": "1"})
    client.post(url, {"handle": first.handle, "on": "0"})
    unknown = client.post(url, {"handle": "nobody-here", "on": "1"}, follow=True)

    assert list(cohort.mentors.all()) == [second]
    assert "No member has that handle." in unknown.content.decode()
    submission.refresh_from_db()
    assert submission.mentor is None
    queue_escalate_due()
    submission.refresh_from_db()
    assert submission.mentor == second


def test_only_directors_set_mentors(client, cohort):
    client.force_login(enrol(cohort).user)

    response = client.post(reverse("programs:cohort-mentor", args=[cohort.pk]), {"handle": "x", "on": "1"})

    assert response.status_code == 404
