"""Learning: courses, lessons, exercises checked in a sandbox, progress, verifiable certificates."""
