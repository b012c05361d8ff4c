"""Files on disk: atomic writes that keep modes, and trusted cache folders."""
