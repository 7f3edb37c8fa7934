"""Split an action's lead text into the leads it names, keeping each one's words.

A lead cell such as "Director of Children's Social Care & Director of Corporate and
Commercial" names two leads, while "Director of Corporate & Commercial" names one.
The rule: a new lead starts after '&', 'and' or a comma only where the words that
follow read as a role or an agency (they contain a role word such as Director, Head,
Manager or Police, or are a known partner's abbreviation). Anything else joins the
lead before it. The action keeps the whole text verbatim; leads are an index over it.

Trackers also write a person and their role, "Jane Smith, Director of Children's
Services": a comma after a person's name joins the role to it, and in a cell written so,
the next person's name after '&' or 'and' starts the next lead. A cell of several lines
(one per sub-action) names each line's leads; a line starting in lower case continues
the line before it.
"""

import re

ROLE_WORDS = frozenset(
    {
        "Adviser",
        "Advisor",
        "Board",
        "Ceo",
        "Cex",
        "Chair",
        "Chief",
        "Commissioner",
        "Council",
        "Director",
        "Doctor",
        "Ex",
        "Head",
        "Lead",
        "Manager",
        "Officer",
        "Partnership",
        "Police",
        "Services",
        "Team",
    }
)

# Abbreviations that stand for a partner agency on their own after '&' or 'and'
# ("Director of Early Help & SSCP"); after a comma, or when not listed, an
# abbreviation joins the lead before it ("Head of Service, YOS", "Permanence & CLA").
PARTNER_ABBREVIATIONS = frozenset({"CCG", "DAS", "ICB", "LSCB", "SSCP"})

_SEPARATOR = re.compile(r"(\s*&\s*|\s+and\s+|,\s*)")


def split_leads(text: str) -> list[str]:
    leads: list[str] = []
    for line in text.splitlines():
        words = " ".join(line.split())
        if not words:
            continue
        if leads and words[0].islower():
            leads[-1] += " " + words
            continue
        leads += _split_line(words)
    return leads


def _split_line(words: str) -> list[str]:
    pieces = _SEPARATOR.split(words)
    leads: list[str] = []
    named = False  # the cell gives people with their roles: "Jane Smith, Director"
    for index in range(0, len(pieces), 2):
        piece = pieces[index]
        if not piece:
            continue
        after = pieces[index - 1] if index else ""
        if leads and after.strip() == "," and _is_name(leads[-1].rpartition(", ")[2]):
            named = named or _has_role_word(piece)
            leads[-1] += after + piece
        elif leads and not (_reads_as_lead(piece, after=after) or (named and _is_name(piece))):
            leads[-1] += after + piece
        else:
            leads.append(piece)
    return leads


def lead_key(name: str) -> str:
    """Two spellings that differ only in case or spacing are the same lead."""
    return " ".join(name.split()).casefold()


def _reads_as_lead(words: str, *, after: str) -> bool:
    tokens = re.findall(r"[A-Za-z]+", words)
    if not tokens or not words[0].isupper():
        return False
    if _has_role_word(words):
        return True
    return "," not in after and tokens[0] in PARTNER_ABBREVIATIONS


def _has_role_word(words: str) -> bool:
    return any(token.capitalize() in ROLE_WORDS for token in re.findall(r"[A-Za-z]+", words))


_TITLES = r"(?:(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Cllr|Councillor)\.?\s+)?"
_NAME_PART = r"(?:[A-Z]['’]|Ma?c)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"  # O'Neill, McKay, Lee-Smith
_NAME = re.compile(rf"^{_TITLES}{_NAME_PART}(?:\s+{_NAME_PART}){{1,3}}$")


def _is_name(words: str) -> bool:
    """Reads as a person's name: two to four capitalised words, perhaps after a title,
    with no role word in them ("Jane Smith", "Dr Ann O'Neill")."""
    return bool(_NAME.match(words)) and not _has_role_word(words)
