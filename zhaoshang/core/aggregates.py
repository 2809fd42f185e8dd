"""Aggregates Django 5.2 lacks on every backend we run on."""

from django.db.models import Aggregate, TextField


class CommaList(Aggregate):
    """The values of a group joined by commas: GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL.
    Order is not guaranteed; callers sort. Values must not contain commas."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(distinct)s%(expressions)s)"
    allow_distinct = True
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        # Set on a copy rather than passed as keywords: Aggregate.as_sql wraps self.template in
        # its FILTER (WHERE …) clause itself.
        clone = self.copy()
        clone.function = "STRING_AGG"
        clone.template = "%(function)s(%(distinct)s%(expressions)s, ',')"
        return super(CommaList, clone).as_sql(compiler, connection, **extra_context)


def split_list(joined: str | None) -> list[str]:
    return sorted(joined.split(",")) if joined else []
