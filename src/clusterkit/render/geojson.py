"""GeoJSON (RFC 7946): clusters as a FeatureCollection of points, for QGIS or any web map."""

from __future__ import annotations

import json
from typing import Any

from clusterkit.render import RenderOptions

PROPERTIES = ("id", "name", "acronym", "country", "city", "region", "founded", "sectors", "status")


def render(result: Any, options: RenderOptions) -> str:
    rows = getattr(result, "rows", None)
    if getattr(result, "payload_name", None) != "clusters" or rows is None:
        raise ValueError("the geojson format is only available for 'clusterkit list'")
    features = []
    for row in rows():
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
