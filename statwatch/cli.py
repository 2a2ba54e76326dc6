"""The `statwatch` command: a thin layer over the library."""

from __future__ import annotations

import click

from statwatch import __version__


@click.group()
@click.version_option(__version__, prog_name="statwatch")
def cli() -> None:
    """statwatch: watch published numbers, extract facts, alert on events."""


def _register() -> None:
    from statwatch.extract.cli import extract

    cli.add_command(extract)


_register()
