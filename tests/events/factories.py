from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from apps.events.models import (
    Event,
    ExhibitorApplication,
    Registration,
    SponsorApplication,
    Status,
    VolunteerApplication,
)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    name = factory.Sequence(lambda n: f"OTEI {2027 + n}")
    slug = factory.Sequence(lambda n: f"otei-{2027 + n}")
    tagline = "Ogbomoso Tech & Entrepreneurship Ignite"
    description = "Two days of **talks**, workshops and pitches."
    venue = "LAUTECH Conference Centre"
    city = "Ogbomoso"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=60))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(days=1))
    capacity = 100
    is_published = True
    sponsor_tiers = ["Platinum", "Gold", "Silver"]
    exhibitor_packages = ["Standard booth", "Startup table"]


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    first_name = "Adeola"
    last_name = factory.Sequence(lambda n: f"Ogunleye{n}")
    email = factory.Sequence(lambda n: f"attendee{n}@example.com")
    phone = "+2348031234567"
    gender = "female"
    city = "Ogbomoso"
    participant_categories = ["student"]
    interest_areas = ["fintech"]
    full_attendance = "all"
    hear_about = "friend"
    physical_event_ack = True
    status = Status.SUBMITTED


class SponsorApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SponsorApplication

    event = factory.SubFactory(EventFactory)
    org_name = factory.Sequence(lambda n: f"Sponsor {n} Ltd")
    org_type = "corporate"
    office_address = "12 Ilorin Road, Ogbomoso"
    contact_person_name = "Tosin Balogun"
    job_title = "Marketing lead"
    contact_email = factory.Sequence(lambda n: f"sponsor{n}@example.com")
    contact_phone = "+2348061234567"
    sponsor_tier = "Gold"
    interests = ["visibility"]
    outcomes = "Meet talent."
    confirmed = True
    status = Status.UNDER_REVIEW


class ExhibitorApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExhibitorApplication

    event = factory.SubFactory(EventFactory)
    business_name = factory.Sequence(lambda n: f"Business {n}")
    industry_category = "software"
    business_description = "We make apps."
    contact_person_name = "Emeka Eze"
    contact_email = factory.Sequence(lambda n: f"exhibitor{n}@example.com")
    contact_phone = "+2348101234567"
    exhibition_package = "Standard booth"
    compliance_declaration = True
    terms_agreement = True
    status = Status.UNDER_REVIEW


class VolunteerApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerApplication

    event = factory.SubFactory(EventFactory)
    full_name = factory.Sequence(lambda n: f"Volunteer {n}")
    age_range = "18-24"
    email = factory.Sequence(lambda n: f"volunteer{n}@example.com")
    phone = "+2347031234567"
    location = "Ogbomoso"
    volunteer_area = "registration"
    skills = "Smiling"
    available_on_event_date = "yes"
    briefing_available = "yes"
    motivation = "To help."
    terms = True
    status = Status.UNDER_REVIEW
