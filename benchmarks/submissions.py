"""Generate an ODK Central export of N submissions of the default framework's XLSForm, for benchmarks.

    python benchmarks/submissions.py 1000 /tmp/submissions.csv

Each submission assesses a fresh cluster (``bench-00000``...) on the same date: every assessed
indicator gets a level (one in six unknown), an evidence text of a few hundred characters, some
with a comma, quotes or a line break, and some their own source; the facts are filled in. The
columns are those ODK Central writes: ``SubmissionDate``, the questions with group paths joined
by ``-``, then ``meta-instanceID``, ``KEY`` and the rest of its metadata.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

from clusterkit.intake.xlsform import form_layout
from clusterkit.loading import Catalog, search_dirs

CENTRAL_AFTER = (
    "meta-instanceID",
    "KEY",
    "SubmitterID",
    "SubmitterName",
    "AttachmentsPresent",
    "AttachmentsExpected",
    "Status",
    "ReviewState",
    "DeviceID",
    "Edits",
    "FormVersion",
)
# The words of the evidence texts: commas, a semicolon and quotes, as typed on a tablet.
TEXT = (
    "the cluster runs a programme with its members, reported in the annual activity report;"
    ' SMEs take part in working groups on "smart grids" and energy efficiency, and the board'
    " reviews the action plan every year"
)


def generate_export(count: int, target: Path, seed: int = 0) -> None:
    """Write an ODK Central CSV export of ``count`` submissions of the default framework's form."""
    rng = random.Random(seed)
    layout = form_layout(Catalog(search_dirs([], env="")).framework("default"))
    questions = list(layout.questions())
    with target.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["SubmissionDate", *("-".join(q) for q in questions), *CENTRAL_AFTER])
        for n in range(count):
            values: dict[tuple[str, ...], str] = {
                ("cluster_id",): f"bench-{n:05d}",
                ("date",): "2024-05-03",
                ("profile", "name"): f"Benchmark cluster {n}",
                ("profile", "country"): rng.choice(("MA", "IT", "FR", "ES")),
                ("profile", "city"): rng.choice(("Rabat", "Milan", "Lyon", "Sevilla")),
                ("profile", "founded"): str(rng.randint(1990, 2020)),
                ("profile", "members"): str(rng.randint(10, 400)),
                ("source",): "bench-survey-2024",
                ("source_title",): "Benchmark survey of cluster managers, May 2024",
                ("source_url",): "https://example.org/survey",
            }
            for q in layout.indicators:
                level = rng.choice(("0", "1", "2", "3", "4", "unknown"))
                values[q.level] = level
                if level != "unknown":
                    words = rng.choices(TEXT.split(), k=rng.randint(20, 60))
                    if rng.random() < 0.2:
                        words.insert(rng.randrange(len(words)), "\n")
                    values[q.evidence] = " ".join(words).replace(" \n ", "\n")
                    values[q.source] = "el-idrissi-2020 §2.2" if rng.random() < 0.3 else ""
            instance = f"uuid:{rng.getrandbits(128):032x}"
            meta = [instance, instance, "5", "collector", "0", "0", "", "", "collect:bench", "0", "v1"]
            out.writerow(["2024-05-03T10:00:00.000Z", *(values.get(q, "") for q in questions), *meta])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int)
    parser.add_argument("target", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    generate_export(args.count, args.target, args.seed)


if __name__ == "__main__":
    main()
