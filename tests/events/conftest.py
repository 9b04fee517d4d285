from __future__ import annotations

import pytest

from tests.events.factories import EventFactory


@pytest.fixture(autouse=True)
def _events_settings(settings):
    """No minimum fill time unless a test asks for one; a known staff inbox."""
    settings.EVENTS_FORM_MIN_SECONDS = 0
    settings.EVENTS_STAFF_EMAILS = ["events-team@example.com"]
    settings.RECAPTCHA_ENABLED = False
    # Members made by factories need no strong hash here; it keeps these tests fast.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def event(db):
    return EventFactory()


def registration_data(**overrides) -> dict:
    """A complete, valid attendee form POST."""
    data = {
        "first_name": "Adeola",
        "last_name": "Ogunleye",
        "email": "adeola@example.com",
        "phone": "0803 123 4567",
        "gender": "female",
        "city": "Ogbomoso",
        "organization_name": "LAUTECH",
        "role": "Student",
        "years_experience": "1-2",
        "participant_categories": ["student", "developer"],
        "interest_areas": ["fintech", "ai_data"],
        "full_attendance": "all",
        "hear_about": "friend",
        "special_requests": "",
        "accessibility_needs": "",
        "pitch_startup": "on",
        "agree_updates": "on",
        "physical_event_ack": "on",
        "started": _started(),
        "nickname": "",
    }
    data.update(overrides)
    return data


def sponsor_data(**overrides) -> dict:
    data = {
        "org_name": "Lagoon Cloud",
        "org_type": "corporate",
        "website": "https://lagoon.example.com",
        "office_address": "4 Ilorin Road, Ogbomoso",
        "contact_person_name": "Tosin Balogun",
        "job_title": "Partnerships lead",
        "contact_email": "tosin@lagoon.example.com",
        "contact_phone": "+234 806 123 4567",
        "sponsor_tier": "Gold",
        "sponsor_budget": "2500000",
        "interests": ["visibility", "talent"],
        "outcomes": "Hire two interns.",
        "confirmed": "on",
        "started": _started(),
    }
    data.update(overrides)
    return data


def exhibitor_data(**overrides) -> dict:
    data = {
        "business_name": "SolarGo",
        "industry_category": "hardware",
        "business_description": "Solar kits for homes.",
        "contact_person_name": "Emeka Eze",
        "contact_email": "emeka@solargo.example.com",
        "contact_phone": "08101234567",
        "exhibition_package": "Standard booth",
        "power_internet_required": "on",
        "compliance_declaration": "on",
        "terms_agreement": "on",
        "started": _started(),
    }
    data.update(overrides)
    return data


def volunteer_data(**overrides) -> dict:
    data = {
        "full_name": "Zainab Bello",
        "age_range": "18-24",
        "email": "zainab@example.com",
        "phone": "07031234567",
        "location": "Ogbomoso",
        "volunteer_area": "registration",
        "skills": "Customer service",
        "available_on_event_date": "yes",
        "briefing_available": "maybe",
        "motivation": "I love my city.",
        "terms": "on",
        "started": _started(),
    }
    data.update(overrides)
    return data


def _started() -> str:
    from apps.events.forms import started_token

    return started_token()
