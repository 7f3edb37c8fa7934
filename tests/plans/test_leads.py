import pytest

from improvement_tracker.plans.leads import lead_key, split_leads

SPLITS = [
    ("Northumbria Police", ["Northumbria Police"]),
    ("Director of Corporate & Commercial", ["Director of Corporate & Commercial"]),
    ("Director of Corporate and Commercial", ["Director of Corporate and Commercial"]),
    (
        "Director of Children's Social Care & Director of Corporate and Commercial",
        ["Director of Children's Social Care", "Director of Corporate and Commercial"],
    ),
    (
        "Director of Children's Social Care and Northumbria Police",
        ["Director of Children's Social Care", "Northumbria Police"],
    ),
    ("CEx TfC& Service Manager for Localities", ["CEx TfC", "Service Manager for Localities"]),
    (
        "CEx of TfC, CEx of SCC and Improvement Advisor",
        ["CEx of TfC", "CEx of SCC", "Improvement Advisor"],
    ),
    ("CEx, TfC & DAS, SCC", ["CEx, TfC", "DAS, SCC"]),
    ("CEx, TfC", ["CEx, TfC"]),
    ("Head of Service, YOS", ["Head of Service, YOS"]),
    ("Director of Early Help & SSCP", ["Director of Early Help", "SSCP"]),
    ("Service Manager – Permanence & CLA", ["Service Manager – Permanence & CLA"]),
    (
        "Head of Service – Safeguarding & Service Manager for IRO and Performance",
        ["Head of Service – Safeguarding", "Service Manager for IRO and Performance"],
    ),
    (
        "Director of Finance, TfC & Director of Resources, SCC",
        ["Director of Finance, TfC", "Director of Resources, SCC"],
    ),
    (
        "Working group in place, composed of Joint Commissioning, social care and education.",
        ["Working group in place, composed of Joint Commissioning, social care and education."],
    ),
    ("", []),
    # A person and their role, as many trackers write a lead.
    (
        "Jane Smith, Director of Children's Services",
        ["Jane Smith, Director of Children's Services"],
    ),
    (
        "Jane Smith, Director of Children's Services & John O'Neill, Head of Safeguarding",
        ["Jane Smith, Director of Children's Services", "John O'Neill, Head of Safeguarding"],
    ),
    (
        "Dr Ann Lee, Medical Director and Tom Price, Chief Nurse",
        ["Dr Ann Lee, Medical Director", "Tom Price, Chief Nurse"],
    ),
    # Without people's names, "and" still joins words that are not a role.
    (
        "Director of Finance and Joint Commissioning",
        ["Director of Finance and Joint Commissioning"],
    ),
    # One line per sub-action; a line in lower case continues the one before.
    (
        "Head of Early Help\nService Manager, Front Door\nJane Smith, Principal Social Worker",
        [
            "Head of Early Help",
            "Service Manager, Front Door",
            "Jane Smith, Principal Social Worker",
        ],
    ),
    ("Head of Service for\nlooked after children", ["Head of Service for looked after children"]),
    ("\n\n", []),
]


@pytest.mark.parametrize(("text", "leads"), SPLITS)
def test_lead_text_names_these_leads(text, leads):
    assert split_leads(text) == leads


def test_leads_differing_in_case_and_spacing_share_a_key():
    assert lead_key("Head of service  for Cared for Children") == lead_key(
        "Head of Service for Cared for Children"
    )
    assert lead_key("CEx TfC") != lead_key("CEx, TfC")  # merging those is a person's call
