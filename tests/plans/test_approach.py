"""stages_for_heading: every spelling the plan prints, and unknown headings refused by name."""

import pytest

from priorities.approach import STAGE_CODES, stages_for_heading


@pytest.mark.parametrize(
    ("heading", "codes"),
    [
        ("Prevent", ["prevent"]),
        ("Identify", ["identify"]),
        ("Support", ["support"]),
        ("Intervene", ["intervene"]),
        ("Intervene & Support", ["support", "intervene"]),
        ("Intervene and Support", ["support", "intervene"]),
        ("Enforce: Disrupt and Prosecute", ["enforce"]),
        ("Enforce (disrupt and prosecute)", ["enforce"]),
        ("Enforce (disrupt & prosecute)", ["enforce"]),
        ("Enforce: (disrupt and prosecute)", ["enforce"]),
        ("Enforce (Disrupt and Prosecute)", ["enforce"]),
        ("Disrupt and Prosecute", ["enforce"]),
        ("  PREVENT ", ["prevent"]),
    ],
)
def test_classifies_every_spelling(heading, codes):
    assert stages_for_heading(heading) == codes


@pytest.mark.parametrize("heading", ["", "Protect", "Prevent and Educate", "Enforce: arrest", None])
def test_unknown_heading_is_refused_by_name(heading):
    with pytest.raises(ValueError, match="Unknown strategic approach heading") as error:
        stages_for_heading(heading)
    assert repr(heading) in str(error.value)


def test_codes_match_the_stage_rows(db):
    from priorities.models import StrategicStage

    assert list(StrategicStage.objects.values_list("code", flat=True)) == STAGE_CODES
