from __future__ import annotations

from django.urls import path

from apps.careers import staff_views

app_name = "careers_staff"

urlpatterns = [
    path("", staff_views.overview, name="overview"),
    path("v<int:number>/items/", staff_views.items, name="items"),
]
