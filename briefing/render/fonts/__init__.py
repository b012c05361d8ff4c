"""Fonts for the PDF: registry, font programs, and the parsed-font cache."""
