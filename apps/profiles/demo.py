"""Demo profiles for the members the accounts demo created: headlines, bios, skills,
experience and education. Idempotent: members who already have a profile are left alone."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from apps.profiles.models import Education, Experience, Profile, Skill
from apps.profiles.services import skill_key

BATCH = 1_000
SKILLS = {
    Skill.Category.LANGUAGE: ["Python", "JavaScript", "TypeScript", "Go", "Rust", "Java", "Kotlin", "Swift", "PHP", "C#", "Dart", "SQL"],
    Skill.Category.FRAMEWORK: ["Django", "React", "Vue", "Next.js", "Flutter", "Laravel", "Spring Boot", "FastAPI", "Express", "Tailwind CSS", "HTMX", "React Native"],
    Skill.Category.TOOL: ["Docker", "Kubernetes", "AWS", "Git", "PostgreSQL", "Redis", "Linux", "Terraform", "Firebase", "GitHub Actions"],
    Skill.Category.DATA: ["Machine learning", "Pandas", "TensorFlow", "PyTorch", "Data analysis", "Power BI", "NLP"],
    Skill.Category.DESIGN: ["Figma", "UI design", "UX research", "Accessibility"],
    Skill.Category.BUSINESS: ["Product management", "Technical writing", "Public speaking", "Agile"],
}  # fmt: skip
HEADLINES = [
    "Backend developer who likes boring, reliable systems", "Frontend engineer focused on accessibility",
    "Mobile developer building for low-bandwidth users", "Data scientist turning messy data into decisions",
    "Full-stack developer and hackathon regular", "Student learning to build for the web",
    "DevOps engineer automating everything twice", "Product designer who codes a little",
    "Machine learning engineer working on agritech", "Fintech engineer, payments and ledgers",
]  # fmt: skip
CITIES = [
    "Ogbomoso",
    "Lagos",
    "Ibadan",
    "Abuja",
    "Port Harcourt",
    "Ilorin",
    "Accra",
    "Nairobi",
    "Kigali",
    "Remote",
]
COMPANIES = [
    "Paystack",
    "Flutterwave",
    "Andela",
    "Interswitch",
    "Kuda",
    "Moniepoint",
    "Cowrywise",
    "Helium Health",
    "Farmcrowdy",
    "a local startup",
]
ROLES = [
    "Software engineer",
    "Backend developer",
    "Frontend developer",
    "Data analyst",
    "Intern",
    "Mobile developer",
    "DevOps engineer",
    "Product designer",
]
SCHOOLS = [
    "LAUTECH",
    "University of Ibadan",
    "OAU Ile-Ife",
    "University of Lagos",
    "Covenant University",
    "FUTA",
    "AltSchool Africa",
]
DEGREES = [
    "BSc Computer Science",
    "BTech Computer Engineering",
    "BSc Information Systems",
    "HND Computer Science",
    "Software engineering diploma",
]
BIO = (
    "I build things for the web and care about **clean code** and fast pages on slow networks.\n\n"
    "Currently exploring {skill} and looking for people to build with at the next hackathon."
)


def skills_ensure() -> list[Skill]:
    existing = {s.key: s for s in Skill.objects.all()}
    new = [
        Skill(name=name, key=skill_key(name), category=category)
        for category, names in SKILLS.items()
        for name in names
        if skill_key(name) not in existing
    ]
    Skill.objects.bulk_create(new, ignore_conflicts=True)
    keys = [skill_key(name) for names in SKILLS.values() for name in names]
    return list(Skill.objects.filter(key__in=keys))


@transaction.atomic
def seed(*, size: str, stdout) -> None:
    skills = skills_ensure()
    users = list(
        get_user_model()
        .objects.filter(is_active=True, profile__isnull=True)
        .order_by("pk")
        .only("pk", "email")
    )
    rng = random.Random(8)
    today = datetime.date.today()
    created = 0
    for start in range(0, len(users), BATCH):
        batch = users[start : start + BATCH]
        profiles = []
        for user in batch:
            n = user.pk
            handle_ish = user.email.split("@")[0]
            profiles.append(
                Profile(
                    user=user,
                    headline=rng.choice(HEADLINES),
                    bio=BIO.format(skill=rng.choice(skills).name),
                    location=rng.choice(CITIES),
                    experience_level=rng.choice(Profile.Level.values),
                    github_url=f"https://github.com/{handle_ish}",
                    linkedin_url=f"https://www.linkedin.com/in/{handle_ish}" if n % 2 else "",
                    portfolio_url=f"https://{handle_ish}.dev" if n % 5 == 0 else "",
                    open_to_work=n % 3 == 0,
                    experience_visibility="members" if n % 7 == 0 else "public",
                )
            )
        Profile.objects.bulk_create(profiles)
        profiles = list(Profile.objects.filter(user__in=batch))
        through = Profile.skills.through
        links, experiences, educations = [], [], []
        for profile in profiles:
            for skill in rng.sample(skills, rng.randint(2, 7)):
                links.append(through(profile_id=profile.pk, skill_id=skill.pk))
            start_year = today.year - rng.randint(1, 8)
            for i in range(rng.randint(1, 3)):
                begin = datetime.date(start_year + i * 2, rng.randint(1, 12), 1)
                current = i == 0 and rng.random() < 0.6
                end = None if current else min(begin + datetime.timedelta(days=rng.randint(180, 700)), today)
                if begin > today:
                    break
                experiences.append(
                    Experience(profile=profile, title=rng.choice(ROLES), company=rng.choice(COMPANIES), start_date=begin,
                               end_date=end, is_current=current, description="Shipped features and fixed what broke.")
                )  # fmt: skip
            if rng.random() < 0.8:
                begin = datetime.date(start_year - 4, 9, 1)
                educations.append(
                    Education(profile=profile, school=rng.choice(SCHOOLS), degree=rng.choice(DEGREES), start_date=begin,
                              end_date=datetime.date(start_year, 7, 1))
                )  # fmt: skip
        through.objects.bulk_create(links, ignore_conflicts=True)
        Experience.objects.bulk_create(experiences)
        Education.objects.bulk_create(educations)
        created += len(profiles)
    stdout.write(f"profiles: {created} new profiles, {len(skills)} skills")
