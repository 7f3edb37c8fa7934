"""Every add, change and delete made through /admin/ is audited (Verb.ADMIN, ADR 0025).

Every ModelAdmin registration uses AuditedModelAdmin (Django's own User and Group admins
are registered again with it, in accounts/admin.py), and a test fails for one that does
not. Each event holds the object, the plan it belongs to (so a role given in the admin
is in that plan's history) and the changed fields' values before and after; a
password is never recorded, only that it changed. A change the admin makes outside its
usual save and delete steps (the password form) is still recorded, from the admin's own
change message, when it writes its log entry.
"""

import json
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import NestedObjects
from django.core.serializers.json import DjangoJSONEncoder
from django.db import router, transaction
from django.db.models import ForeignKey, Model, QuerySet
from django.forms import BaseFormSet, BaseModelFormSet, ModelForm
from django.http import HttpRequest

from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record, client_ip

HIDDEN = "(hidden)"
SECRET_FIELDS = frozenset({"password"})
# How to reach the plan from an object: a role, a domain, an action, an update.
PLAN_PATH = ("plan", "domain", "action")

M = TypeVar("M", bound=Model)

if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin
else:

    class _ModelAdmin(admin.ModelAdmin, Generic[M]):
        """Django's ModelAdmin, generic in its model at run time as django-stubs types it."""


def _json(value: Any) -> Any:
    try:
        return json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    except TypeError:
        return str(value)


def snapshot(obj: Model) -> dict[str, Any]:
    """The object's stored values by field name, its many-to-many links included."""
    values: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if getattr(field, "auto_now", False):
            continue  # a timestamp the save itself moves on
        values[field.name] = _json(field.value_from_object(obj))
    if obj.pk is not None:
        for m2m in obj._meta.many_to_many:
            values[m2m.name] = sorted(str(related) for related in getattr(obj, m2m.name).all())
    return values


def stored(obj: Model) -> dict[str, Any] | None:
    """What the database holds for the object now (a form has already changed `obj`)."""
    if obj.pk is None:
        return None
    current = type(obj)._default_manager.filter(pk=obj.pk).first()
    return None if current is None else snapshot(current)


def shown(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {name: HIDDEN if name in SECRET_FIELDS else value for name, value in values.items()}


def plan_of(obj: Model) -> Model | None:
    plan_model: type[Model] = apps.get_model("plans", "Plan")
    for _ in range(len(PLAN_PATH) + 1):
        if isinstance(obj, plan_model):
            return obj
        names = {f.name for f in obj._meta.concrete_fields if isinstance(f, ForeignKey)}
        step = next((name for name in PLAN_PATH if name in names), None)
        if step is None:
            return None
        obj = getattr(obj, step)
    return None


def record(
    request: HttpRequest,
    obj: Model,
    *,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    note: str = "",
) -> None:
    if before is not None and after is not None:  # a change: only what changed
        changed = [name for name in after if before.get(name) != after.get(name)]
        before = {name: before.get(name) for name in changed}
        after = {name: after[name] for name in changed}
        what = f"Changed {', '.join(changed) or 'nothing'} of"
    else:
        what = "Added" if before is None else "Deleted"
    summary = f"{what} {obj._meta.verbose_name} '{obj}' in the admin site{note}"
    _admin_event(request, obj, summary, shown(before), shown(after))


def _admin_event(
    request: HttpRequest,
    obj: Model,
    summary: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    """Audit what the admin site did to obj (under its plan, if any), once a request."""
    audit_record(
        actor=request.user,
        verb=Verb.ADMIN,
        summary=summary,
        obj=obj,
        plan=plan_of(obj),
        before=before,
        after=after,
        ip_address=client_ip(request),
    )
    _audited(request).add(_key(obj))


def mark_audited(request: HttpRequest, obj: Model) -> None:
    """Another service audits this change in its own words: record no admin event for it."""
    _audited(request).add(_key(obj))


def _key(obj: Model) -> tuple[str, str]:
    return (obj._meta.label_lower, str(obj.pk))


def _audited(request: HttpRequest) -> set[tuple[str, str]]:
    """The objects audited while answering this request, kept on the request."""
    audited: set[tuple[str, str]] = vars(request).setdefault("_admin_audited", set())
    return audited


class AuditedModelAdmin(_ModelAdmin[M]):
    """The base of every ModelAdmin: each add, change and delete writes an audit event."""

    def save_model(self, request: HttpRequest, obj: M, form: "ModelForm[M]", change: bool) -> None:
        # Django's admin passes nothing from save_model to save_related but the object.
        vars(obj)["_admin_audit_before"] = stored(obj) if change else None
        super().save_model(request, obj, form, change)

    def save_related(
        self,
        request: HttpRequest,
        form: "ModelForm[M]",
        formsets: "list[BaseFormSet[Any]]",
        change: bool,
    ) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance
        record(request, obj, before=getattr(obj, "_admin_audit_before", None), after=snapshot(obj))

    def save_formset(
        self,
        request: HttpRequest,
        form: "ModelForm[M]",
        formset: "BaseModelFormSet[Model, ModelForm[Model]]",
        change: bool,
    ) -> None:
        """Inline objects: each added, changed or deleted one is an event of its own."""
        before = {id(inline.instance): stored(inline.instance) for inline in formset.initial_forms}
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            record(request, obj, before=None, after=snapshot(obj))
        for obj, _fields in formset.changed_objects:
            record(request, obj, before=before.get(id(obj)), after=snapshot(obj))
        for obj in formset.deleted_objects:
            record(request, obj, before=before.get(id(obj)), after=None)

    def delete_model(self, request: HttpRequest, obj: M) -> None:
        with transaction.atomic(using=router.db_for_write(type(obj))):
            self._record_deletion(request, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[M]) -> None:
        with transaction.atomic(using=router.db_for_write(queryset.model)):
            for obj in queryset:
                self._record_deletion(request, obj)
            super().delete_queryset(request, queryset)

    def _record_deletion(self, request: HttpRequest, obj: Model) -> None:
        collector = NestedObjects(using=router.db_for_write(type(obj)))
        collector.collect([obj])
        models: dict[Any, Any] = collector.model_objs  # typed loosely by django-stubs
        also = {
            str(model._meta.verbose_name_plural): len(objs)
            for model, objs in models.items()
            if model is not type(obj) and objs
        }
        note = f" (and with it {json.dumps(also)})" if also else ""
        record(request, obj, before=snapshot(obj), after=None, note=note)

    # Anything else the admin changes (the password form, a custom view) still writes
    # its log entry; record it from that if the steps above did not.

    def log_addition(self, request: HttpRequest, obj: M, message: object) -> LogEntry:
        self._record_unaudited(request, obj, "Added", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: M, message: object) -> LogEntry:
        self._record_unaudited(request, obj, "Changed", message)
        return super().log_change(request, obj, message)

    def _record_unaudited(
        self, request: HttpRequest, obj: Model, what: str, message: object
    ) -> None:
        if _key(obj) in _audited(request):
            return
        summary = f"{what} {obj._meta.verbose_name} '{obj}' in the admin site"
        _admin_event(request, obj, summary, None, {"admin_log": _json(message)})


def register_audited(site: admin.AdminSite, model: type[Model]) -> None:
    """Register again, with auditing, a model another app registered (say django-axes)."""
    current = type(site._registry[model])
    if issubclass(current, AuditedModelAdmin):
        return
    site.unregister(model)
    audited = type(
        f"Audited{current.__name__}", (AuditedModelAdmin, current), {"__module__": __name__}
    )
    site.register(model, audited)
