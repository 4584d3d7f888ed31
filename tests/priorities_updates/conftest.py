import pytest

from tests import factories as f


@pytest.fixture
def group_action(world):
    """An action led by the MASE group, of which Jo Moses (`lead`) is a member."""
    return world.get(
        "group_action",
        lambda w: f.ActionFactory(
            objective=w.objective, order=3, reference="CSE-03", leads=[w.group], responsible_leads="MASE"
        ),
    )
