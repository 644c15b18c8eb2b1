"""The skeleton of a new cluster profile, every field documented (``clusterkit new``)."""

from __future__ import annotations

from clusterkit.models import SLUG_RE

SCHEMA_FILE = "cluster.schema.json"

TEMPLATE = """\
# yaml-language-server: $schema=../{schema}
# A cluster profile for clusterkit. Fill the REQUIRED fields, then run: clusterkit validate
# Every fact cites its source: a key from a references.yaml on the search path (the bundled one
# has el-idrissi-2020, eccp-le2c, ...), optionally followed by a locator: "el-idrissi-2020 §2.2".
# Leave out what no source says: unknown is not 0.
#
# To cite a source of your own, define its key in a references.yaml beside clusters/
# (this folder's parent), then write `source: annual-report-2023 p. 4` here:
#   kind: references
#   schema_version: 1
#   id: references
#   references:
#     - key: annual-report-2023          # lowercase letters, digits, '.', '-' and '_'
#       title: Demo Cluster annual report 2023
#       author: Demo Cluster             # optional, like year, publisher, url, doi, accessed, note
#       year: 2023
#       url: https://example.org/annual-report-2023.pdf
#       accessed: "2024-05-01"
kind: cluster
schema_version: 1
id: {id}
name: ""                      # REQUIRED: full name of the cluster organisation
# acronym: ""                 # e.g. MNC
location:
  country: ""                 # REQUIRED: ISO 3166-1 alpha-2 code, e.g. MA, IT, NO
  # city: ""
  # region: ""
  # latitude: 0.0             # decimal degrees, with longitude, for maps (clusterkit list --format geojson)
  # longitude: 0.0
  # precision: city           # city | region | country
  source: ""                  # REQUIRED: citation for the location
  # coordinates_source: geonames

# A fact is a mapping: value, source, and optionally qualifier (exact, about, more_than,
# at_least, almost, less_than), note, and alternatives (what other sources say).
# founded: {{value: 2010, source: ""}}
# sectors: {{value: [ICT], source: ""}}
# status: {{value: non-profit association, source: ""}}
# financing: {{value: "State subsidies for 3 years, then self-financing", source: ""}}
# description: {{value: "", source: ""}}

# members:                    # counts by type where known
#   total: {{value: 42, source: ""}}
#   companies: {{value: 0, source: ""}}
#   smes / large_companies / universities / research_centres / universities_and_research_centres /
#   training_institutions / public_bodies / financial_institutions / associations: likewise
#   types: {{value: [companies, universities, public_bodies], source: ""}}

# economy:
#   turnover: {{value: {{amount: 1000000, currency: EUR, year: 2019}}, source: ""}}
#   employees: {{value: 100, source: ""}}
#   exporting_members_share: {{value: 0.7, source: ""}}   # a fraction 0-1
#   countries_reached: {{value: 10, source: ""}}
#   national_production_share: {{value: 0.1, source: ""}}

# management:
#   staff_fte: {{value: 2.5, source: ""}}
#   english_website: {{value: true, source: ""}}
#   website: {{value: "https://example.org", source: ""}}

# labels:                     # level: bronze | silver | gold | other
#   - {{name: ESCA Bronze label, level: bronze, year: 2012, source: ""}}
# networks / partnerships / supporters / specialisations / thematic_poles / work_axes /
# commitments / milestones: lists of {{name, description, since, source}}
# reviews: list of {{topic, findings, questions, period, source}}
# notes: list of {{text, source}} for cited facts with no field of their own

# Assessed levels (0-4) of the framework's assessed indicators, each with evidence.
# assessments:
#   - framework: default
#     date: "2024"
#     levels:
#       strategy_documented:
#         level: 2
#         evidence:
#           - {{text: "A strategy for 2024-2027 was adopted by the board", source: ""}}
# target:                     # planned levels, compared with: clusterkit compare {id} {id}@target
#   framework: default
#   levels:                   # a plain level 0-4; evidence is optional for a plan
#     strategy_documented: 3
#     performance_monitoring: {{level: 2, evidence: [{{text: "Board decision of 2024-03", source: ""}}]}}
"""


def cluster_skeleton(cluster_id: str) -> str:
    """The text of a new cluster profile with this id; raises ValueError for an id that is not a slug."""
    if not SLUG_RE.fullmatch(cluster_id):
        raise ValueError(f"{cluster_id!r} is not a valid id: use lowercase letters, digits, '-' and '_' (at most 64)")
    return TEMPLATE.format(id=cluster_id, schema=SCHEMA_FILE)
