"""The statwatch Airflow plugin: registers the Data Docs link so the UI can show it."""

from __future__ import annotations

from airflow.plugins_manager import AirflowPlugin

from statwatch_airflow.operators import DataDocsLink


class StatwatchPlugin(AirflowPlugin):
    """statwatch's additions to the Airflow UI."""

    name = "statwatch"
    operator_extra_links = [DataDocsLink()]
