"""Model instances from SQL we write, for the few reads every request makes: the
machinery under the hand-written reads in this package (people.py, plans.py, sessions.py).

Django builds a queryset's SQL afresh each time it runs. For the small reads behind
every page (the session, the person, the plan, their role on it, the action) building
took three to four times as long as sending the query and reading the answer, and on
PostgreSQL it kept the action page from its target (ADR 0021). Those reads are written
here as SQL instead, with every table and column name taken from the models, and give
the instances the ORM would: the same fields, the same conversions of values, related
objects cached as select_related caches them.

Anything not read on every request stays with the ORM.
"""

from collections.abc import Sequence
from functools import cache
from typing import Any, NamedTuple

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model
from django.db.models.expressions import Col
from django.db.models.fields.mixins import FieldCacheMixin


class _Names(NamedTuple):
    table: str
    columns: str
    cols: dict[str, str]
    attnames: list[str]
    pk_index: int
    expressions: list[Col]  # each column as the ORM's converters expect to be told it


@cache
def _names(model: type[Model], alias: str, vendor: str) -> _Names:
    """A model's quoted names under an alias: worked out once per process, as the quoting
    of every name on every request cost more than the query it built."""
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    fields = model._meta.concrete_fields
    cols = {
        name: f"{quote(alias)}.{quote(str(field.column))}"
        for field in fields
        for name in (field.name, field.attname)
    }
    return _Names(
        table=f"{quote(model._meta.db_table)} {quote(alias)}",
        columns=", ".join(cols[field.attname] for field in fields),
        cols=cols,
        attnames=[field.attname for field in fields],
        pk_index=list(fields).index(model._meta.pk),
        expressions=[field.get_col(alias) for field in fields],
    )


class Selected:
    """One model's concrete columns in a SELECT, under an alias."""

    def __init__(self, model: type[Model], alias: str) -> None:
        self.model = model
        self.alias = alias
        self.fields = model._meta.concrete_fields
        self.names = _names(model, alias, connection.vendor)

    @property
    def table(self) -> str:
        """For FROM or JOIN: the model's table and its alias."""
        return self.names.table

    @property
    def columns(self) -> str:
        """For the SELECT list: every concrete column, in the model's field order."""
        return self.names.columns

    def col(self, field_name: str) -> str:
        """One field's column, for ON and WHERE."""
        return self.names.cols[field_name]

    def build(self, values: Sequence[Any], db: BaseDatabaseWrapper) -> Model | None:
        """The instance from this model's columns of a row; None when a LEFT JOIN found none."""
        if values[self.names.pk_index] is None:
            return None
        converted = []
        for field, column, value in zip(self.fields, self.names.expressions, values, strict=True):
            # What the ORM does with each value: the backend's conversion, then the field's.
            backend = db.ops.get_db_converters(column)
            # Field.get_db_converters is Django's, but django-stubs leaves it out.
            own = field.get_db_converters(db)  # type: ignore[attr-defined]
            for convert in [*backend, *own]:
                value = convert(value, column, db)
            converted.append(value)
        return self.model.from_db(db.alias, self.names.attnames, converted)


def fetch_one(sql: str, params: Sequence[Any], *selected: Selected) -> list[Model | None] | None:
    """The first row of `sql`, whose SELECT list is each of `selected`'s columns in turn,
    as one instance (or None) for each; None if there is no row."""
    db = connections[DEFAULT_DB_ALIAS]
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    instances, start = [], 0
    for one in selected:
        end = start + len(one.fields)
        instances.append(one.build(row[start:end], db))
        start = end
    return instances


def fetch_value(sql: str, params: Sequence[Any]) -> Any:
    """The first column of the first row of `sql`, or None if there is no row."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else row[0]


def link(instance: Model, field_name: str, related: Model | None) -> None:
    """Cache `related` as `instance.<field_name>`, as select_related would, so reading it
    makes no query. For a one-to-one read from the other side, None caches its absence."""
    field = instance._meta.get_field(field_name)
    assert isinstance(field, FieldCacheMixin)  # noqa: S101 - narrows the type: a relation
    field.set_cached_value(instance, related)
