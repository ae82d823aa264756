"""journeymap: customer-journey maps as YAML in Git, published as a site and printable maps."""

__version__ = "0.1.0"
