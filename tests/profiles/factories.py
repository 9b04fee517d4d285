from __future__ import annotations

import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from apps.profiles.models import Education, Experience, Profile, Skill
from tests.accounts.factories import UserFactory


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill

    name = factory.Sequence(lambda n: f"Skill {n}")
    key = factory.LazyAttribute(lambda o: o.name.casefold())
    category = Skill.Category.LANGUAGE


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    headline = "Backend developer"
    bio = "I build **things**."
    location = "Ogbomoso"
    github_url = "https://github.com/example"


class ExperienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Experience

    profile = factory.SubFactory(ProfileFactory)
    title = "Engineer"
    company = "Acme"
    start_date = datetime.date(2020, 1, 1)
    end_date = datetime.date(2022, 1, 1)


class EducationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Education

    profile = factory.SubFactory(ProfileFactory)
    school = "LAUTECH"
    degree = "BSc Computer Science"
    start_date = datetime.date(2014, 9, 1)
    end_date = datetime.date(2018, 7, 1)


def image_upload(
    name: str = "photo.png", *, size: tuple[int, int] = (600, 400), fmt: str = "PNG"
) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 90)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def png_disguised_html(name: str = "evil.png") -> SimpleUploadedFile:
    """An HTML page that starts with the PNG signature: sniffers that read the first bytes
    would take it for an image."""
    body = b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>"
    return SimpleUploadedFile(name, body, content_type="image/png")
