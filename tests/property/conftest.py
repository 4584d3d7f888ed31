from tests.security.conftest import _module_world, sworld  # noqa: F401 (the same populated world)
