"""Small builders shared by tests (facts and documents written through the real code paths)."""

from __future__ import annotations

from datetime import UTC, datetime

from statwatch import merge, quality, staging
from statwatch.ids import now
from statwatch.merge import merge as merge_facts
from statwatch.model import Fact
from statwatch.staging import stage


def add_document(con, doc_id: str, *, url: str | None = None, source_id: str = "zz_rail", kind: str = "rail",
                 published: datetime | None = None, mode: str = "live") -> str:
    """Insert an archived document with its batch row; returns the batch id."""
    batch_id = "b" + doc_id
    con.execute(
        "INSERT INTO documents (doc_id, source_id, url, kind, content_hash, version, fetched_at, published_at, "
        "raw_body, status, batch_id) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, 'loaded', ?)",
        [doc_id, source_id, url or f"http://127.0.0.1/{doc_id}.html", kind, doc_id, now(), published,
         b"<html></html>", batch_id])
    con.execute("INSERT INTO batches (batch_id, source_id, doc_id, mode, status, created_at) VALUES (?, ?, ?, ?, "
                "'loaded', ?)", [batch_id, source_id, doc_id, mode, now()])
    return batch_id


def load_facts(con, doc_id: str, facts: list[Fact], *, published: datetime, mode: str = "live",
               source_id: str = "zz_rail") -> dict[str, int]:
    """Archive a document and merge its facts (no extraction, no validation)."""
    batch_id = add_document(con, doc_id, published=published, mode=mode, source_id=source_id)
    staged = stage(facts, doc_id=doc_id, source_id=source_id, batch_id=batch_id, valid_from=published)
    return merge_facts(con, staged)


def process(con, doc_id: str, *, validate: bool = True) -> None:
    """Run an archived document through extract → validate → merge again, from its raw body."""
    batch_id = con.execute("SELECT batch_id FROM documents WHERE doc_id = ?", [doc_id]).fetchone()[0]
    con.execute("UPDATE batches SET status = 'fetched' WHERE batch_id = ?", [batch_id])
    staging.extract_batches(con, [batch_id])
    quality.validate_batches(con, [batch_id], validate=validate)
    merge.merge_batches(con, [batch_id])


def rail_day(day: str, trains: int, wagons: int, region: str = "中国铁路郑州局集团") -> list[Fact]:
    """The two facts of a daily rail bulletin."""
    q = f"全天装车{trains}列{wagons}车"
    return [Fact("rail.trains", "level", day, trains, "列", region=region, quote=q),
            Fact("rail.wagons", "level", day, wagons, "车", region=region, quote=q)]


def cst(day: str, hour: int = 18) -> datetime:
    """A publication time on a day (18:00 China time, as UTC)."""
    y, m, d = map(int, day.split("-"))
    return datetime(y, m, d, hour - 8, tzinfo=UTC)


# The short demo (backfill to 2022-04-21, then 04-22), embedded and on the cluster: documents per source — 52 rail
# days, 5 statistics releases, the 2021 ranking pages of the district and the city (5 periods × 2), 21 ops bulletins
# from 04-01; then the 04-22 bulletins the watchers announced (rail and ops) — and batches per mode.
SHORT_DEMO_DOCUMENTS = {"zz_rail": 52 + 1, "jinshui_stats": 5, "jinshui_assess": 10, "jk_ops": 21 + 1}
SHORT_DEMO_BATCHES = [("backfill", 52 + 5 + 10 + 21), ("live", 2)]
