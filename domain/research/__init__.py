"""Research department: account and contact intelligence from the internal database only.

Nothing here reaches the web: profiles, enrichment, email checks and event attendance
are computed from companies, contacts, signals, activities and external-event rows.
"""
