"""The cliëntervaringsonderzoek (Wmo 2015 art. 2.5.1): invitations, and answers kept apart from any person."""
