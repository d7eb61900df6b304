"""`kata data`: the corpora the projects train on (built in, or fetched once into a cache)."""

from __future__ import annotations

import sys

import click

from kata.reporting import render


@click.group("data")
def command() -> None:
    """List or fetch training corpora (the built-in one needs no download)."""


@command.command("list")
def list_data() -> None:
    """The built-in corpus and the fetchable data sets, with their cache state."""
    from kata.trainer.data import DATASETS, cached_path

    render.echo("builtin           CPython's documentation topics (always available, the default)")
    for name, spec in DATASETS.items():
        path = cached_path(name)
        state = f"cached at {path}" if path.is_file() else "not fetched"
        render.echo(f"{name:<17} {spec.size:,} bytes, {state}")


@command.command("fetch")
@click.argument("name")
@click.option("--url", help="Download from this address instead (a mirror); the checksum is still verified.")
def fetch_data(name: str, url: str | None) -> None:
    """Download data set NAME once, verify its SHA-256, and print its path (use it with --corpus)."""
    from kata.trainer.data import CorpusError, fetch

    try:
        path = fetch(name, url)
    except CorpusError as exc:
        render.error(str(exc))
        sys.exit(2 if "unknown data set" in str(exc) else 1)
    render.echo(str(path))
