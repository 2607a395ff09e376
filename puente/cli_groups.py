"""Command groups shared across contexts (``puente import …``, ``puente export …``, ``keys``)."""

from __future__ import annotations

import typer

import_app = typer.Typer(help="Import data from files.", no_args_is_help=True)
export_app = typer.Typer(help="Export data to files.", no_args_is_help=True)
keys_app = typer.Typer(help="Data keys: rotation and crypto-shredding.", no_args_is_help=True)
