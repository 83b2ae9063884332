"""The product's import names are generic words (`pipeline`, `flows`, `outputs`, …) because the
client asked for those folders. Installed into a shared site-packages they could shadow, or be
shadowed by, another distribution's package of the same name. The product is therefore
installed into its own virtual environment (`make` creates `.venv`; pipx does the same for an
operator), and this test fails if any other installed distribution provides one of our
top-level names — the collision is caught where it would happen, not at a user's desk."""

import importlib.metadata
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _our_top_level_names() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["packages"]["find"]["include"]
    return sorted(pattern.rstrip("*") for pattern in patterns)


def test_no_other_installed_distribution_provides_our_import_names():
    ours = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"]
    providers = importlib.metadata.packages_distributions()
    clashes = {name: sorted(set(providers.get(name, [])) - {ours}) for name in _our_top_level_names()}
    assert not {name: others for name, others in clashes.items() if others}


def test_every_top_level_package_folder_is_declared():
    declared = set(_our_top_level_names())
    folders = {path.parent.name for path in ROOT.glob("*/__init__.py")}
    assert folders - {"tests"} <= declared
