import kernel  # noqa: F401  (first: PyMuPDF without its layout analyser, kernel/__init__.py)
