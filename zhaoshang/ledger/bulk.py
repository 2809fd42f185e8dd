"""Bulk writes for the ledger import: INSERT / UPDATE through executemany on the DB-API cursor.

Django's bulk_create builds a model instance and runs every field's conversions per row, which
costs seconds per 100k rows; here each column gets one cheap conversion chosen up front from its
field type (most need none), columns with the same value on every row are converted once, and
rows go to the database in batches. Only used inside the import's transaction, for rows the
validator has already checked against the lifecycle rules.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence

from django.db import connection, models
from django.db.models import ForeignObjectRel

from zhaoshang.core.fields import WanField

BATCH = 5000


def column(field: models.Field | ForeignObjectRel) -> str:
    """A concrete field's column (the types allow a reverse relation, and None for a field with
    no column)."""
    assert isinstance(field, models.Field) and field.column is not None, field
    return field.column


def _identity(value):
    return value


def _wan(value):
    return int(value * 100)


def _date_as_text(value):
    return value.isoformat()


def converter(field: models.Field) -> Callable:
    """The value the database driver takes for `field`, from the Python value the model holds
    (never None, which goes as it is). Chosen once per column: the connection and its
    operations are looked up here, not per row."""
    ops = connection.ops
    if isinstance(field, WanField):
        return _wan
    if isinstance(field, models.DateTimeField):
        # Rows of one write share their timestamps: adapt each distinct one once.
        adapted = {}

        def adapt_datetime(value):
            if value not in adapted:
                adapted[value] = ops.adapt_datetimefield_value(value)
            return adapted[value]

        return adapt_datetime
    if isinstance(field, models.DateField):
        # SQLite keeps dates as ISO text (made here: sqlite3's adapter, which Django registers,
        # is slower); psycopg adapts date objects itself.
        return _date_as_text if connection.vendor == "sqlite" else _identity
    if isinstance(field, models.JSONField):
        adapt_json, encoder = ops.adapt_json_value, field.encoder
        return lambda value: adapt_json(value, encoder)
    return _identity


class Writer:
    """INSERT or UPDATE rows of one model, given as tuples in the order of `fields` (attnames).

    `fixed` maps more fields to the one value they take on every row (the write's timestamp,
    its zone): converted once, added to each row (inserts only). With `key`, each row ends with
    the key of the row to update."""

    def __init__(
        self,
        model: type[models.Model],
        fields: Sequence[str],
        *,
        key: str = "",
        fixed: Mapping[str, object] | None = None,
    ):
        if key and fixed:
            raise ValueError("fixed values are for inserts")
        fixed = fixed or {}
        opts = model._meta
        by_attname = {f.attname: f for f in opts.concrete_fields}
        self.fields = [by_attname[name] for name in (*fields, *fixed)]
        self.convert = [converter(by_attname[name]) for name in fields]
        self.fixed = [
            None if value is None else converter(by_attname[name])(value)
            for name, value in fixed.items()
        ]
        quote = connection.ops.quote_name
        table = self.table = quote(opts.db_table)
        columns = [quote(column(f)) for f in self.fields]
        if key:
            # UPDATE … SET the fields … WHERE key = the row's last value
            sets = ", ".join(f"{column} = %s" for column in columns)
            self.sql = f"UPDATE {table} SET {sets} WHERE {quote(column(by_attname[key]))} = %s"
        else:
            marks = ", ".join(["%s"] * len(columns))
            self.sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        self.key = key

    def write(self, rows: Iterable[Sequence], *, on_batch: Callable[[int], None] | None = None):
        # Only the columns that need converting are touched; the rest go as they are.
        converting = [(i, f) for i, f in enumerate(self.convert) if f is not _identity]
        fixed = self.fixed

        def prepared():
            for row in rows:
                values = list(row)
                for i, convert in converting:
                    value = values[i]
                    if value is not None:  # most dates of a ledger are blank
                        values[i] = convert(value)
                values += fixed
                yield values

        if connection.vendor == "postgresql" and not self.key:
            return self._copy(prepared(), on_batch)
        batch = []
        done = 0
        with connection.cursor() as cursor:
            for values in prepared():
                batch.append(values)
                if len(batch) >= BATCH:
                    cursor.executemany(self.sql, batch)
                    done += len(batch)
                    batch = []
                    if on_batch:
                        on_batch(done)
            if batch:
                cursor.executemany(self.sql, batch)
                done += len(batch)
                if on_batch:
                    on_batch(done)
        return done

    def _copy(self, rows: Iterable[list], on_batch) -> int:
        """PostgreSQL: COPY … FROM STDIN, several times faster than INSERTs for many rows."""
        quote = connection.ops.quote_name
        columns = ", ".join(quote(column(f)) for f in self.fields)
        # The first row is made before the COPY opens: making it may query the database (the
        # change log's content type, not yet cached in a fresh process), which would wait for
        # the connection the COPY holds.
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return 0
        done = 1
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's own cursor, in the same transaction
            with raw.copy(f"COPY {self.table} ({columns}) FROM STDIN") as copy:
                copy.write_row(first)
                for values in rows:
                    copy.write_row(values)
                    done += 1
                    if on_batch and done % BATCH == 0:
                        on_batch(done)
        if on_batch and done % BATCH:
            on_batch(done)
        return done
