"""YAML output: text stays text for any YAML reader, 1.1 or 1.2."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml
from typer.testing import Result

from clusterkit.loading import parse_yaml

Cli = Callable[..., Result]
WriteProfile = Callable[[Path, str, str | bytes], Path]


def test_text_that_yaml_12_reads_as_a_number_is_quoted(
    cli: Cli, tmp_path: Path, write_profile: WriteProfile, cluster_yaml: Callable[..., str]
) -> None:
    profile = cluster_yaml("demo").replace("Demo Cluster", '"1e3"').replace("city: Rabat", 'city: "0o17"')
    write_profile(tmp_path, "mine/clusters/demo.yaml", profile)
    result = cli("show", "demo", "-p", tmp_path / "mine", "--format", "yaml")
    assert result.exit_code == 0
    assert "name: '1e3'" in result.stdout and "city: '0o17'" in result.stdout
    # Both PyYAML (YAML 1.1) and clusterkit's own YAML 1.2-like reader keep them as text.
    for doc in (yaml.safe_load(result.stdout), parse_yaml(result.stdout, "show.yaml").data):
        assert (doc["cluster"]["name"], doc["cluster"]["location"]["city"]) == ("1e3", "0o17")
