"""DAG parse benchmark: what each file under dags/ costs the dag-processor beyond `from airflow.sdk import dag, task, Asset`.

Usage: .venv/bin/python bench/bench_dag_parse.py [--repeat 5]

For each DAG file, a fresh interpreter (the Airflow environment of a throwaway AIRFLOW_HOME) first imports
`from airflow.sdk import dag, task, Asset` (timed: the baseline every DAG file pays), then runs the file with
`runpy.run_path` (timed: the figure). Median of --repeat fresh interpreters per file. Also listed: heavy modules
that the file pulled in at parse time (they should be imported inside task bodies). Goal: ≤ 0.1 s per file.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from machine import ROOT, machine, median

from statwatch_dev.airflow_local import free_port

GOAL = 0.1
HEAVY = ("duckdb", "great_expectations", "pandas", "requests", "numpy", "sqlalchemy", "pydantic", "yaml", "jinja2",
         "statwatch.ingest", "statwatch.warehouse", "aiosmtpd")

PROBE = r"""
import json, runpy, sys, time
t0 = time.perf_counter()
from airflow.sdk import dag, task, Asset
t1 = time.perf_counter()
before = set(sys.modules)
ns = runpy.run_path(sys.argv[1], run_name="dag_file")
t2 = time.perf_counter()
new = set(sys.modules) - before
dags = sorted(v.dag_id for v in ns.values() if type(v).__name__ == "DAG")
print(json.dumps({"baseline": t1 - t0, "parse": t2 - t1, "dags": dags, "new": sorted(new)}))
"""


def probe(path: Path, env: dict[str, str]) -> dict:
    """One fresh interpreter: baseline and parse seconds of one DAG file."""
    done = subprocess.run([sys.executable, "-c", PROBE, str(path)], env=env, cwd=ROOT, capture_output=True,  # noqa: S603
                          text=True, timeout=300, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{path.name}: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    from statwatch_dev.airflow_local import airflow_env

    print(machine())
    print(f"method: fresh interpreter per measurement, `from airflow.sdk import dag, task, Asset` timed first, "
          f"then runpy.run_path(<dag file>) timed; median of {a.repeat}; goal ≤ {GOAL} s per file")
    files = sorted((ROOT / "dags").glob("*.py"))
    with tempfile.TemporaryDirectory(prefix="statwatch-bench-airflow-") as home:
        env = airflow_env(Path(home), dags_folder=ROOT / "dags", api_port=free_port())
        baselines: list[float] = []
        missed = []
        for path in files:
            runs = [probe(path, env) for _ in range(a.repeat)]
            baselines += [r["baseline"] for r in runs]
            parse = median([r["parse"] for r in runs])
            heavy = sorted({m for m in runs[0]["new"] for h in HEAVY if m == h})
            verdict = "ok" if parse <= GOAL else "MISSES the goal"
            if parse > GOAL:
                missed.append(path.name)
            print(f"{path.name}: {parse:.3f} s beyond the baseline (min {min(r['parse'] for r in runs):.3f}, "
                  f"max {max(r['parse'] for r in runs):.3f}); DAGs {', '.join(runs[0]['dags'])}; "
                  f"{len(runs[0]['new'])} new modules; heavy at parse time: {', '.join(heavy) or 'none'} — {verdict}")
        print(f"baseline `from airflow.sdk import dag, task, Asset`: median {median(baselines):.3f} s "
              f"over {len(baselines)} interpreters")
    print(f"dag parse: {len(files) - len(missed)}/{len(files)} files within {GOAL} s"
          + (f"; over: {', '.join(missed)}" if missed else ""))


if __name__ == "__main__":
    main()
