"""iWmo/iJw 3.2 messages: find the official XSDs, validate, read and write messages.

Pure Python, no Django models: the messaging app builds on it. The XSDs are read from the
folder an operator configures (``settings.ISTANDAARDEN_XSD_DIR``), never copied in. Reading:
``reading``; writing (301, 319, retours, 325; always validated): ``writing`` with the inputs in
``outgoing`` and the retour codes in ``retourcodes``.
"""
