"""Entry point of the ``clusterkit`` command and ``python -m clusterkit``."""

from __future__ import annotations

import sys


def main() -> None:
    """Run the command line; ``--version`` answers before anything heavy is imported."""
    if sys.argv[1:] == ["--version"]:
        from clusterkit import __version__

        sys.stdout.write(f"clusterkit {__version__}\n")
        return
    try:
        from clusterkit.cli import run
    except KeyboardInterrupt:
        # NOTE: Ctrl-C while the program is still loading: nothing was read or written yet.
        sys.exit(130)
    sys.exit(run())


if __name__ == "__main__":
    main()
