"""Form data as a browser posts it, for the tests that post forms by hand."""


def date_fields(name: str, day: object, month: object, year: object) -> dict[str, str]:
    """A GOV.UK date field's three inputs (name_0, name_1, name_2), as typed."""
    return {f"{name}_0": str(day), f"{name}_1": str(month), f"{name}_2": str(year)}
