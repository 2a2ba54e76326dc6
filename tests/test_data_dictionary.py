"""docs/warehouse.md documents every column of every table and view of the migrated schema."""

from __future__ import annotations

import re

from conftest import ROOT


def test_every_column_is_documented(con):
    doc = (ROOT / "docs" / "warehouse.md").read_text(encoding="utf-8")
    rows = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'main' AND table_name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY table_name").fetchall()
    assert rows
    missing = []
    for table, column in rows:
        # A column is documented in its table's section (### `table`) or as "| table | column |".
        section = re.search(rf"### `{re.escape(table)}`(.*?)(?=\n### |\Z)", doc, re.S)
        in_section = section and re.search(rf"^\| {re.escape(column)} \|", section.group(1), re.M)
        in_ops = re.search(rf"^\| {re.escape(table)} \| {re.escape(column)} \|", doc, re.M)
        if table == "facts_current":
            in_section = re.search(rf"^\| {re.escape(column)} \|", doc.split("### `facts`")[1], re.M)
        if not (in_section or in_ops):
            missing.append(f"{table}.{column}")
    assert not missing, f"undocumented columns in docs/warehouse.md: {missing}"
