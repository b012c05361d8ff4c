"""The typed model handed between stages: packet, layout, quantities and the document plan."""
