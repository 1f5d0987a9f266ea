"""Karpathy style guide generator: YAML data -> checked catalog -> MkDocs pages."""
