"""iWmo/iJw 3.2 messages: find the official XSDs, validate and read messages.

Pure Python, no Django models: the messaging app builds on it. The XSDs are read from the
folder an operator configures (``settings.ISTANDAARDEN_XSD_DIR``), never copied in.
"""
