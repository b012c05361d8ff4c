"""Change reports: what differs between two packets (folders, or git revisions of one), as a typed
change list (changes.py) made by compare.py and text.py, shown by terminal.py and jsonout.py."""
