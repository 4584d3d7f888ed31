"""Run the test OpenID provider: `python -m tests.sso_provider.serve --port P --redirect-uri URI --users JSON`.

Migrates its own SQLite database, makes its signing key, registers the application as a confidential client (code
flow, RS256, no consent screen) and the given users, prints READY, then serves until it is stopped."""

import argparse
import json
import os
import sys


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--redirect-uri", required=True)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    parser.add_argument("--users", default="[]", help='JSON list of {"username", "password", "email", "first", "last"}')
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.sso_provider.settings"
    os.environ["SSO_PROVIDER_URL"] = f"http://127.0.0.1:{args.port}"
    os.environ["SSO_PROVIDER_DB"] = args.db

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.core.servers.basehttp import WSGIServer, run
    from django.core.wsgi import get_wsgi_application
    from oidc_provider.models import Client, ResponseType

    call_command("migrate", verbosity=0)
    call_command("creatersakey", stdout=open(os.devnull, "w"))  # noqa: SIM115
    client = Client.objects.create(
        name="Plan tracker",
        client_type="confidential",
        client_id=args.client_id,
        client_secret=args.client_secret,
        jwt_alg="RS256",
        require_consent=False,
    )
    client.redirect_uris = [args.redirect_uri]
    client.save()
    client.response_types.add(ResponseType.objects.get(value="code"))
    for person in json.loads(args.users):
        get_user_model().objects.create_user(
            username=person["username"],
            password=person["password"],
            email=person["email"],
            first_name=person["first"],
            last_name=person["last"],
        )
    print("READY", flush=True)
    sys.stdout.flush()
    run("127.0.0.1", args.port, get_wsgi_application(), threading=True, server_cls=WSGIServer)


if __name__ == "__main__":
    main()
