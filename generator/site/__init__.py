"""View models -> the site on disk: the build, its incremental reuse, staging, serving."""
