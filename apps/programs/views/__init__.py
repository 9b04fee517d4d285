"""Views for programs.

`public`: the program list and page, applying, a member's applications.
`cohorts`: the cohort home, missions and handing work in, downloads.
`staff`: directors' and mentors' pages (decisions, missions, review queue, dashboards).
"""
