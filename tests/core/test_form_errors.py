"""templates/components/_form_errors.html: the one error summary every form shows, and the
form templates that use it."""

from __future__ import annotations

import re
from pathlib import Path

from django import forms
from django.conf import settings
from django.forms import formset_factory
from django.template.loader import render_to_string


class ContactForm(forms.Form):
    name = forms.CharField(label="Your name")
    email = forms.EmailField()
    started = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("This form was open for too long.")


class RowForm(forms.Form):
    title = forms.CharField()


def summary(**context) -> str:
    return render_to_string("components/_form_errors.html", context)


def test_summary_links_each_field_error_to_its_field():
    html = summary(form=ContactForm({"email": "nope", "started": "x"}))
    assert 'role="alert"' in html
    assert '<a class="underline" href="#id_name">Your name: This field is required.</a>' in html
    assert '<a class="underline" href="#id_email">Email: Enter a valid email address.</a>' in html


def test_summary_lists_whole_form_errors_first_without_a_link():
    html = summary(form=ContactForm({"name": "Ada", "email": "ada@example.com", "started": "x"}))
    assert "<li>This form was open for too long.</li>" in html
    assert "There is a problem" in html


def test_summary_names_no_hidden_field_and_links_nowhere_for_it():
    html = summary(form=ContactForm({"name": "Ada", "email": "ada@example.com"}))
    assert "<li>This field is required.</li>" in html
    assert "#id_started" not in html and "Started" not in html


def test_summary_heading_counts_the_problems_and_takes_focus():
    html = summary(form=ContactForm({"started": "x"}))
    heading = re.search(r"<h2[^>]*>[^<]*</h2>", html).group(0)
    assert 'id="error-summary-title"' in heading and 'tabindex="-1"' in heading
    assert "There are 3 problems" in heading
    assert 'aria-labelledby="error-summary-title"' in html


def test_summary_renders_nothing_without_errors():
    assert summary(form=ContactForm()).strip() == ""
    assert summary().strip() == ""


def test_summary_id_can_be_chosen_when_a_page_shows_two():
    html = summary(form=ContactForm({}), summary_id="reply-errors")
    assert 'id="reply-errors"' in html and 'id="reply-errors-title"' in html


def test_summary_of_a_hand_drawn_field_links_to_its_own_id():
    html = summary(form=RowForm({}), field_id="reply-body-7")
    assert 'href="#reply-body-7"' in html


def test_summary_includes_errors_of_formsets_in_the_same_form():
    rows = formset_factory(RowForm, extra=0)(
        {"row-TOTAL_FORMS": "1", "row-INITIAL_FORMS": "1", "row-0-title": ""}, prefix="row"
    )
    html = summary(form=RowForm({"title": "ok"}), formsets=(rows,))
    assert '<a class="underline" href="#id_row-0-title">Title: This field is required.</a>' in html


def test_every_whole_form_rendered_by_crispy_has_the_summary():
    """crispy's own form-level error list is empty (templates/tailwind/errors.html), so a form
    drawn with |crispy shows its non-field errors only through the component."""
    root = Path(settings.BASE_DIR) / "templates"
    drawn_elsewhere = {"allauth/elements/fields.html"}  # inside allauth/elements/form.html
    missing = [
        name
        for path in root.rglob("*.html")
        if re.search(r"\|crispy\b", text := path.read_text())
        and "components/_form_errors.html" not in text
        and (name := str(path.relative_to(root))) not in drawn_elsewhere | {"tailwind/field.html"}
    ]
    assert missing == []
