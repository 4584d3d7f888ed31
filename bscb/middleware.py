"""Project middleware."""

import time

from django.conf import settings
from django.http import HttpResponse
from django.urls import Resolver404, resolve

TOO_LARGE_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Request too large</title></head>
<body>
<h1>Request too large</h1>
<p>What you sent is larger than this service accepts. Go back and try again with less.</p>
</body>
</html>
"""


class PermissionsPolicyMiddleware:
    """Every response says which browser features the service never uses (`settings.PERMISSIONS_POLICY`).

    Django's SecurityMiddleware sets the other security headers but has no setting for this one."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "PERMISSIONS_POLICY", "")

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        return response


class RequestBodyLimitMiddleware:
    """Refuse a request whose declared body is larger than the service accepts, before anything reads it.

    The limit is `settings.MAX_REQUEST_BODY_BYTES`, or for the URLs named in `settings.UPLOAD_URL_BODY_LIMITS`
    (matched by resolved URL name, e.g. "onboarding:plan_import") the limit given there. The answer is a 413 with a
    small page built here: no session, database or template is touched. A body without CONTENT_LENGTH (chunked) is
    read by Django as empty, so the declared length is the one that matters.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.default_limit = settings.MAX_REQUEST_BODY_BYTES
        self.upload_limits = dict(getattr(settings, "UPLOAD_URL_BODY_LIMITS", {}))

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # as Django itself reads it
        if length > self.default_limit and length > self.limit_for(request):
            response = HttpResponse(TOO_LARGE_PAGE, status=413, content_type="text/html; charset=utf-8")
            # The CSP and frame middleware sit below this one: the page gets the strictest policy here.
            response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
            return response
        return self.get_response(request)

    def limit_for(self, request) -> int:
        if not self.upload_limits:
            return self.default_limit
        try:
            name = resolve(request.path_info, getattr(request, "urlconf", None)).view_name
        except Resolver404:
            return self.default_limit
        return self.upload_limits.get(name, self.default_limit)


class NoStoreForSignedInMiddleware:
    """Signed-in pages carry safeguarding data: never let a browser or proxy cache them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response


class TrustedProxyMiddleware:
    """The client's address behind the council's reverse proxies: REMOTE_ADDR becomes the address that the outermost
    trusted proxy saw, read from X-Forwarded-For. Each of the TRUSTED_PROXY_COUNT proxies appends the address it
    received the request from, so the client's is the entry that many places from the end; anything to its left was
    written by the client and is never believed. With no trusted proxy (the default) the header is ignored.

    django-axes (the sign-in lockout, keyed on username and address) and the audit log both read REMOTE_ADDR, so both
    see the person's address, not the proxy's."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.count = settings.TRUSTED_PROXY_COUNT

    def __call__(self, request):
        if self.count:
            forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
            forwarded = [part for part in forwarded if part]
            if len(forwarded) >= self.count:
                request.META["REMOTE_ADDR"] = forwarded[-self.count]
        return self.get_response(request)


class SessionRefreshMiddleware:
    """Keeps a signed-in session alive while it is used, writing it at most once a minute.

    Sessions end after SESSION_COOKIE_AGE idle seconds (two hours): each save moves the row's expiry to now + the age.
    Django's SESSION_SAVE_EVERY_REQUEST would save it on every request, a transaction and an UPDATE of the session row
    per page (3 of the ~12 queries of a cached page, issue 19). Instead this notes when it last refreshed the session
    (SESSION_REFRESH_SECONDS, 60 by default) and marks the session modified only when that is older, so Django's
    SessionMiddleware saves it then and only then: the idle timeout is the same two hours, give or take a minute.

    After SessionMiddleware and AuthenticationMiddleware in MIDDLEWARE (it reads `request.user`, which loads the
    session the page has loaded anyway); it does nothing for a visitor who is not signed in."""

    KEY = "_refreshed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is None or session.modified or user is None or not user.is_authenticated:
            return response
        now = int(time.time())
        if now - session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
            session[self.KEY] = now  # marks it modified: SessionMiddleware saves it with a new expiry
        return response
