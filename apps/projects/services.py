from __future__ import annotations


def project_publish_from_hackathon(
    *,
    source_key: str,
    hackathon,
    title: str,
    description: str,
    repository_url: str,
    demo_url: str,
    technologies: list[str],
    creator,
    collaborators: list,
):
    """Create or update the showcase project for a hackathon submission (idempotent on
    `source_key`, e.g. "hackathon-submission:42"), so it appears on its members' profiles."""
    return None
