import pytest

from tests.budget.builders import budget_of


@pytest.fixture
def budget(world):
    """Appendix 2 on the home board of the persona world (2014/15 Q3 is the open quarter, Q1 and Q2 are closed)."""
    return budget_of(world)
