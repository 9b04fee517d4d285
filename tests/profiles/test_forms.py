from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.profiles.forms import EducationFormSet, ExperienceFormSet, ProfileForm
from tests.profiles.factories import image_upload, png_disguised_html

pytestmark = pytest.mark.django_db


def _formset_data(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def _experience(**overrides) -> dict:
    row = {"title": "Dev", "company": "Acme", "start_date": "2021-01-01", "end_date": "2022-01-01"}
    row.update(overrides)
    return row


def test_experience_with_end_after_start_is_valid():
    formset = ExperienceFormSet(_formset_data("exp", [_experience()]), prefix="exp")
    assert formset.is_valid(), formset.errors


def test_experience_ending_before_it_starts_is_rejected():
    formset = ExperienceFormSet(_formset_data("exp", [_experience(end_date="2020-01-01")]), prefix="exp")
    assert not formset.is_valid()
    assert formset.errors[0]["end_date"] == ["The end date must be after the start date."]


def test_current_role_must_not_have_an_end_date():
    formset = ExperienceFormSet(_formset_data("exp", [_experience(is_current="on")]), prefix="exp")
    assert not formset.is_valid()
    assert "Leave the end date empty" in formset.errors[0]["end_date"][0]


def test_current_role_without_end_date_is_valid():
    formset = ExperienceFormSet(
        _formset_data("exp", [_experience(is_current="on", end_date="")]), prefix="exp"
    )
    assert formset.is_valid(), formset.errors


def test_past_role_needs_an_end_date():
    formset = ExperienceFormSet(_formset_data("exp", [_experience(end_date="")]), prefix="exp")
    assert not formset.is_valid()
    assert "Add an end date" in formset.errors[0]["end_date"][0]


def test_blank_extra_row_is_ignored_but_a_half_filled_one_is_not():
    blank = ExperienceFormSet(_formset_data("exp", [{"title": "", "company": ""}]), prefix="exp")
    assert blank.is_valid()
    half = ExperienceFormSet(_formset_data("exp", [{"title": "Dev"}]), prefix="exp")
    assert not half.is_valid()
    assert "company" in half.errors[0] and "start_date" in half.errors[0]


def test_education_row_marked_for_deletion_skips_validation():
    data = _formset_data("edu", [{"id": "7", "school": "", "DELETE": "on"}], initial=1)
    formset = EducationFormSet(data, prefix="edu")
    assert formset.is_valid(), formset.errors


def test_too_many_rows_are_refused():
    data = _formset_data("exp", [_experience() for _ in range(31)])
    formset = ExperienceFormSet(data, prefix="exp")
    assert not formset.is_valid()


def _profile_form(files: dict) -> ProfileForm:
    data = {
        "experience_level": "beginner",
        "links_visibility": "public",
        "experience_visibility": "public",
        "education_visibility": "public",
    }
    return ProfileForm(data, files)


def test_avatar_that_is_a_real_image_passes():
    form = _profile_form({"avatar_upload": image_upload()})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["avatar_upload"].size == (600, 400)


def test_html_file_with_a_png_header_is_rejected_as_avatar():
    form = _profile_form({"avatar_upload": png_disguised_html()})
    assert not form.is_valid()
    assert form.errors["avatar_upload"] == ["This file is not an image we can read."]


def test_avatar_over_two_megabytes_is_rejected():
    big = SimpleUploadedFile(
        "big.png", b"\x89PNG\r\n\x1a\n" + b"0" * (2 * 1024 * 1024 + 1), content_type="image/png"
    )
    form = _profile_form({"avatar_upload": big})
    assert not form.is_valid()
    assert "the limit is 2.0" in form.errors["avatar_upload"][0]


def test_svg_avatar_is_rejected():
    svg = SimpleUploadedFile(
        "a.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', content_type="image/svg+xml"
    )
    form = _profile_form({"avatar_upload": svg})
    assert not form.is_valid()


def test_javascript_url_in_links_is_rejected():
    form = ProfileForm({"experience_level": "beginner", "links_visibility": "public", "experience_visibility": "public",
                        "education_visibility": "public", "github_url": "javascript:alert(1)"})  # fmt: skip
    assert not form.is_valid()
    assert "github_url" in form.errors
