"""``python -m gwformat``: the gwformat command."""

from .cli import run

run()
