"""Canned Cypher queries, one ``.cypher`` file each (see ``queries.registry`` for the header format).

This folder is a package so that the ``.cypher`` files ship as package data.
"""
