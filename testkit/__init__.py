"""Helpers for the tests and benchmarks only (a throw-away Bolt server, a network-less browser);
not part of the shipped ``nordgraph`` package."""
