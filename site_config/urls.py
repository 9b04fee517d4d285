from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.decorators.cache import cache_page

from apps.careers import urls as careers_urls
from apps.core import media
from apps.core import views as core_views
from apps.core.benchmark import views as bench_views
from apps.profiles import urls as profiles_urls
from site_config import seo, views
from site_config.me import member_home
from site_config.sitemaps import SITEMAPS

# The sitemap reads whole tables: crawlers get a copy at most an hour old.
SITEMAP_CACHE_SECONDS = 3600
# The profile page combines several apps, so the project serves it, in the profiles namespace
# beside the app's own pages.
PROFILES_PATTERNS = [path("u/<str:handle>/", views.profile_detail, name="detail"), *profiles_urls.urlpatterns]
# The quiz result's next steps come from several apps: the project serves it in the careers
# namespace too.
CAREERS_PATTERNS = [path("result/<int:pk>/", views.careers_result, name="result"), *careers_urls.urlpatterns]

urlpatterns = [
    path("", views.home, name="home"),
    path("me/", member_home, name="me"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("metrics", core_views.metrics, name="metrics"),
    path("privacy/", core_views.privacy, name="privacy"),
    path("robots.txt", seo.robots_txt, name="robots-txt"),
    path("favicon.ico", seo.favicon_ico, name="favicon"),
    path("sitemap.xml", cache_page(SITEMAP_CACHE_SECONDS)(seo.sitemap_index), name="sitemap-index"),
    path(
        "sitemap-<str:section>.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    # Share cards (og:image), next to the pages they stand for.
    path("hackathons/<slug:slug>/card.png", seo.hackathon_card, name="card-hackathon"),
    path("jobs/<int:pk>/card.png", seo.job_card, name="card-job"),
    path("posts/<int:pk>/card.png", seo.post_card, name="card-post"),
    path("u/<str:handle>/card.png", seo.profile_card, name="card-profile"),
    path("img-proxy/", core_views.image_proxy, name="image-proxy"),
    path("admin/", admin.site.urls),
    path("accounts/", include("apps.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("events/", include("apps.events.urls")),
    path("exports/", include("apps.exports.urls")),
    path("hackathons/", include("apps.hackathons.urls")),
    path("jobs/", include("apps.jobs.urls")),
    path("projects/", include("apps.projects.urls")),
    path("learn/", include("apps.learning.urls")),
    path("certificates/", include("apps.learning.certificate_urls")),
    path("hooks/", include("apps.projects.hook_urls")),
    path("notifications/", include("apps.notifications.urls")),
    path("live/", include("apps.core.live.urls")),
    path("careers/", include((CAREERS_PATTERNS, "careers"))),
    path("mentor/", include("apps.mentor.urls")),
    # Programs own /programs/…, /cohorts/…, /director/ and /sponsor/<org>/.
    path("", include("apps.programs.urls")),
    path("api/mentor/v1/", include("apps.mentor.api_urls")),
    path("mentors/", include("apps.mentorship.urls")),
    path("coaching/", include("apps.mentorship.coaching_urls")),
    path("staff/", include("apps.accounts.staff_urls")),
    path("staff/events/", include("apps.events.staff_urls")),
    path("staff/jobs/", include("apps.jobs.staff_urls")),
    path("staff/moderation/", include("apps.community.staff_urls")),
    path("staff/mentor/", include("apps.mentor.staff_urls")),
    path("staff/careers/", include("apps.careers.staff_urls")),
    path("staff/mail/", include("apps.mailer.staff_urls")),
    # Profiles (/u/<handle>/, /settings/profile/, /leaderboard/) and community (/feed/,
    # /posts/…, /tags/…) own top-level paths.
    path("", include((PROFILES_PATTERNS, "profiles"))),
    path("", include("apps.community.urls")),
]

if settings.BENCH_MODE:
    urlpatterns.insert(0, path("__bench__/bare", bench_views.bare, name="bench-bare"))

if settings.SERVE_MEDIA:
    urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media.media_file, name="media"))
