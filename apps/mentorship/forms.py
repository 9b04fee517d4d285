from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from django import forms

from apps.careers.tracks import TRACK_CHOICES
from apps.mentorship import matching, times
from apps.mentorship.models import AvailabilitySlot, Goal, Habit
from apps.mentorship.services import GoalData, MentorData, ReflectionData, RequestData
from apps.profiles.services import skill_key

MAX_SKILLS = 15


@cache
def zone_choices() -> list[tuple[str, str]]:
    zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))
    return [(z, z.replace("_", " ")) for z in zones]


def _split(value: str) -> list[str]:
    return list(dict.fromkeys(part.strip() for part in (value or "").split(",") if part.strip()))


class TimeZoneField(forms.ChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Your time zone")
        super().__init__(choices=zone_choices, **kwargs)


class SkillsField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "Separated by commas, e.g. Python, Django, SQL.")
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        names = _split(value)
        if len(names) > MAX_SKILLS:
            raise forms.ValidationError(f"Name at most {MAX_SKILLS} skills.")
        if any(len(name) > 50 for name in names):
            raise forms.ValidationError("A skill name is at most 50 characters.")
        return names


class FindForm(forms.Form):
    """The GET form on the mentor list: bad values are dropped, never an error page."""

    track = forms.ChoiceField(label="Track", required=False, choices=[("", "Any track"), *TRACK_CHOICES])
    skills = SkillsField(label="Skills you want")
    tz = TimeZoneField(required=False)

    def to_ask(self, *, default_tz: str) -> matching.Ask:
        if not self.is_bound:
            return matching.Ask(time_zone=default_tz)
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return matching.Ask(
            track=data.get("track") or "",
            skills=tuple(skill_key(s) for s in data.get("skills") or ()),
            time_zone=data.get("tz") or default_tz,
        )


class RequestForm(forms.Form):
    goal = forms.CharField(
        label="What do you want to achieve?", max_length=1000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A sentence or two the mentor reads before accepting.",
    )  # fmt: skip
    track = forms.ChoiceField(
        label="Track", required=False, choices=[("", "No particular track"), *TRACK_CHOICES]
    )
    skills_wanted = forms.CharField(label="Skills you want to grow", max_length=300, required=False)
    time_zone = TimeZoneField()

    def to_data(self) -> RequestData:
        d = self.cleaned_data
        return RequestData(
            goal=d["goal"], time_zone=d["time_zone"], track=d["track"], skills_wanted=d["skills_wanted"]
        )


class MentorForm(forms.Form):
    headline = forms.CharField(max_length=120, help_text="One line: what you do and what you can help with.")
    bio = forms.CharField(
        label="About you as a mentor", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Markdown.",
    )  # fmt: skip
    tracks = forms.MultipleChoiceField(
        choices=TRACK_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    skills = SkillsField(label="Skills")
    languages = forms.CharField(max_length=200, initial="English", help_text="Separated by commas.")
    time_zone = TimeZoneField()
    capacity = forms.IntegerField(label="How many mentees at most", min_value=1, max_value=20, initial=5)
    accepting = forms.BooleanField(
        label="Show me in suggestions and accept requests", required=False, initial=True
    )

    @classmethod
    def initial_for(cls, mentor) -> dict:
        return {
            "headline": mentor.headline,
            "bio": mentor.bio,
            "tracks": mentor.tracks,
            "skills": ", ".join(t["name"] for t in mentor.skill_tags),
            "languages": mentor.languages,
            "time_zone": mentor.time_zone,
            "capacity": mentor.capacity,
            "accepting": mentor.accepting,
        }

    def to_data(self) -> MentorData:
        d = self.cleaned_data
        return MentorData(
            headline=d["headline"], time_zone=d["time_zone"], bio=d["bio"], tracks=d["tracks"],
            skill_names=d["skills"], languages=d["languages"], capacity=d["capacity"], accepting=d["accepting"],
        )  # fmt: skip


class SlotForm(forms.Form):
    weekday = forms.TypedChoiceField(label="Day", coerce=int, choices=AvailabilitySlot.Weekday.choices)
    start_time = forms.TimeField(
        label="Starts at (your time)", input_formats=["%H:%M"], widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Enter a time as hours and minutes, such as 18:30."},
    )  # fmt: skip
    minutes = forms.TypedChoiceField(
        label="Length", coerce=int, choices=[(30, "30 minutes"), (45, "45 minutes"), (60, "1 hour"), (90, "1½ hours")],
        initial=45,
    )  # fmt: skip


class BookForm(forms.Form):
    starts_at = forms.CharField(label="Time", max_length=40)
    agenda = forms.CharField(label="What would you like to talk about?", max_length=300, required=False)

    def clean_starts_at(self):
        moment = times.parse_moment(self.cleaned_data["starts_at"])
        if moment is None:
            raise forms.ValidationError("Choose one of the times shown.")
        return moment


class RescheduleForm(BookForm):
    reason = forms.CharField(label="A word for the other side (optional)", max_length=300, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label="A word for the other side (optional)", max_length=300, required=False)


class EndForm(forms.Form):
    note = forms.CharField(
        label="A kind word to close with (optional)", max_length=500, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class DeclineForm(forms.Form):
    reason = forms.CharField(label="A short reason (optional)", max_length=500, required=False)


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Your note", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    rating = forms.TypedChoiceField(
        label="How useful was it?", required=False, coerce=int, empty_value=None,
        choices=[("", "No rating"), (5, "5: very useful"), (4, "4"), (3, "3"), (2, "2"), (1, "1: not useful")],
    )  # fmt: skip


class TimeZoneForm(forms.Form):
    time_zone = TimeZoneField()


class GoalForm(forms.Form):
    title = forms.CharField(label="Goal", max_length=160)
    target_date = forms.DateField(
        label="Target date", widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date, such as 2027-03-31."},
    )  # fmt: skip
    why = forms.CharField(label="Why it matters (optional)", max_length=1000, required=False,
                          widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    milestones = forms.CharField(
        label="Milestones (optional)", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line.",
    )  # fmt: skip

    def to_data(self) -> GoalData:
        d = self.cleaned_data
        lines = [line for line in d["milestones"].splitlines() if line.strip()]
        return GoalData(title=d["title"], target_date=d["target_date"], why=d["why"], milestones=lines)


class MilestoneForm(forms.Form):
    title = forms.CharField(label="New milestone", max_length=160)


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Goal.Status.choices)


class HabitForm(forms.Form):
    name = forms.CharField(label="Habit", max_length=120)
    cadence = forms.ChoiceField(label="How often", choices=Habit.Cadence.choices)


class ReflectionForm(forms.Form):
    went_well = forms.CharField(label="What went well this week?", max_length=2000, required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    was_hard = forms.CharField(label="What was hard?", max_length=2000, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    next_focus = forms.CharField(label="What will you focus on next week?", max_length=2000, required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    shared_with_mentor = forms.BooleanField(
        label="Share this reflection with my mentors", required=False,
        help_text="Private by default: only you see it unless you tick this.",
    )  # fmt: skip

    def to_data(self) -> ReflectionData:
        d = self.cleaned_data
        return ReflectionData(
            went_well=d["went_well"], was_hard=d["was_hard"], next_focus=d["next_focus"],
            shared_with_mentor=d["shared_with_mentor"],
        )  # fmt: skip
