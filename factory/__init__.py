"""The dossier factory: scanned-looking application dossiers with known defects and a
truth file, so every stage of the pre-review can be tested and benchmarked on data that
resembles what applicants hand in, without real (personal) dossiers.

`generate_corpus` makes a folder of them (the `dossier synth` command); `generate_dossier`
makes one from a `DossierSpec`. `profile="wild"` (or `generate_wild_dossier`) draws them as
real applicants do instead, from the wild profile's own vocabulary (factory/wild).
"""

import kernel  # noqa: F401  (first: PyMuPDF without its layout analyser, kernel/__init__.py)

from factory.corpus import generate_corpus, plan_corpus
from factory.dossier import DossierSpec, GeneratedFile, generate_dossier
from factory.identity import ROUND_RECEIVED
from factory.wild import generate_wild_dossier

__all__ = ["ROUND_RECEIVED", "DossierSpec", "GeneratedFile", "generate_corpus", "generate_dossier", "generate_wild_dossier",
           "plan_corpus"]
