"""The built assets survive production's collectstatic (issue 14).

Production serves static files through WhiteNoise's CompressedManifestStaticFilesStorage: collectstatic rewrites
every url() in the CSS to a hashed name and stops with MissingFileError when the file it names was not built into
static/dist (the GOV.UK crest did exactly that). The test settings use plain storage, so nothing else runs this.
"""

import json
import re

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_collectstatic_with_the_manifest_storage_hashes_the_css_and_everything_it_refers_to(tmp_path):
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)  # raises on a missing referenced file

    paths = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    assert re.fullmatch(r"css/app\.[0-9a-f]{12}\.css", paths["css/app.css"])
    css = (tmp_path / paths["css/app.css"]).read_text()
    referenced = re.findall(r"""url\(\s*["']?/static/([^"')?#]+)""", css)
    assert referenced, "the GOV.UK styles refer to at least the crest; no reference means the CSS was not built"
    for name in referenced:
        assert name in paths.values(), f"{name} in the collected CSS is not a hashed name"
        assert (tmp_path / name).is_file(), f"{name} is referenced by the collected CSS but was not collected"
