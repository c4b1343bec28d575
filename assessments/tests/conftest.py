from testsupport.onderzoek_fixtures import client, client_for, dossier, logged_in

__all__ = ["client", "client_for", "dossier", "logged_in"]
