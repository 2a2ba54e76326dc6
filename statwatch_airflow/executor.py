"""WarmLocalExecutor: Airflow's LocalExecutor whose workers start with the task bodies' imports already loaded.

Every task runs in a process forked from a LocalExecutor worker, and the workers are forked from the scheduler.
A task body imports `statwatch.pipeline` (DuckDB, pandas, pydantic) and the validate stage Great Expectations:
1–2 s and 2–4 s of CPU per task on a 2-vCPU host, paid by every task of every run, and most of the time between
a publication and its e-mail (docs/benchmarks.md, section 3). This executor imports those modules once, in the
scheduler, just before it forks its workers, so every task process inherits them (copy-on-write, and after
`gc.freeze()` like Airflow's own worker spawning). Imports only: no connection, file or thread is opened, so
forking stays safe. Costs ≈ 0.3 GiB RSS in the scheduler, shared with its workers.

Select it with `AIRFLOW__CORE__EXECUTOR=statwatch_airflow.executor.WarmLocalExecutor` (the embedded profile of
statwatch_dev.airflow_local does). The modules are `[statwatch] preload` / `STATWATCH_PRELOAD` (space-separated;
empty: none).
"""

from __future__ import annotations

import importlib
import logging
import os
import time

from airflow.executors.local_executor import LocalExecutor

log = logging.getLogger(__name__)

PRELOAD = ("statwatch.pipeline statwatch.quality statwatch_airflow.glue great_expectations "
           "great_expectations.render.renderer.site_builder statwatch.notify:compile_templates statwatch.charts:prepare")


def preload_modules() -> list[str]:
    """The modules to preload: STATWATCH_PRELOAD (space-separated; empty or blank: none), else PRELOAD."""
    return os.environ.get("STATWATCH_PRELOAD", PRELOAD).split()


def preload(modules: str | None = None) -> list[str]:
    """Import the modules named in `modules` (default: STATWATCH_PRELOAD, else PRELOAD); `module:function` also
    calls that function (it prepares what a task would do first: compiled templates, fonts; it opens no connection
    and leaves no thread or file open). Returns the entries that failed: each is logged and skipped, and the task
    that needs it fails with the real error."""
    names = preload_modules() if modules is None else modules.split()
    failed = []
    for name in names:
        module, _, function = name.partition(":")
        try:
            loaded = importlib.import_module(module)
            if function:
                getattr(loaded, function)()
        except Exception:  # noqa: BLE001 - an optimisation: never stop the scheduler over it
            log.exception("preload of %s failed; tasks will do it themselves", name)
            failed.append(name)
    return failed


class WarmLocalExecutor(LocalExecutor):
    """LocalExecutor whose worker processes inherit the task bodies' heavy imports (see the module docstring)."""

    def start(self) -> None:
        """Import the preload modules in this (the scheduler's) process, then fork the workers as usual."""
        if self.is_mp_using_fork:  # with spawn the workers would not inherit anything
            started = time.perf_counter()
            preload()
            log.info("preloaded the task imports in %.1f s", time.perf_counter() - started)
        super().start()
