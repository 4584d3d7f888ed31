"""Full links for emails and printed instructions: SITE_URL (e.g. https://tracker.example.org) and a path. SITE_URL
is required in production (bscb/settings/production.py); elsewhere it may be empty and the path is used alone."""

from django.conf import settings


def absolute_url(path: str) -> str:
    return f"{getattr(settings, 'SITE_URL', '').rstrip('/')}{path}"
