"""Built-in readers; importing this package registers them."""
from nordgraph.loaders.readers import html, markdown, pdf, tables, text  # noqa: F401
