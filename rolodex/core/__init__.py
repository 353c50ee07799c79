"""The domain: everything that knows the database. Never imports Textual."""
