"""A domain's short label from its heading, as a person would write it (pure).

A heading written in capitals and small letters is kept as its writer wrote it
("Children's services action tracker", "NHS partners", "SEND and inclusion"): its
capitals are theirs to choose. Only a heading in capitals throughout, as trackers print
their domain headings ("DOMAIN 1: HELP AND PROTECTION"), is made readable: each word
capitalised ("Children's", not "Children'S"), short joining words in lower case, and the
abbreviations public bodies use kept in capitals. A heading in small letters alone gets
a capital first letter. Used when the document's Table 1 does not name its domains.
"""

import re

LONGEST_LABEL = 80
# Abbreviations a heading in capitals may hold that stay in capitals when it is made
# readable; any other word in capitals reads as a word ("SAFEGUARDING" -> "Safeguarding").
ABBREVIATIONS = frozenset(
    {
        "A&E", "ASC", "CAMHS", "CCG", "CIN", "CLA", "CP", "CQC", "CSC", "DBS", "EHCP",
        "GP", "HR", "ICB", "ICT", "KPI", "LA", "LAC", "LADO", "LSCB", "LSCP", "MASH",
        "NHS", "RAG", "SAB", "SCR", "SEN", "SEND", "SENCO", "SI", "UK",
    }
)  # fmt: skip
# Joining words in lower case, except as the first word or after a colon or a dash.
_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or",
     "the", "to", "with"}
)  # fmt: skip
# A word's letters between what opens and closes it: "(NHS)" -> "(", "NHS", ")".
_WORD = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)
_STARTS_AGAIN = (":", "-", "–", "—")


def domain_label(title: str) -> str:
    """The label for a domain headed `title`: readable, one line, at most 80 characters,
    and never empty when the title has any text."""
    text = " ".join(title.split())
    if _all_capitals(text):
        text = _readable(text)
    elif not any(character.isupper() for character in text):
        text = text[:1].upper() + text[1:]
    return _shortened(text)


def _all_capitals(text: str) -> bool:
    return any(c.isupper() for c in text) and not any(c.islower() for c in text)


def _readable(text: str) -> str:
    words: list[str] = []
    for token in text.split(" "):
        parts = _WORD.match(token)
        opening, core, closing = parts.groups() if parts else ("", token, "")
        starts = not words or words[-1].endswith(_STARTS_AGAIN)
        if core.upper() in ABBREVIATIONS or any(c.isdigit() for c in core):
            word = core  # "NHS", "1A": as written
        elif core.lower() in _SMALL_WORDS and not starts:
            word = core.lower()
        else:
            word = core.capitalize()  # "CHILDREN'S" -> "Children's", "SELF-CARE" -> "Self-care"
        words.append(f"{opening}{word}{closing}")
    return " ".join(words)


def _shortened(text: str) -> str:
    """At most LONGEST_LABEL characters, cut after a whole word where there is one."""
    if len(text) <= LONGEST_LABEL:
        return text
    head = text[: LONGEST_LABEL + 1]
    cut = head.rsplit(" ", 1)[0].rstrip(" ,;:-–—") if " " in head else ""
    return cut if cut else text[:LONGEST_LABEL].rstrip() or text[:LONGEST_LABEL]
