"""The words, places and statuses the demo data generator draws from (generate_demo_data).

Plain values, kept apart from the generator so that its code reads in one file.
"""

import datetime as dt

from improvement_tracker.plans.rag import Status

PLACES = [
    "Northmoor", "Southwick", "Eastbrook", "Westfield", "Ashby", "Bramley", "Caldwell",
    "Denholme", "Elmswell", "Farnley", "Glenridding", "Harwood", "Ingleby", "Kirkham",
    "Langley", "Marston", "Netherton", "Oakham", "Pendle", "Queensbury", "Redmire",
    "Stainton", "Thornbury", "Upton", "Valley", "Whitby", "Yarwell", "Allerton",
    "Brackley", "Colburn", "Dunmore", "Easingwold", "Fenwick", "Goldthorpe", "Hexworth",
    "Ilkley", "Kelbrook", "Linthwaite", "Moorside", "Norland",
]  # fmt: skip
KINDS = [
    "City Council", "Borough Council", "County Council", "Metropolitan Borough Council",
    "Council", "Children's Trust",
]  # fmt: skip
PLAN_TITLES = [
    "Learning and Improvement Plan",
    "Children's Services Improvement Plan",
    "Ofsted Improvement Plan",
    "Safeguarding Partnership Plan",
    "SEND Written Statement of Action",
]
DOMAINS = [
    ("THE EXPERIENCES AND PROGRESS OF CHILDREN WHO NEED HELP AND PROTECTION", "Help & Protection"),
    ("THE EXPERIENCES AND PROGRESS OF CHILDREN IN CARE AND CARE LEAVERS", "Children in Care"),
    ("THE IMPACT OF LEADERS ON SOCIAL WORK PRACTICE WITH CHILDREN AND FAMILIES", "Leadership"),
]  # fmt: skip
LEADS = [
    "Director of Children's Social Care", "Director of Early Help", "Director of Education",
    "Head of Service - Safeguarding", "Head of Service - Children in Care",
    "Head of Quality Assurance", "Service Manager for IRO and Performance",
    "Principal Social Work Lead", "Business Manager SSCP", "Chief Executive",
    "Director of Corporate and Commercial", "Head of Workforce Development",
    "Northumbria Police", "Designated Doctor", "Virtual School Head",
    "Head of Youth Offending Service", "Commissioning Manager", "Chair of the Board",
]  # fmt: skip
VERBS = [
    "Implement", "Review", "Embed", "Strengthen", "Develop", "Evaluate", "Audit",
    "Improve", "Extend", "Agree", "Publish", "Train staff in",
]  # fmt: skip
SUBJECTS = [
    "the Multi-Agency Safeguarding Hub arrangements", "the Early Permanence Strategy",
    "Signs of Safety in the case management system", "the quality of assessments",
    "supervision of frontline practitioners", "the front door thresholds",
    "return home interviews for missing children", "the care leavers' local offer",
    "pathway plans for care leavers", "the recruitment of foster carers",
    "management oversight of child protection plans", "the performance scorecard",
    "the neglect strategy", "joint work with schools on Early Help",
    "the quality assurance framework", "placement sufficiency",
]  # fmt: skip
PURPOSES = [
    "so that decisions are timely and proportionate",
    "to increase staff confidence and competence",
    "so that children's voices are heard in every plan",
    "to reduce re-referrals within twelve months",
    "so that partners share information earlier",
    "to ensure that risks and strengths are clearly recorded",
]  # fmt: skip
PROGRESS = [
    "Workshops have been held with all teams and attendance was good",
    "The audit of a sample of cases shows improvement in the quality of plans",
    "Partners have agreed the revised process at the strategic board",
    "Recruitment is under way and two posts have been filled",
    "Covid pressures have delayed the roll-out; a revised date is proposed",
    "The new report is in production and is reviewed monthly by managers",
    "Feedback from families is positive and is being collected routinely",
    "This links to the work described under action 3 and action 12",
]  # fmt: skip
EVIDENCE = [
    "Evidence: audit report to the Quality Assurance Board.",
    "Evidence: performance scorecard.",
    "Evidence: minutes of the partnership meeting.",
    "Evidence: training attendance records.",
    "Evidence of impact will be reported at the next board.",
]  # fmt: skip
TIMESCALES = [
    "31/03/2021", "01/07/2020", "30/09/2021", "31/12/20", "Quarterly from 01/12/2019",
    "Monthly", "Bi-monthly", "Ongoing", "2021", "Complete",
]  # fmt: skip
# The next status from the last: mostly steady, drifting towards Completed.
STEPS: dict[Status, list[tuple[Status, int]]] = {
    Status.NOT_RATED: [(Status.NOT_RATED, 2), (Status.ON_TRACK, 5), (Status.AT_RISK, 2)],
    Status.ON_TRACK: [(Status.ON_TRACK, 12), (Status.AT_RISK, 2), (Status.COMPLETE, 2)],
    Status.AT_RISK: [(Status.AT_RISK, 8), (Status.ON_TRACK, 3), (Status.OFF_TRACK, 2)],
    Status.OFF_TRACK: [(Status.OFF_TRACK, 6), (Status.AT_RISK, 3), (Status.COMPLETE, 1)],
    Status.COMPLETE: [(Status.COMPLETE, 1)],
}
FIRST_UPDATE = dt.date(2019, 1, 31)
# The large plan's extra fields (ADR 0040), as real trackers head such columns, and what
# an action may say under each.
EXTRA_FIELDS: dict[str, list[str]] = {
    "Success measures": [
        "Re-referrals within 12 months fall below 20%", "Every plan audited as good or better",
        "Children seen within the timescale", "Staff survey shows increased confidence",
    ],
    "Outcome – (report for Q1, Q2, Q3, Q4)": [
        "Q1: baseline agreed", "Q2: on track against the baseline", "Q3: improvement shown",
        "Q4: sustained improvement",
    ],
    "Directorate": ["Children's Services", "Education", "Corporate", "Partnership"],
    "KPI target": ["95% within 10 days", "100% of plans reviewed", "Below 20%", "At least 80%"],
    "Level for Action": ["Strategic", "Operational", "Team"],
}  # fmt: skip
