"""Bulk inserts through PostgreSQL's COPY (psycopg 3's `cursor.copy`), for generated data.

`bulk_create` sends one INSERT per batch with every value as a bound parameter: at a million
rows most of its time goes into building and parsing that text. COPY streams the rows instead.
The values are the ones `bulk_create` would write (each field's own conversion to the database
value, `auto_now` timestamps set), so both paths give the same rows. Knows no domain.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models

# Fields whose Python value is already what the database stores (psycopg adapts it): their
# conversion is skipped, since calling get_db_prep_save a million times per column costs
# seconds. Any other field (e.g. WanField, stored as hundredths) goes through its conversion.
PLAIN_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.BooleanField,
    models.CharField,
    models.DateField,
    models.ForeignKey,
    models.IntegerField,
    models.PositiveIntegerField,
    models.TextField,
)


def can_copy() -> bool:
    """COPY is PostgreSQL's; other backends keep bulk_create."""
    return connection.vendor == "postgresql"


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` primary keys taken from the table's sequence, so that rows written by COPY (which
    returns nothing) can be referred to by the rows written after them."""
    if count == 0:
        return []
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _converter(field: models.Field) -> Callable[[models.Model], Any]:
    attname = field.attname
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda obj: field.pre_save(obj, True)  # sets the timestamp, as bulk_create does
    if type(field) in PLAIN_FIELDS:
        return lambda obj: getattr(obj, attname)
    return lambda obj: field.get_db_prep_save(getattr(obj, attname), connection)


def copy_insert(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    """Writes `objects` with COPY. Objects with a primary key keep it (see reserve_ids); when
    none has one, the table's default gives it (and the objects are not told)."""
    if not objects:
        return
    with_pk = objects[0].pk is not None
    if with_pk != all(obj.pk is not None for obj in objects):
        raise ValueError("copy_insert: either every object has a primary key or none has")
    fields = [
        f
        for f in model._meta.concrete_fields
        if not getattr(f, "generated", False) and (with_pk or not f.primary_key)
    ]
    converters = [_converter(f) for f in fields]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    rows: Iterable[list] = ([convert(obj) for convert in converters] for obj in objects)
    # Django's CursorWrapper keeps psycopg's cursor as `.cursor`.
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
