"""Split an action's lead text into the leads it names, keeping each one's words.

A lead cell such as "Director of Children's Social Care & Director of Corporate and
Commercial" names two leads, while "Director of Corporate & Commercial" names one.
The rule: a new lead starts after '&', 'and' or a comma only where the words that
follow read as a role or an agency (they contain a role word such as Director, Head,
Manager or Police, or are a known partner's abbreviation). Anything else joins the
lead before it. The action keeps the whole text verbatim; leads are an index over it.
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
    pieces = _SEPARATOR.split(" ".join(text.split()))
    leads: list[str] = []
    for index in range(0, len(pieces), 2):
        piece = pieces[index]
        if not piece:
            continue
        if leads and not _reads_as_lead(piece, after=pieces[index - 1]):
            leads[-1] += pieces[index - 1] + piece
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
    if any(token.capitalize() in ROLE_WORDS for token in tokens):
        return True
    return "," not in after and tokens[0] in PARTNER_ABBREVIATIONS
