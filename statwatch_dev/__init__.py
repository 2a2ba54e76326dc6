"""The harness that demonstrates statwatch: the sample publisher, an SMTP sink, a local Airflow and the demo."""
