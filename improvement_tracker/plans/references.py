"""Find where an update's words refer to another action: "See action 16 below".

Pure. The words are history and are never rewritten; when they are written, each
reference is resolved to the action it then meant, and the tracker links to that action
wherever it has since moved (docs/decisions/0010). References are text as action numbers
are (docs/decisions/0038): "action 1.2" means action 1.2, never action 1 (ADR 0044).
"""

import re

from improvement_tracker.plans.numbering import clean_reference, reference_problem

# "action" and a reference as plans write them: 16, 1.2, C1.1.1, 3-1, 4(a); at least one
# digit, so "action plan" is no reference. A closing full stop ends the sentence.
ACTION_REFERENCE = re.compile(
    r"\b(action\s+(?:number\s+|no\.?\s*)?)"
    r"((?=[A-Za-z]*\d)[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+)*(?:\([A-Za-z0-9]+\))?)"
    r"(?![A-Za-z0-9(])",
    re.IGNORECASE,
)


def written_reference(match: re.Match[str]) -> str:
    """The reference a match of ACTION_REFERENCE gives, as the action's number is kept."""
    return clean_reference(match[2])


def referenced_numbers(*texts: str) -> list[str]:
    """The action references the texts make, each once, in the order first mentioned."""
    found = (written_reference(m) for text in texts for m in ACTION_REFERENCE.finditer(text))
    return list(dict.fromkeys(r for r in found if reference_problem(r) is None))
