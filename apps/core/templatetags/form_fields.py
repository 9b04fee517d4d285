"""What the form field templates in templates/tailwind/ need to write a control inline.

Rendering a field through crispy-tailwind and Django's widget templates nests five to nine
templates per field (field, select, select_option and attrs once per option, help text,
errors, required mark, Django's text/input/attrs). A 20-field form rendered ~190 templates,
most of its cost. Here a field is classified once, and the control's attributes come from
the same `Widget.get_context()` Django's own templates use, so each field is one template.
"""

from __future__ import annotations

import html
from typing import Any

from django import forms, template
from django.conf import settings
from django.forms.boundfield import BoundField
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Input types a person types into: they take the shared `.input` look.
TEXT_ENTRY_TYPES = frozenset(
    {"text", "email", "url", "number", "password", "tel", "search", "date", "datetime-local", "time"}
)


@register.filter
def field_kind(field: BoundField) -> str:
    """Which template in templates/tailwind/fields/ draws this field: "hidden", "checkbox",
    "choices" (radios or checkboxes in a fieldset), "select", "text" (text-like inputs and
    textareas), "file", or "widget" (anything else, e.g. reCAPTCHA: drawn by its own widget)."""
    widget = field.field.widget
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.RadioSelect):  # CheckboxSelectMultiple is one too
        return "choices"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea) or (
        isinstance(widget, forms.widgets.Input) and widget.input_type in TEXT_ENTRY_TYPES
    ):
        return "text"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "widget"


def _css_class(widget: forms.Widget, extra: str) -> str:
    # The class crispy-forms has always given a control: the widget's own, its lowercased
    # class name (textinput, emailinput…; never for a <select>) and our component class.
    own = widget.attrs.get("class", "")
    if not isinstance(widget, forms.Select):
        name = widget.__class__.__name__.lower()
        name = getattr(settings, "CRISPY_CLASS_CONVERTERS", {}).get(name, name)
        if not own:
            own = name
        elif name not in own:
            own = f"{own} {name}"
    return " ".join(part for part in (own, extra) if part)


@register.filter
def field_parts(field: BoundField, css_class: str = "") -> dict[str, Any]:
    """Everything a field template writes, read from the bound field once: a template then
    looks up keys of a dict instead of properties of a BoundField (each of those lookups first
    fails as an index). `widget` is the context Django's widget template would get, its
    attributes built as `BoundField.as_widget()` builds them (required, aria-invalid,
    aria-describedby, id), `css_class` added to the control's class; it is built only when a
    class is asked for (a widget drawn by itself needs none). A group of radios or checkboxes
    gets `rows` instead."""
    widget = field.field.widget
    parts = {
        "id": field.auto_id,
        "label": field.label,
        "label_for": field.id_for_label,
        "required": field.field.required,
        "errors": field.errors,
        "help_text": field.help_text,
    }
    if isinstance(widget, forms.RadioSelect):
        parts.update(
            rows=_choice_rows(field),
            type=widget.input_type,
            name=field.html_name,
            describedby=field.aria_describedby,
        )
        return parts
    if not css_class:
        return parts
    if field.field.localize:
        widget.is_localized = True
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    attrs["class"] = _css_class(widget, css_class)
    if isinstance(widget, forms.Select):
        parts["widget"] = _select_context(widget, field.html_name, field.value(), attrs)
    else:
        parts["widget"] = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    return parts


def _select_context(widget: forms.Select, name: str, value: Any, attrs: dict[str, Any]) -> dict[str, Any]:
    """What select.html needs of a <select>: Django's `get_context()` would build a dict of
    attributes for every option (`optgroups`), which cost a 400-option time zone list ~5 ms;
    here the options are written as one string, selected as Django selects them."""
    attrs = widget.build_attrs(widget.attrs, attrs)
    if widget.allow_multiple_selected:
        attrs["multiple"] = True
    return {"name": name, "attrs": attrs, "options": select_options_html(widget, value)}


def _option_html(value: str, label: Any, *, selected: bool) -> str:
    mark = " selected" if selected else ""
    return f'<option value="{_escaped(value)}"{mark}>{_escaped(label)}</option>'


def _escaped(value: Any) -> str:
    # conditional_escape, without its per-call overhead (a long list has hundreds of options).
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


@register.simple_tag
def choice_options(choices, selected: Any = None, first: str = "") -> SafeString:
    """{% choice_options pairs form.field.value "All technologies" %}: the <option>s of a
    hand-written filter <select>, from (value, label) pairs or {"key", "name"} dicts, the one
    equal to `selected` (compared as text) selected; `first` adds an empty option labelled
    so. A template loop over a long list (hundreds of technologies) costs milliseconds."""
    wanted = "" if selected is None else str(selected)
    out = [f'<option value="">{_escaped(first)}</option>'] if first else []
    for choice in choices:
        value, label = (choice["key"], choice["name"]) if isinstance(choice, dict) else choice
        text = "" if value is None else str(value)
        out.append(_option_html(text, label, selected=text == wanted))
    return mark_safe("".join(out))


def select_options_html(widget: forms.Select, value: Any) -> SafeString:
    """The <option>s (and <optgroup>s) of a select: values and labels escaped, the options
    matching `value` selected (only the first one, unless the select takes several)."""
    formatted = widget.format_value(value)
    # Select gives a list of strings; NullBooleanSelect a single string.
    wanted = {formatted} if isinstance(formatted, str) else set(formatted)
    several = widget.allow_multiple_selected
    found = False
    out: list[str] = []

    def option(choice: Any, label: Any) -> str:
        nonlocal found
        text = "" if choice is None else str(choice)
        selected = text in wanted and (several or not found)
        found = found or selected
        return _option_html(text, label, selected=selected)

    for choice, label in widget.choices:
        if isinstance(label, (list, tuple)):
            out.append(f'<optgroup label="{conditional_escape(choice)}">')
            out.extend(option(sub_choice, sub_label) for sub_choice, sub_label in label)
            out.append("</optgroup>")
        else:
            out.append(option(choice, label))
    # Every value and label is escaped above.
    return mark_safe("".join(out))


@register.filter
def html_attrs(attrs: dict[str, Any]) -> SafeString:
    """` name="value"` pairs as Django's django/forms/widgets/attrs.html writes them: True as
    a bare name, False left out, everything else escaped."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(f" {name}")
        elif value is not False and value is not None:
            parts.append(f' {name}="{conditional_escape(value)}"')
    # Names are the widget's own and every value is escaped above; format_html per attribute
    # cost a long form ~2 ms.
    return mark_safe("".join(parts))


def _choice_rows(field: BoundField) -> list[tuple[str, str, bool, str]]:
    """(value, label, checked, id) for each option of a group of radios or checkboxes, the
    value compared as text once per field rather than once per option in the template. Ids
    count from 1 after the field's name (id_topics_1), as these templates always wrote them."""
    value = field.value()
    if value is None:
        chosen = {""}  # an empty choice, if offered, is the one picked
    elif isinstance(value, (list, tuple, set)):
        chosen = {str(v) for v in value}
    else:
        chosen = {str(value)}
    prefix = f"id_{field.html_name}_"
    return [
        (str(choice), str(label), str(choice) in chosen, f"{prefix}{number}")
        for number, (choice, label) in enumerate(field.field.choices, start=1)
    ]
