"""Local development: DEBUG on, a secret generated once into var/, emails printed to the console."""

import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = True
VAR_DIR.mkdir(exist_ok=True)
_secret_file = VAR_DIR / "secret_key"
if not _secret_file.exists():
    _secret_file.write_text(secrets.token_urlsafe(50))
SECRET_KEY = _secret_file.read_text().strip()
