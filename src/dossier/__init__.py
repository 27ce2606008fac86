"""dossier: turn a folder of source documents about a human-rights event into a PDF dossier."""

__version__ = "0.1.0"
