"""The few hundred rows one result adds, written at the driver's speed.

Through SQLAlchemy's executemany each row's parameters are processed in Python, and
psycopg sends one INSERT per row; that was two thirds of a record's time. Here, on the
transaction's own connection: PostgreSQL gets one COPY per table, SQLite one executemany
with the values already in their stored form (`schema.decimal_text` for exact numbers, as
`ExactDecimal` stores them). The rows are plain values (text, integers, booleans, Decimals,
None); the table's columns come from the models, so nothing is written by position.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Connection

from .schema import Base, decimal_text


def insert_rows(conn: Connection, model: type[Base], rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    table = model.__table__
    columns = [c.name for c in table.columns]
    driver = conn.connection.driver_connection
    assert driver is not None
    if conn.dialect.name == "postgresql":
        quoted = ", ".join(f'"{c}"' for c in columns)
        with driver.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])
        return
    marks = ", ".join("?" for _ in columns)
    quoted = ", ".join(f'"{c}"' for c in columns)
    driver.executemany(f'INSERT INTO "{table.name}" ({quoted}) VALUES ({marks})',
                       [[_sqlite(row[c]) for c in columns] for row in rows])


def _sqlite(value: Any) -> Any:
    return decimal_text(value) if isinstance(value, Decimal) else value
