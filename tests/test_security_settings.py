"""Security headers, CSRF and the production settings."""

import os
import subprocess
import sys

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_signed_in_pages_carry_security_headers(client_for):
    response = client_for("bmg").get("/home/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "'nonce-" in csp and "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cache-Control"] == "no-store"


def test_inline_scripts_carry_the_request_nonce(client_for):
    response = client_for("bmg").get("/home/")
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert response.content.decode().count(f'nonce="{nonce}"') == 2


def test_post_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["bmg"])
    assert client.post("/accounts/sign-out/").status_code == 403


def test_production_settings_pass_the_deploy_check():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "bscb.settings.production",
        "DJANGO_SECRET_KEY": "x" * 20 + "production-check-only-" + "y" * 30,
        "SITE_URL": "https://tracker.example.org",
        "ALLOWED_HOSTS": "tracker.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "bscb.settings.production"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    "missing, message",
    [
        ("SITE_URL", "SITE_URL must be set to the service's address"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS must be set"),
    ],
)
def test_production_refuses_to_start_without_its_address(missing, message):
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("SITE_URL", "ALLOWED_HOSTS")},
        "DJANGO_SETTINGS_MODULE": "bscb.settings.production",
        "DJANGO_SECRET_KEY": "x" * 60,
        "SITE_URL": "https://tracker.example.org",
        "ALLOWED_HOSTS": "tracker.example.org",
    }
    del env[missing]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert message in result.stderr
