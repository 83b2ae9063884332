"""The wild profile (`dossier synth --profile wild`): dossiers drawn the way real
applicants make them, with their own titles, labels, layouts and page-number styles, so
that the product can be measured on files not shaped like the default factory's.

It reuses the default factory's drawing, scanning and identity machinery, and nothing
of its wording; like the whole factory it never imports the product's checklists,
extractors or pipeline.
"""

from factory.wild.dossier import generate_wild_dossier

__all__ = ["generate_wild_dossier"]
