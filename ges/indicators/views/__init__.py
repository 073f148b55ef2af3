"""Pages of an agency's indicators: the list per agency and year (agency.py), the indicator
page with its in-place editing (indicator.py) and the criteria editor (criteria.py)."""
