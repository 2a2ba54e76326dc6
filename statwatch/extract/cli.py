"""`statwatch extract` (placeholder until the extraction engine lands)."""

import click


@click.command()
def extract() -> None:
    """Extract facts from documents."""
    raise click.ClickException("not implemented yet")
