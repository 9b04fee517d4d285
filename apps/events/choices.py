"""Answer choices on the OTEI forms (values are stored; labels are shown)."""

from __future__ import annotations

GENDER_CHOICES = [
    ("female", "Female"),
    ("male", "Male"),
    ("prefer_not", "Prefer not to say"),
]
YEARS_EXPERIENCE_CHOICES = [
    ("0", "Less than a year"),
    ("1-2", "1-2 years"),
    ("3-5", "3-5 years"),
    ("6-10", "6-10 years"),
    ("10+", "More than 10 years"),
]
PARTICIPANT_CATEGORY_CHOICES = [
    ("student", "Student"),
    ("founder", "Startup founder"),
    ("developer", "Developer / engineer"),
    ("designer", "Designer"),
    ("entrepreneur", "Business owner"),
    ("investor", "Investor"),
    ("professional", "Corporate professional"),
    ("public_sector", "Government / NGO"),
    ("other", "Other"),
]
INTEREST_AREA_CHOICES = [
    ("ai_data", "AI & data"),
    ("fintech", "Fintech"),
    ("agritech", "Agritech"),
    ("software", "Software development"),
    ("product_design", "Product & design"),
    ("funding", "Funding & investment"),
    ("marketing", "Digital marketing"),
    ("cybersecurity", "Cybersecurity"),
    ("hardware", "Hardware & IoT"),
]
FULL_ATTENDANCE_CHOICES = [
    ("all", "Yes, every day"),
    ("some", "Some sessions only"),
    ("unsure", "Not sure yet"),
]
HEAR_ABOUT_CHOICES = [
    ("social", "Social media"),
    ("whatsapp", "WhatsApp group"),
    ("friend", "A friend or colleague"),
    ("campus", "My school or campus"),
    ("radio", "Radio or TV"),
    ("other", "Somewhere else"),
]
ORG_TYPE_CHOICES = [
    ("startup", "Startup"),
    ("sme", "Small or medium business"),
    ("corporate", "Corporate"),
    ("ngo", "NGO / foundation"),
    ("government", "Government agency"),
    ("academic", "University or school"),
    ("other", "Other"),
]
SPONSOR_INTEREST_CHOICES = [
    ("visibility", "Brand visibility"),
    ("talent", "Hiring talent"),
    ("launch", "Product launch"),
    ("speaking", "A speaking slot"),
    ("community", "Community impact"),
    ("networking", "Networking with founders"),
]
INDUSTRY_CHOICES = [
    ("software", "Software & apps"),
    ("hardware", "Hardware & electronics"),
    ("fintech", "Fintech"),
    ("agritech", "Agritech"),
    ("education", "Education"),
    ("health", "Health"),
    ("fashion", "Fashion & crafts"),
    ("food", "Food & drinks"),
    ("other", "Other"),
]
AGE_RANGE_CHOICES = [
    ("18-24", "18-24"),
    ("25-34", "25-34"),
    ("35-44", "35-44"),
    ("45+", "45 or older"),
]
VOLUNTEER_AREA_CHOICES = [
    ("registration", "Registration desk"),
    ("logistics", "Logistics & setup"),
    ("technical", "Technical / AV"),
    ("media", "Social media & photography"),
    ("ushering", "Ushering & guest care"),
    ("speakers", "Speaker support"),
]
AVAILABILITY_CHOICES = [
    ("yes", "Yes"),
    ("partly", "Partly"),
    ("no", "No"),
]
BRIEFING_CHOICES = [
    ("yes", "Yes"),
    ("maybe", "Maybe"),
    ("no", "No"),
]
