"""Data-subject rights: find everything held about a person, export it, erase it.

``subject`` resolves who the person is (emails, names, phones, their contacts and
orders); ``locate`` finds every row that holds them, by foreign key and by a text sweep
of every tenant table; ``export`` serialises those rows; ``erase`` anonymises them in
place (aggregates such as order amounts stay), pseudonymises the audit log, records a
suppression hash and a receipt. Checkpoints live in another database and are handled
by ``adapters.checkpoint_erasure``; ``switchboard.privacy`` runs both.
"""
