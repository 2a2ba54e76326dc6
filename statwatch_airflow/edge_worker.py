"""A warm Edge worker: `python -m statwatch_airflow.edge_worker [options of airflow edge worker]`.

The Edge worker forks each task's supervisor from its own process, and the supervisor forks the task process (no
exec on Linux), so whatever the worker imported before its loop, every task inherits. This entry point imports
the task bodies' modules (`statwatch_airflow.executor.preload`: statwatch.pipeline, Great Expectations, …) and
what every task process loads to parse the ingest DAG file and run it, then runs `airflow edge worker` with the
given options: the cluster profile's counterpart of WarmLocalExecutor (docs/airflow.md). Imports only: no
connection, file or thread is opened, so forking stays safe. A worker keeps the code it preloaded until it
restarts, as any Airflow worker keeps its providers.
"""

from __future__ import annotations

import sys

# Beyond the task bodies' modules: the task runner and the modules the DAG files import, loaded by every task
# process before its body runs.
TASK_PROCESS = ("airflow.sdk.execution_time.task_runner statwatch_airflow.operators statwatch_airflow.triggers "
                "statwatch_airflow.notifier")


def main(argv: list[str] | None = None) -> None:
    """Preload, then `airflow edge worker` with `argv` (default: this process's arguments)."""
    from statwatch_airflow.executor import preload, preload_modules

    if preload_modules():  # an empty STATWATCH_PRELOAD turns preloading off, the task process's modules too
        preload()
        preload(TASK_PROCESS)
    from airflow.__main__ import main as airflow_main

    sys.argv = ["airflow", "edge", "worker", *(sys.argv[1:] if argv is None else argv)]
    airflow_main()


if __name__ == "__main__":
    main()
