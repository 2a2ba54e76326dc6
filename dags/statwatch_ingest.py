"""
# Ingest a source (one DAG per entry of `config/sources.yaml`)

Each source gets `ingest_<source id>`, scheduled on the asset `statwatch://source/<id>`, whose
**AssetWatcher** runs a `FeedTrigger` in the triggerer: it polls the source's feed or listing and emits
one event per poll that found new items (`share_poll`: the watchers of one host share one poll loop). The run
is the pipeline's stages, one task each, passing batch ids:

`fetch_documents` (discover, conditional GET, raw archive) → `extract_facts` → `validate_facts` (Great
Expectations; the task's **Data Docs** link opens the validation) → `merge_facts`, which updates
`statwatch://warehouse/facts` only when facts changed. Each stage is idempotent and picks up what a failed
run left, so a retry repeats only the stage that broke. Sources with a `cron` also run on that schedule.

**Live runs take the short path**: `fetch_documents` runs the four stages itself (the same calls, each its own
transaction), then detection and delivery, and skips `extract_facts`, `validate_facts` and `merge_facts`: one
task process instead of six between a publication and its e-mail. What it leaves (a detection or delivery that
failed, alerts an analyst may approve) goes to `detect_events`, `notify_staff` and `approve_alerts` through the
facts and alerts assets. Backfills (`mode=backfill`) run the four stage tasks on the embedded DuckDB file; on a
DuckLake (the cluster profile, where several writers run at once) `fetch_documents` runs the four stages itself,
emits the facts event when the merge brought news, and skips the stage tasks.

Trigger by hand with `{"mode": "backfill", "since": "2022-03-01"}` to load history with alerts suppressed.

Time limits (`execution_timeout`, fixed when the DAG is parsed, so sized for a ten-year backfill against a slow
publisher): `fetch_documents` 3 hours, the other stages 30 minutes each. A single fetch is bounded much earlier
by its own deadline (six read timeouts, 2 minutes by default).
"""

from __future__ import annotations

import pendulum
from airflow.sdk import (
    Asset,
    AssetAlias,
    AssetOrTimeSchedule,
    AssetWatcher,
    CronTriggerTimetable,
    Param,
    dag,
    task,
)

from statwatch.config import Source, load_sources
from statwatch.settings import WAREHOUSE_POOL
from statwatch_airflow.glue import ALERTS_CHANGED_ALIAS
from statwatch_airflow.notifier import task_failure_notifier
from statwatch_airflow.operators import FACTS_CHANGED_ALIAS, ValidateFactsOperator
from statwatch_airflow.triggers import FeedTrigger


def build(source: Source):  # noqa: ANN201 (returns a DAG)
    """The ingest DAG of one source."""
    watchers = []
    if source.feed:
        trigger = FeedTrigger(source_id=source.id, feed_url=source.feed.url, feed_type=source.feed.type,
                              link_pattern=source.item_pattern, poll_interval=source.poll_interval,
                              allow_private_addresses=source.allow_private_addresses, share_poll=True)
        watchers.append(AssetWatcher(name=f"watch_{source.id}", trigger=trigger))
    announced = Asset(f"statwatch://source/{source.id}", watchers=watchers)
    schedule = [announced] if not source.cron else AssetOrTimeSchedule(
        timetable=CronTriggerTimetable(source.cron, timezone="Asia/Shanghai"), assets=[announced])

    @dag(dag_id=f"ingest_{source.id}", schedule=schedule, start_date=pendulum.datetime(2022, 1, 1, tz="UTC"),
         catchup=False, max_active_runs=1, tags=["statwatch", "ingest", source.kind], doc_md=__doc__,
         default_args={"on_failure_callback": task_failure_notifier(), "retries": 2, "retry_delay": pendulum.duration(seconds=30), "pool": WAREHOUSE_POOL,
                       "execution_timeout": pendulum.duration(minutes=30)},
         params={"mode": Param("live", enum=["live", "backfill"]),
                 "since": Param(None, type=["null", "string"], format="date")})
    def ingest() -> None:
        @task(execution_timeout=pendulum.duration(hours=3),  # a backfill fetches thousands of pages
              outlets=[AssetAlias(FACTS_CHANGED_ALIAS), AssetAlias(ALERTS_CHANGED_ALIAS)],  # a live run's events
              # Not in the warehouse pool: a release does not queue behind another source's whole run; each stage
              # takes the warehouse's write lock for its writes only (warehouse.planned_stage).
              pool="default_pool", priority_weight=10)
        def fetch_documents(**context) -> dict:  # noqa: ANN003
            from statwatch.pipeline import run_fetch
            from statwatch_airflow.glue import (
                announced_urls,
                backfill_in_one_task,
                ingest_backfill,
                ingest_live,
                run_date,
            )

            p = context["params"]
            if p["mode"] == "live":
                ingest_live(context, source.id)  # every stage, detection and delivery; skips the stage tasks
            if backfill_in_one_task():  # on a DuckLake: every stage, then the facts event; skips the stage tasks
                ingest_backfill(context, source.id, run_date(p["since"]))
            return run_fetch(source.id, mode=p["mode"], since=run_date(p["since"]), urls=announced_urls(context))

        @task
        def extract_facts(fetched: dict) -> dict:
            from statwatch.pipeline import run_extract

            return run_extract(fetched["batch_ids"])

        @task(outlets=[AssetAlias(FACTS_CHANGED_ALIAS)])
        def merge_facts(fetched: dict, **context) -> dict:  # noqa: ANN003
            from statwatch.pipeline import run_merge
            from statwatch_airflow.glue import announce_facts

            return announce_facts(context, run_merge(fetched["batch_ids"], source_id=source.id))

        fetched = fetch_documents()
        validated = ValidateFactsOperator(task_id="validate_facts", fetched=fetched)
        extract_facts(fetched) >> validated >> merge_facts(fetched)

    return ingest()


for _source in load_sources():
    if _source.enabled:
        globals()[f"ingest_{_source.id}"] = build(_source)

if __name__ == "__main__":
    import sys

    globals()[f"ingest_{sys.argv[1] if len(sys.argv) > 1 else 'zz_rail'}"].test()
