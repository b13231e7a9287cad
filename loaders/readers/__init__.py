"""Built-in readers; importing this package registers them."""
from loaders.readers import html, markdown, text  # noqa: F401
