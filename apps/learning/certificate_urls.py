from __future__ import annotations

from django.urls import path

from apps.learning import certificate_views

app_name = "certificates"

urlpatterns = [
    path("<str:number>/", certificate_views.certificate_detail, name="certificate-detail"),
    path("<str:number>/pdf/", certificate_views.certificate_pdf, name="certificate-pdf"),
    path("<str:number>/revoke/", certificate_views.certificate_revoke, name="certificate-revoke"),
]
