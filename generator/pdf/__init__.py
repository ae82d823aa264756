"""View models -> printable maps (WeasyPrint, in worker processes)."""
