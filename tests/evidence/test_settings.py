"""Where evidence files go, from the environment (bscb/settings/base.py): local files under var/media by default, an
S3-compatible store through django-storages when FILE_STORAGE_BACKEND names it. Read in a fresh interpreter, as a
server reads its environment file at start-up."""

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
READ = (
    "import json, bscb.settings.base as s; "
    "print(json.dumps({'media_root': str(s.MEDIA_ROOT), 'default': s.STORAGES['default'], "
    "'max': s.EVIDENCE_MAX_BYTES, 'media_url': getattr(s, 'MEDIA_URL', '')}))"
)


def settings_with(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("S3_", "MEDIA_", "FILE_STORAGE", "EVIDENCE_"))}
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", READ], cwd=REPO, env={**clean, **env}, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_local_files_under_var_by_default_and_no_public_url():
    found = settings_with()
    assert found["media_root"] == str(REPO / "var" / "media")
    assert found["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {}}
    assert found["max"] == 10 * 1024 * 1024
    assert found["media_url"] == ""


def test_an_s3_compatible_store_from_the_environment():
    found = settings_with(
        FILE_STORAGE_BACKEND="storages.backends.s3.S3Storage",
        S3_BUCKET_NAME="tracker-evidence",
        S3_ENDPOINT_URL="https://minio.example.internal:9000",
        S3_REGION_NAME="eu-west-2",
        MEDIA_ROOT="/srv/tracker-media",
        EVIDENCE_MAX_BYTES="5242880",
    )
    assert found["default"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "tracker-evidence",
            "endpoint_url": "https://minio.example.internal:9000",
            "region_name": "eu-west-2",
            "location": "tracker",
            "default_acl": "private",
            "file_overwrite": False,
        },
    }
    assert found["media_root"] == "/srv/tracker-media"
    assert found["max"] == 5 * 1024 * 1024
