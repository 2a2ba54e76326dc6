"""Operators and links for the statwatch DAGs (the DAG files stay wiring only)."""

from __future__ import annotations

from typing import Any

from airflow.sdk import BaseOperator, BaseOperatorLink

FACTS_URI = "statwatch://warehouse/facts"
FACTS_CHANGED_ALIAS = "statwatch-facts-changed"  # the merge task emits FACTS through it only when facts changed


class DataDocsLink(BaseOperatorLink):
    """The Great Expectations Data Docs page of the validation this task ran."""

    name = "Data Docs"

    def get_link(self, operator: BaseOperator, *, ti_key: Any) -> str:
        from airflow.sdk.execution_time.xcom import XCom

        summary = XCom.get_value(ti_key=ti_key, key="return_value") or {}
        pages = summary.get("data_docs") if isinstance(summary, dict) else None
        return pages[-1] if pages else ""


class ValidateFactsOperator(BaseOperator):
    """The validate stage of an ingest run: Great Expectations over the staged batches, held rows quarantined;
    links the Data Docs page of the validation (button 'Data Docs' on the task)."""

    template_fields = ("fetched",)
    operator_extra_links = (DataDocsLink(),)

    def __init__(self, *, fetched: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.fetched = fetched

    def execute(self, context: Any) -> dict[str, Any]:
        from statwatch.pipeline import run_validate

        return run_validate(self.fetched["batch_ids"])
