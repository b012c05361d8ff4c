"""Import from and export to spreadsheets and Word tables; the only package that imports openpyxl,
python-calamine or python-docx, and only when `briefing import` or `briefing export` runs."""
