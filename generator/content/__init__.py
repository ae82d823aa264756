"""Files -> checked models: the YAML of a content root read, validated, cached."""
