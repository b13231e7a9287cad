"""``python -m nordgraph``: the same command as ``nordgraph``."""
from nordgraph.cli import main

main(prog_name="nordgraph")
