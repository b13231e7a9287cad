"""``python -m nordgraph``: the same command as ``nordgraph``."""
from nordgraph.cli import console

console()
