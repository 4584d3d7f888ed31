"""Classifying a strategic approach heading, spelt as the plan prints it, under the five stages.

The plan's tables spell one heading four ways ("Enforce: Disrupt and Prosecute", "Enforce (disrupt and prosecute)",
"Enforce (disrupt & prosecute)", "Enforce: (disrupt and prosecute)") and merge two stages under "Intervene & Support".
The heading stays as written on the objective; these codes drive its `stages`.
"""

import re

# Stage codes in the plan's order (they are the primary keys of priorities.StrategicStage).
STAGE_CODES = ["prevent", "identify", "support", "intervene", "enforce"]

# Words that qualify a stage without naming another one: "Enforce (disrupt and prosecute)".
_QUALIFIERS = {"and", "disrupt", "prosecute"}


def stages_for_heading(heading: str) -> list[str]:
    """Return the stage codes a heading names, in the plan's stage order; ValueError naming an unknown heading."""
    words = re.findall(r"[a-z]+", (heading or "").lower().replace("&", " and "))
    stages = {word for word in words if word in STAGE_CODES}
    unknown = [word for word in words if word not in STAGE_CODES and word not in _QUALIFIERS]
    if {"disrupt", "prosecute"} & set(words):
        # "disrupt and prosecute" is how the plan describes Enforce; it never appears under another stage.
        stages.add("enforce")
    if not stages or unknown:
        raise ValueError(f"Unknown strategic approach heading: {heading!r}")
    return [code for code in STAGE_CODES if code in stages]
