"""Find where an update's words refer to another action: "See action 16 below".

Pure. The words are history and are never rewritten; when they are written, each
number is resolved to the action it then meant, and the tracker links to that action
wherever it has since moved (docs/decisions/0010). Numbers are read as digits and
resolved against the text reference they are written as ("16"); "action 1.2" is no
reference to action 1 (docs/decisions/0038).
"""

import re

# Digits that go on as a layered reference ("1.2", "1-2", "1a") are not "action 1".
ACTION_REFERENCE = re.compile(
    r"\b(action\s+(?:number\s+|no\.?\s*)?)(\d+)\b(?![.\-(]?[A-Za-z0-9])", re.IGNORECASE
)

# No plan numbers its actions this high; a longer run of digits is not a reference.
LARGEST_NUMBER = 99_999


def referenced_numbers(*texts: str) -> list[int]:
    """The action numbers the texts refer to, each once, in the order first mentioned."""
    numbers = (int(match[2]) for text in texts for match in ACTION_REFERENCE.finditer(text))
    return list(dict.fromkeys(n for n in numbers if n <= LARGEST_NUMBER))
