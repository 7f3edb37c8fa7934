"""The pages that change a plan, for the tests that walk them all: who may use them, and
that none of them changes an archived plan."""


def change_pages(action: object, field: object = None) -> dict[str, list[object]]:
    """Every page a plan manager changes a plan with, and the arguments after its slug;
    `action` is the reference of an action in the plan's first domain (or what stands for
    it), `field` what stands for the id of one of its extra fields (without it, the pages of
    one field are left out)."""
    return {
        "plans:manage": [],
        "plans:plan_next_year": [],
        "plans:plan_archive": [],
        "plans:domain_add": [],
        "plans:domain_edit": [1],
        "plans:domain_archive": [1],
        "plans:domain_renumber": [1],
        "plans:action_add": [1],
        "plans:action_edit": [1, action],
        "plans:action_move": [1, action],
        "plans:action_archive": [1, action],
        "plans:leads": [],
        "plans:status_key": [],
        "plans:suggestions": [],
        "plans:action_update": [1, action],
        "plans:extra_fields": [],
        **(
            {"plans:extra_field_edit": [field], "plans:extra_field_archive": [field]}
            if field is not None
            else {}
        ),
    }


# Pages whose change reaches the organisation's other plans: its administrators' (ADR 0022).
ORGANISATION_PAGES: dict[str, list[object]] = {"plans:leads_merge": []}


def restore_pages(
    action: object, *, objective: object, activity: object, field: object
) -> dict[str, list[object]]:
    """Restoring archived things (POST only): refused, like the others, on an archived plan.
    `objective`, `activity` and `field` stand for the ids of one of each in the plan."""
    return {
        "plans:domain_restore": [1],
        "plans:action_restore": [1, action],
        "plans:objective_restore": [objective],
        "plans:activity_restore": [activity],
        "plans:extra_field_restore": [field],
    }
