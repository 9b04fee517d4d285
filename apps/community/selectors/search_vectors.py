"""Full-text search vectors: the migrations and services build from these."""

from __future__ import annotations


def post_search_vector():
    """Title weighted A above body B; stored in Post.search_vector by the services."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector("title", weight="A", config="english") + SearchVector(
        "body", weight="B", config="english"
    )


def comment_search_vector():
    from django.contrib.postgres.search import SearchVector

    return SearchVector("body", config="english")
