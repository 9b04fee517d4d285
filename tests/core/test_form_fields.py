"""Form fields rendered through crispy-forms use templates/tailwind/: every message and hint
is tied to its control, and groups of options are announced with their question."""

from __future__ import annotations

import re

from django import forms
from django.template import Context, Template
from django.test.html import parse_html
from django.test.signals import template_rendered


class SignUpForm(forms.Form):
    name = forms.CharField(help_text="As on your ID.")
    topics = forms.MultipleChoiceField(
        choices=[("ai", "AI"), ("web", "Web")], widget=forms.CheckboxSelectMultiple
    )
    size = forms.ChoiceField(choices=[("s", "Small"), ("m", "Medium")], widget=forms.RadioSelect)
    city = forms.ChoiceField(choices=[("", "Choose"), ("oyo", "Oyo")])
    agree = forms.BooleanField(label="I agree")


def render(form: forms.Form) -> str:
    return Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))


def ids_described_by(html: str, control_id: str) -> list[str]:
    tag = re.search(rf'<[^>]*\bid="{control_id}"[^>]*>', html).group(0)
    return re.search(r'aria-describedby="([^"]+)"', tag).group(1).split()


def test_each_error_and_hint_is_the_element_its_control_is_described_by():
    form = SignUpForm(data={})
    form.is_valid()
    html = render(form)

    for described in ids_described_by(html, "id_name"):
        assert f'id="{described}"' in html
    assert ids_described_by(html, "id_name") == ["id_name_helptext", "id_name_error"]
    assert 'aria-invalid="true"' in re.search(r'<input[^>]*id="id_name"[^>]*>', html).group(0)
    assert ids_described_by(html, "id_city") == ["id_city_error"]
    assert 'id="id_city_error"' in html
    assert 'class="field-error">This field is required.' in html


def test_groups_of_options_are_a_fieldset_named_by_its_legend():
    form = SignUpForm(data={"topics": ["web"], "size": "m"})
    form.is_valid()
    html = render(form)

    assert 'for=""' not in html
    topics = re.search(r'<fieldset id="div_id_topics".*?</fieldset>', html, re.S).group(0)
    assert re.search(r"<legend[^>]*>Topics", topics)
    assert re.search(r'<input type="checkbox"[^>]*value="web" checked>', topics)
    assert 'for="id_topics_1">AI</label>' in topics
    size = re.search(r'<fieldset id="div_id_size".*?</fieldset>', html, re.S).group(0)
    assert re.search(r'<input type="radio"[^>]*value="m" checked', size)


def test_what_a_person_typed_stays_in_the_field_after_an_error():
    form = SignUpForm(data={"name": "<b>Ada</b>", "city": "oyo"})
    form.is_valid()
    html = render(form)

    assert 'value="&lt;b&gt;Ada&lt;/b&gt;"' in html
    assert re.search(r'<option value="oyo"[^>]*selected', html)
    assert "<b>Ada</b>" not in html


def test_a_single_checkbox_sits_before_its_label_and_required_marks_are_hidden_from_readers():
    html = render(SignUpForm())

    agree = re.search(r'<div id="div_id_agree".*?</label>', html, re.S).group(0)
    assert agree.index('type="checkbox"') < agree.index('<label for="id_agree"')
    assert '<span class="ml-0.5 text-red-700 dark:text-red-300" aria-hidden="true">*</span>' in agree
    assert re.search(r'<input[^>]*id="id_agree"[^>]*required|<input[^>]*required[^>]*id="id_agree"', html)


class EveryKindForm(forms.Form):
    name = forms.CharField()
    notes = forms.CharField(widget=forms.Textarea, required=False)
    city = forms.ChoiceField(choices=[("", "Choose"), ("oyo", "Oyo"), ("lagos", "Lagos")])
    agree = forms.BooleanField()
    topics = forms.MultipleChoiceField(
        choices=[("ai", "AI"), ("web", "Web")], widget=forms.CheckboxSelectMultiple
    )
    size = forms.ChoiceField(choices=[("s", "Small"), ("m", "Medium")], widget=forms.RadioSelect)
    cv = forms.FileField(required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)


def test_each_field_is_drawn_by_one_template_of_its_kind_with_nothing_included():
    rendered: list[str] = []

    def record(sender, template, **kwargs):
        rendered.append(template.name or "")

    form = EveryKindForm(data={"city": "oyo"})
    form.is_valid()
    template_rendered.connect(record)
    try:
        html = render(form)
    finally:
        template_rendered.disconnect(record)

    # No template per option; Django's own widget templates draw only the hidden input.
    assert sorted(name for name in rendered if name.startswith("tailwind/fields/")) == [
        "tailwind/fields/checkbox.html",
        "tailwind/fields/choices.html",
        "tailwind/fields/choices.html",
        "tailwind/fields/file.html",
        "tailwind/fields/select.html",
        "tailwind/fields/text.html",
        "tailwind/fields/text.html",
    ]
    assert rendered.count("tailwind/field.html") == 8
    assert [name for name in rendered if name.startswith("django/forms/")] == [
        "django/forms/widgets/hidden.html",
        "django/forms/widgets/input.html",
        "django/forms/widgets/attrs.html",
    ]
    page = parse_html(html)
    for control in (
        '<textarea name="notes" cols="40" rows="10" class="textarea input" id="id_notes"></textarea>',
        '<select name="city" class="input" id="id_city" required><option value="">Choose</option>'
        '<option value="oyo" selected>Oyo</option><option value="lagos">Lagos</option></select>',
        '<input type="file" name="cv" class="clearablefileinput file-input" id="id_cv">',
        '<input type="checkbox" name="agree" class="checkboxinput checkbox" required aria-invalid="true"'
        ' aria-describedby="id_agree_error" id="id_agree">',
    ):
        assert page.count(parse_html(control)) == 1, control


class SelectKindsForm(forms.Form):
    grouped = forms.ChoiceField(
        choices=[("", "Pick"), ("Africa", [("lagos", "Lagos"), ("nairobi", "Nairobi")]), ("x&y", "<X & Y>")]
    )
    several = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B"), ("c", "C")])
    number = forms.TypedChoiceField(coerce=int, choices=[(1, "One"), (2, "Two")])
    maybe = forms.NullBooleanField()


def test_selects_write_the_same_options_as_djangos_own_widgets():
    """The options are written in Python, not by Django's per-option templates: groups,
    several choices, numbers, escaping and the selected option must come out as Django's
    widgets write them."""
    form = SelectKindsForm(
        data={"grouped": "nairobi", "several": ["a", "c"], "number": "2", "maybe": "false"}
    )
    form.is_valid()
    html = render(form)
    page = parse_html(html)

    for name in ("grouped", "several", "number", "maybe"):
        ours = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
        django_options = re.search(r"<select[^>]*>(.*)</select>", str(form[name]), re.S).group(1)
        ours_options = re.search(r"<select[^>]*>(.*)</select>", ours, re.S).group(1)
        assert parse_html(ours_options) == parse_html(django_options), name
    assert "<X & Y>" not in html and "&lt;X &amp; Y&gt;" in html
    assert page.count(parse_html('<option value="nairobi" selected>Nairobi</option>')) == 1
    assert re.search(r'<select name="several"[^>]*\bmultiple\b', html)


def test_hand_written_filter_selects_mark_the_chosen_option_and_escape_labels():
    html = Template(
        '{% load form_fields %}{% choice_options pairs chosen "All" %}|{% choice_options techs "go" %}'
    ).render(
        Context({"pairs": [("a", "<A>"), (2, "Two")], "chosen": "2", "techs": [{"key": "go", "name": "Go"}]})
    )

    assert html == (
        '<option value="">All</option><option value="a">&lt;A&gt;</option><option value="2" selected>Two</option>'
        '|<option value="go" selected>Go</option>'
    )
