"""Bulk writes for the ledger import: INSERT / UPDATE through executemany on the DB-API cursor.

Django's bulk_create builds a model instance and runs every field's conversions per row, which
costs seconds per 100k rows; here each column gets one cheap conversion chosen up front from its
field type, and rows go to the database in batches. Only used inside the import's transaction,
for rows the validator has already checked against the lifecycle rules.
"""

from collections.abc import Callable, Iterable, Sequence

from django.db import connection, models

from zhaoshang.core.fields import WanField

BATCH = 5000


def _identity(value):
    return value


def _wan(value):
    return None if value is None else int(value * 100)


def _date_as_text(value):
    return None if value is None else value.isoformat()


def converter(field: models.Field) -> Callable:
    """The value the database driver takes for `field`, from the Python value the model holds.
    Chosen once per column: the connection and its operations are looked up here, not per row."""
    ops = connection.ops
    if isinstance(field, WanField):
        return _wan
    if isinstance(field, models.DateTimeField):
        # Rows of one write share their timestamps: adapt each distinct one once.
        adapted = {}

        def adapt_datetime(value):
            if value is None:
                return None
            if value not in adapted:
                adapted[value] = ops.adapt_datetimefield_value(value)
            return adapted[value]

        return adapt_datetime
    if isinstance(field, models.DateField):
        # SQLite keeps dates as ISO text; psycopg adapts date objects itself.
        return _date_as_text if connection.vendor == "sqlite" else _identity
    if isinstance(field, models.JSONField):
        adapt_json, encoder = ops.adapt_json_value, field.encoder
        return lambda value: None if value is None else adapt_json(value, encoder)
    return _identity


class Writer:
    """INSERT or UPDATE rows of one model, given as tuples in the order of `fields` (attnames)."""

    def __init__(self, model: type[models.Model], fields: Sequence[str], *, key: str = ""):
        opts = model._meta
        by_attname = {f.attname: f for f in opts.concrete_fields}
        self.fields = [by_attname[name] for name in fields]
        self.convert = [converter(f) for f in self.fields]
        quote = connection.ops.quote_name
        table = self.table = quote(opts.db_table)
        columns = [quote(f.column) for f in self.fields]
        if key:
            # UPDATE … SET the fields … WHERE key = the row's last value
            sets = ", ".join(f"{column} = %s" for column in columns)
            self.sql = f"UPDATE {table} SET {sets} WHERE {quote(by_attname[key].column)} = %s"
        else:
            marks = ", ".join(["%s"] * len(columns))
            self.sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        self.key = key

    def write(self, rows: Iterable[Sequence], *, on_batch: Callable[[int], None] | None = None):
        size = len(self.convert)
        # Only the columns that need converting are touched; the rest go as they are.
        converting = [(i, f) for i, f in enumerate(self.convert) if f is not _identity]
        keyed = bool(self.key)

        def prepared():
            for row in rows:
                values = list(row) if keyed else list(row[:size])
                for i, convert in converting:
                    values[i] = convert(values[i])
                yield values

        if connection.vendor == "postgresql" and not keyed:
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
        columns = ", ".join(quote(f.column) for f in self.fields)
        done = 0
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's own cursor, in the same transaction
            with raw.copy(f"COPY {self.table} ({columns}) FROM STDIN") as copy:
                for values in rows:
                    copy.write_row(values)
                    done += 1
                    if on_batch and done % BATCH == 0:
                        on_batch(done)
        if on_batch and done % BATCH:
            on_batch(done)
        return done
