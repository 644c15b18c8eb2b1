"""Generate N realistic cluster profiles for benchmarks: copies of the bundled ones with fresh ids
and varied assessed levels, in a profiles folder laid out like the bundled one.

    python benchmarks/generate.py 10000 /tmp/profiles-10k
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

from clusterkit.loading import bundled_profiles_dir


def generate(count: int, target: Path, seed: int = 0) -> None:
    """Write ``count`` cluster profiles to ``target/clusters`` (the folder is replaced)."""
    rng = random.Random(seed)
    sources = sorted((bundled_profiles_dir() / "clusters").glob("*.yaml"))
    templates = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sources]
    if target.exists():
        shutil.rmtree(target)
    folder = target / "clusters"
    folder.mkdir(parents=True)
    for n in range(count):
        doc = dict(templates[n % len(templates)])
        new_id = f"{doc['id']}-{n:05d}"
        doc["id"] = new_id
        doc["name"] = f"{doc['name']} (copy {n})"
        assessments = []
        for assessment in doc.get("assessments", []):
            levels = {
                key: {**value, "level": max(0, min(4, value["level"] + rng.choice((-1, 0, 0, 1))))}
                for key, value in assessment.get("levels", {}).items()
            }
            assessments.append({**assessment, "levels": levels})
        if assessments:
            doc["assessments"] = assessments
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        body = {k: v for k, v in doc.items() if k != "kind"}
        text = "kind: cluster\n" + yaml.dump(body, Dumper=dumper, sort_keys=False, allow_unicode=True)
        (folder / f"{new_id}.yaml").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int)
    parser.add_argument("target", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    generate(args.count, args.target, args.seed)


if __name__ == "__main__":
    main()
