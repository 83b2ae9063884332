"""A corpus of synthetic dossiers and its truth.json: the test, demo and benchmark input.

Plans which dossier gets which carrier type and defects (deterministically from one
seed), generates them with a progress bar, adds the bad files on request, and writes the
truth file every later stage is measured against. `profile` picks the factory: "default"
(this package's dossiers) or "wild" (factory/wild: dossiers drawn as real applicants make
them, with their own defect names); both write the same truth structure.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from factory import defects as defect_kinds
from factory.badfiles import make_bad_files, restrict_permissions
from factory.content import TYPES
from factory.dossier import GENERATOR, DossierSpec, GeneratedFile, NameTaken, generate_dossier
from factory.wild import defects as wild_defects
from factory.wild.dossier import GENERATOR as WILD_GENERATOR
from factory.wild.dossier import generate_wild_dossier

PROFILES = {"default": (generate_dossier, GENERATOR), "wild": (generate_wild_dossier, WILD_GENERATOR)}


def _check_profile(profile: str) -> None:
    if profile not in PROFILES:
        raise ValueError(f"未知的生成方案：{profile}；可选：{', '.join(PROFILES)}")


def generate_with_fresh_name(spec: DossierSpec, out_dir: Path, reserved: set[str],
                             profile: str = "default") -> list[GeneratedFile]:
    """Generate `spec`'s files; when its unit's name is already taken in `out_dir`, move the
    seed on (to another unit) until it is not. Returns the generated files."""
    _check_profile(profile)
    generate = PROFILES[profile][0]
    while True:
        try:
            return generate(spec, out_dir, reserved)
        except NameTaken:
            spec.seed += 7_919_000


def plan_corpus(*, count: int, seed: int, carrier_type: str | None = None, defects: list[str] | None = None,
                pages: int | None = None, profile: str = "default") -> list[DossierSpec]:
    """The dossiers to make. `defects == ["all"]`: one per defect kind plus two correct
    ones (at least `count` in all); a list: round-robin over the dossiers; none: for the
    default profile about a third correct, the rest with 1–2 random compatible defects;
    for the wild profile most correct, the rest with one ordinary defect (now and then two)."""
    if carrier_type is not None and carrier_type not in TYPES:
        raise ValueError(f"未知的载体类型：{carrier_type}；可选：{', '.join(TYPES)}")
    _check_profile(profile)
    kinds_of = wild_defects if profile == "wild" else defect_kinds
    rng = random.Random(seed)
    if defects == ["all"]:
        kinds = [[d] for d in dict.fromkeys([*kinds_of.DEFECTS, *kinds_of.SEAL_DEFECTS])]
        plan = kinds + [[] for _ in range(max(2, count - len(kinds)))]
    elif defects:
        kinds_of.validate(defects)
        plan = [[defects[i % len(defects)]] for i in range(count)]
    elif profile == "wild":
        plan = [wild_defects.random_defects(rng) for _ in range(count)]
    else:
        correct = set(rng.sample(range(count), max(1, round(count / 3)) if count > 1 else 1))
        plan = [[] if i in correct else defect_kinds.random_defects(rng) for i in range(count)]
    return [DossierSpec(carrier_type=carrier_type or TYPES[i % len(TYPES)], seed=seed * 100_003 + i,
                        defects=chosen, pages=pages) for i, chosen in enumerate(plan)]


def generate_corpus(out_dir: Path, *, count: int, seed: int, carrier_type: str | None = None,
                    defects: list[str] | None = None, pages: int | None = None, bad_files: bool = False,
                    console: Console | None = None, profile: str = "default") -> Path:
    """Write the dossiers (and bad files) into `out_dir`; returns the truth.json path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    specs = plan_corpus(count=count, seed=seed, carrier_type=carrier_type, defects=defects, pages=pages,
                        profile=profile)
    reserved: set[str] = set()
    entries: list[dict] = []
    progress = Progress(TextColumn("[bold]生成申报材料"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        TextColumn("{task.description}"), console=console, disable=console is None)
    with progress:
        task = progress.add_task("", total=len(specs) + (1 if bad_files else 0))
        for spec in specs:
            files = generate_with_fresh_name(spec, out_dir, reserved, profile)
            entries += [{**f.truth, "profile": profile} for f in files]
            progress.update(task, advance=1, description=files[0].path.name)
        if bad_files:
            _restrict_one_correct_dossier(out_dir, entries, seed)
            entries += [truth for _, truth in make_bad_files(out_dir, seed * 100_003 + 99_991, reserved)]
            progress.update(task, advance=1, description="损坏文件")
    truth_path = out_dir / "truth.json"
    truth = {"generator": PROFILES[profile][1], "profile": profile, "seed": seed, "count": len(entries),
             "options": {"carrier_type": carrier_type, "defects": defects or [], "pages": pages,
                         "bad_files": bad_files, "profile": profile},
             "files": entries}
    truth_path.write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return truth_path


def _restrict_one_correct_dossier(out_dir: Path, entries: list[dict], seed: int) -> None:
    """Among the bad files belongs a readable one: a correct dossier with owner-only encryption."""
    correct = next((e for e in entries if e["kind"] == "dossier" and not e["defects"]), None)
    if correct is not None:
        restrict_permissions(out_dir / correct["filename"], seed)
        correct["encryption"] = "owner_only"
