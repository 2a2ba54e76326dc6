"""
# Ingest a source (one DAG per entry of `config/sources.yaml`)

Each source gets `ingest_<source id>`, scheduled on the asset `statwatch://source/<id>`, whose
**AssetWatcher** runs a `FeedTrigger` in the triggerer: it polls the source's feed or listing and emits
one event per poll that found new items. The task then discovers, fetches (conditional GET), archives,
extracts, validates (Great Expectations) and merges everything new, and updates `statwatch://warehouse/facts`.
Sources with a `cron` also run on that schedule, as a fallback when events are lost.

Trigger by hand with `{"mode": "backfill", "since": "2022-03-01"}` to load history with alerts suppressed.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Asset, AssetOrTimeSchedule, AssetWatcher, CronTriggerTimetable, Param, dag, task

from statwatch.sources import Source, load_sources
from statwatch_airflow.triggers import FeedTrigger

FACTS = Asset("statwatch://warehouse/facts")


def build(source: Source):  # noqa: ANN201 (returns a DAG)
    """The ingest DAG of one source."""
    watchers = []
    if source.feed:
        trigger = FeedTrigger(source_id=source.id, feed_url=source.feed.url, feed_type=source.feed.type,
                              link_pattern=source.item_pattern, poll_interval=source.poll_interval)
        watchers.append(AssetWatcher(name=f"watch_{source.id}", trigger=trigger))
    announced = Asset(f"statwatch://source/{source.id}", watchers=watchers)
    schedule = [announced] if not source.cron else AssetOrTimeSchedule(
        timetable=CronTriggerTimetable(source.cron, timezone="Asia/Shanghai"), assets=[announced])

    @dag(dag_id=f"ingest_{source.id}", schedule=schedule, start_date=pendulum.datetime(2022, 1, 1, tz="UTC"),
         catchup=False, max_active_runs=1, tags=["statwatch", "ingest", source.kind], doc_md=__doc__,
         default_args={"retries": 2, "retry_delay": pendulum.duration(seconds=30)},
         params={"mode": Param("live", enum=["live", "backfill"]), "since": Param(None, type=["null", "string"])})
    def ingest() -> None:
        @task(pool="statwatch_warehouse", outlets=[FACTS])
        def ingest_source(**context) -> dict:  # noqa: ANN003
            from statwatch.pipeline import run_ingest
            from statwatch_airflow.glue import announced_urls, run_date

            p = context["params"]
            return run_ingest(source.id, mode=p["mode"], since=run_date(p["since"]), urls=announced_urls(context))

        ingest_source()

    return ingest()


for _source in load_sources():
    if _source.enabled:
        globals()[f"ingest_{_source.id}"] = build(_source)

if __name__ == "__main__":
    import sys

    globals()[f"ingest_{sys.argv[1] if len(sys.argv) > 1 else 'zz_rail'}"].test()
