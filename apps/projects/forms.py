from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model

from apps.core.uploads import PROJECT_COVER, validate_image_upload
from apps.projects.models import Project, ProjectMember, Task
from apps.projects.selectors import SORTS, TaskFilters


class ProjectForm(forms.ModelForm):
    technologies_text = forms.CharField(
        label="Technologies",
        required=False,
        max_length=500,
        help_text="Separate with commas, e.g. Python, Django, HTMX.",
    )
    image_upload = forms.FileField(
        label="Cover image",
        required=False,
        help_text="JPEG, PNG, WebP or GIF, up to 2 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )

    wanted_skills_text = forms.CharField(
        label="Required skills",
        required=False,
        max_length=500,
        help_text="What contributors should know, separated by commas. Shown when it looks for contributors.",
    )

    class Meta:
        model = Project
        fields = [
            "title", "summary", "category", "description", "repository_url", "demo_url",
            "project_type", "difficulty", "starts_on", "ends_on", "capacity", "visibility", "status",
            "looking_for_contributors", "task_prefix",
        ]  # fmt: skip
        help_texts = {
            "description": "Markdown works here.",
            "summary": "One line for the project card.",
            "task_prefix": "Tasks are numbered with it: DT-1, DT-2… Commits name tasks this way.",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 10}),
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "visibility": forms.RadioSelect,
        }

    # Workspace settings a plain showcase post may leave out: they keep their current value
    # (or the default for a new project).
    OPTIONAL_WITH_DEFAULT = ("project_type", "difficulty", "visibility", "status", "task_prefix")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in self.OPTIONAL_WITH_DEFAULT:
            self.fields[name].required = False

    def clean(self):
        data = super().clean()
        for name in self.OPTIONAL_WITH_DEFAULT:
            if name in data and not data[name]:
                current = getattr(self.instance, name, None) if self.instance.pk else None
                data[name] = current or Project._meta.get_field(name).get_default()
                setattr(self.instance, name, data[name])
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end comes on or after the start.")
        return data

    def clean_wanted_skills_text(self) -> list[str]:
        names = [n.strip() for n in self.cleaned_data.get("wanted_skills_text", "").split(",") if n.strip()]
        if any(len(n) > 50 for n in names):
            raise forms.ValidationError("Each skill name can be at most 50 characters.")
        return names

    def clean_image_upload(self):
        upload = self.cleaned_data.get("image_upload")
        if not upload:
            return None
        return validate_image_upload(upload, max_bytes=settings.PROJECTS_IMAGE_MAX_BYTES, kind=PROJECT_COVER)

    def clean_technologies_text(self) -> list[str]:
        names = [n.strip() for n in self.cleaned_data.get("technologies_text", "").split(",") if n.strip()]
        if any(len(n) > 50 for n in names):
            raise forms.ValidationError("Each technology name can be at most 50 characters.")
        return names


class InviteForm(forms.Form):
    handle = forms.CharField(label="Member handle", max_length=31, help_text="For example @ada_dev.")
    role = forms.ChoiceField(
        label="Role",
        choices=[(r, ProjectMember.Role(r).label) for r in ("developer", "reviewer", "lead")],
        initial="developer",
    )


class JoinAskForm(forms.Form):
    message = forms.CharField(
        label="Why you want to join",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional: what you would like to work on, what you know.",
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label="Role", choices=[(r, ProjectMember.Role(r).label) for r in ("lead", "developer", "reviewer")]
    )


class TaskForm(forms.ModelForm):
    labels_text = forms.CharField(
        label="Labels", required=False, max_length=330, help_text="Separate with commas, e.g. bug, frontend."
    )
    assignees = forms.ModelMultipleChoiceField(
        label="Assignees", required=False, queryset=None, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Task
        fields = ["title", "description", "status", "priority", "due_on"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "due_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignees"].queryset = (
            get_user_model().objects.filter(project_memberships__project=project).order_by("handle")
        )
        self.fields["assignees"].label_from_instance = lambda m: f"@{m.handle}"
        if self.instance.pk and not self.is_bound:
            self.initial["labels_text"] = ", ".join(label.name for label in self.instance.labels.all())
            self.initial["assignees"] = [m.pk for m in self.instance.assignees.all()]

    def clean_labels_text(self) -> list[str]:
        names = [n.strip() for n in self.cleaned_data.get("labels_text", "").split(",") if n.strip()]
        if any(len(n) > 30 for n in names):
            raise forms.ValidationError("Each label can be at most 30 characters.")
        if len(names) > 10:
            raise forms.ValidationError("A task can have at most 10 labels.")
        return names


class TaskMoveForm(forms.Form):
    status = forms.ChoiceField(label="Column", choices=Task.Status.choices)
    index = forms.IntegerField(label="Position", required=False, min_value=0, max_value=100_000)
    # The drag-and-drop script names the card it dropped before (or after, at the end of a
    # list): right on a filtered board, where an index would count hidden cards.
    before = forms.IntegerField(required=False, min_value=1)
    after = forms.IntegerField(required=False, min_value=1)


class TaskFilterForm(forms.Form):
    assignee = forms.CharField(label="Assignee", required=False, max_length=31)
    label = forms.CharField(label="Label", required=False, max_length=30)
    priority = forms.ChoiceField(
        label="Priority", required=False, choices=[("", "Any priority"), *Task.Priority.choices]
    )

    def filters(self) -> TaskFilters:
        if not self.is_valid():
            return TaskFilters()
        data = self.cleaned_data
        return TaskFilters(
            assignee=data["assignee"].strip().lstrip("@"),
            label=data["label"].strip(),
            priority=data["priority"],
        )


class GitHubForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["github_repo", "github_branches", "github_pr_opened_status", "github_pr_merged_status"]
        help_texts = {"github_repo": "For example diceytech/website."}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        columns = [("", "Do not move them"), *Task.Status.choices]
        for name in ("github_pr_opened_status", "github_pr_merged_status"):
            self.fields[name] = forms.ChoiceField(
                label=self.fields[name].label,
                required=False,
                choices=columns,
                help_text=self.fields[name].help_text,
            )


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    category = forms.ChoiceField(
        label="Category", required=False, choices=[("", "All categories"), *Project.Category.choices]
    )
    tech = forms.CharField(label="Technology", required=False, max_length=50)
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[("new", "Newest"), ("liked", "Most liked"), ("featured", "Featured")],
    )

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"sort": "new"}
        data = self.cleaned_data
        sort = data.get("sort") if data.get("sort") in SORTS else "new"
        return {
            "q": data["q"].strip(),
            "category": data["category"],
            "technology": data["tech"].strip().casefold(),
            "sort": sort,
        }
