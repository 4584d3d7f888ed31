import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every evidence test stores its files in a folder of its own, removed by pytest."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
