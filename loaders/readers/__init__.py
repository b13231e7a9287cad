"""Built-in readers; importing this package registers them."""
from loaders.readers import text  # noqa: F401
