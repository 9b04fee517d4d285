"""Demo members: `member<N>@example.com` with realistic names, plus demo@example.com and a
staff administrator. Idempotent: members that already exist are left alone."""

from __future__ import annotations

import random
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

SIZES = {"small": 300, "large": 5_000}
BATCH = 1_000
DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "demo-password-123"  # noqa: S105 - demo data, printed by seed_demo
ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "admin-password-123"  # noqa: S105
MEMBER_PASSWORD = "member-password-123"  # noqa: S105

FIRST_NAMES = [
    "Adaeze", "Adebayo", "Adunni", "Aisha", "Amara", "Babajide", "Chidi", "Chiamaka", "Damilola",
    "Efe", "Emeka", "Fatima", "Folake", "Funmi", "Gbenga", "Halima", "Ibrahim", "Ifeoma", "Ikenna",
    "Jide", "Kemi", "Kunle", "Lola", "Musa", "Nkechi", "Nneka", "Obinna", "Olamide", "Oluwaseun",
    "Segun", "Tayo", "Temitope", "Tobi", "Tunde", "Uche", "Wale", "Yemi", "Zainab", "Kwame", "Wanjiru",
    "Thandiwe", "Sipho", "Amina", "Kofi", "Grace", "David", "Sarah", "Daniel", "Esther", "Samuel",
]  # fmt: skip
LAST_NAMES = [
    "Adeyemi", "Okafor", "Balogun", "Eze", "Ogunleye", "Nwosu", "Bello", "Oyelaran", "Okonkwo",
    "Adewale", "Ibrahim", "Olaniyan", "Chukwu", "Afolabi", "Mensah", "Abubakar", "Oladipo", "Uzor",
    "Akinola", "Odukoya", "Ajayi", "Nwachukwu", "Salami", "Onyeka", "Lawal", "Ogundipe", "Obi",
    "Adeleke", "Kamau", "Ndlovu", "Boateng", "Mohammed", "Oyewole", "Fashola", "Ekwueme", "Ogbonna",
]  # fmt: skip


def _name(n: int) -> tuple[str, str]:
    rng = random.Random(n)
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def seed(*, size: str, stdout) -> None:
    User = get_user_model()
    count = SIZES[size]
    wanted = {f"member{n}@example.com": n for n in range(1, count + 1)}
    existing_emails = set(User.objects.filter(email__in=list(wanted)).values_list("email", flat=True))
    taken_handles = {h.lower() for h in User.objects.values_list("handle", flat=True)}
    password = make_password(MEMBER_PASSWORD)  # hashed once: hashing 5,000 times takes minutes
    now = timezone.now()

    new_users = []
    for email, n in wanted.items():
        if email in existing_emails:
            continue
        first, last = _name(n)
        handle = f"{first}_{last}".lower()[:24]
        if handle in taken_handles:
            handle = f"{handle[:24]}{n}"
        taken_handles.add(handle)
        new_users.append(
            User(
                email=email,
                handle=handle,
                first_name=first,
                last_name=last,
                password=password,
                date_joined=now - timedelta(days=random.Random(n).randint(1, 730)),
            )
        )
    for start in range(0, len(new_users), BATCH):
        User.objects.bulk_create(new_users[start : start + BATCH], batch_size=BATCH)
    _verify_addresses(User.objects.filter(email__in=list(wanted)))

    demo = _ensure_user(
        User, email=DEMO_EMAIL, handle="demo", first="Demo", last="Member", password=DEMO_PASSWORD
    )
    admin = _ensure_user(
        User,
        email=ADMIN_EMAIL,
        handle="admin",
        first="Site",
        last="Admin",
        password=ADMIN_PASSWORD,
        staff=True,
    )
    _verify_addresses(User.objects.filter(pk__in=[demo.pk, admin.pk]))

    stdout.write(
        f"accounts: {len(new_users)} new members (of {count}); member<N>@example.com / {MEMBER_PASSWORD}\n"
    )
    stdout.write(f"accounts: log in as {DEMO_EMAIL} / {DEMO_PASSWORD}\n")
    stdout.write(
        f"accounts: staff {ADMIN_EMAIL} / {ADMIN_PASSWORD}; for its second factor run "
        f"`python manage.py staff_bootstrap {ADMIN_EMAIL}` (prints a one-time token)\n"
    )


def _ensure_user(User, *, email: str, handle: str, first: str, last: str, password: str, staff: bool = False):
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user
    if User.objects.filter(handle__iexact=handle).exists():
        handle = f"{handle}_{User.objects.count()}"
    return User.objects.create_user(
        email=email,
        password=password,
        handle=handle,
        first_name=first,
        last_name=last,
        is_staff=staff,
        is_superuser=staff,
    )


def _verify_addresses(users) -> None:
    """allauth's mandatory verification: demo members have a confirmed primary address."""
    have = set(EmailAddress.objects.filter(user__in=users).values_list("user_id", flat=True))
    rows = [
        EmailAddress(user_id=pk, email=email, verified=True, primary=True)
        for pk, email in users.values_list("pk", "email")
        if pk not in have
    ]
    EmailAddress.objects.bulk_create(rows, batch_size=BATCH)
