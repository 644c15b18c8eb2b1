"""GeoJSON (RFC 7946): the clusters of ``list`` as a FeatureCollection of points, for QGIS or any web map."""

from __future__ import annotations

import json

from clusterkit.render import RenderOptions
from clusterkit.views import View

PROPERTIES = ("id", "name", "acronym", "country", "city", "region", "founded", "sectors", "status")


def render(view: View, options: RenderOptions) -> str:
    # NOTE: the registry gives this format only views of kind "clusters", whose payload is their rows.
    features = []
    for row in view.payload:
        lat, lon = row.get("latitude"), row.get("longitude")
        geometry = None if lat is None or lon is None else {"type": "Point", "coordinates": [lon, lat]}
        features.append(
            {
                "type": "Feature",
                "id": row["id"],
                "geometry": geometry,
                "properties": {key: row.get(key) for key in PROPERTIES},
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, indent=2, ensure_ascii=False) + "\n"
