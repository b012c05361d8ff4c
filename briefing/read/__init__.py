"""Reading input files: YAML to located nodes, nodes to the typed model, every problem collected."""
