"""Airflow-side pieces of statwatch that must be importable by the triggerer (the library never imports airflow)."""
