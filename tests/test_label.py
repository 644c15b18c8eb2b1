"""Label readiness: ESCA eligibility from profile facts, readiness against the Gold 80 %."""

from __future__ import annotations

from typing import Any

import pytest

from clusterkit.label import eligibility, readiness
from clusterkit.scoring import score
from clusterkit.views.label import label_view
from test_scoring import cluster, framework


def statuses(profile: Any) -> dict[str, str]:
    return {c.id: c.status for c in eligibility(profile)}


def test_unknown_facts_give_unknown_criteria() -> None:
    profile = cluster({}, members=None)
    assert statuses(profile) == {
        "management_fte": "unknown",
        "committed_members": "unknown",
        "member_types": "unknown",
        "english_website": "unknown",
    }


def test_facts_decide_the_criteria() -> None:
    profile = cluster(
        {},
        members=None,
        management={
            "staff_fte": {"value": 0.4, "source": "t"},
            "english_website": {"value": True, "source": "t"},
        },
    )
    profile = profile.model_copy(
        update={
            "members": profile.members.model_validate(
                {
                    "total": {"value": 20, "source": "t"},
                    "types": {"value": ["companies", "universities"], "source": "t"},
                }
            )
        }
    )
    assert statuses(profile) == {
        "management_fte": "not met",
        "committed_members": "met",
        "member_types": "met",
        "english_website": "met",
    }


def test_readiness_bounds_and_verdict() -> None:
    fw = framework()
    profile = cluster({"strategy": 4, "monitoring": 1}, members=200, networks=0)
    result = readiness(profile, score(profile, fw), fw)
    # members (1/8 of the weight) and strategy (1/3) are at level 3+; networks (3/8) is unknown.
    assert result.good_share == pytest.approx(1 / 8 + 1 / 3)
    assert result.good_share_if_unknown_good == pytest.approx(1 / 8 + 1 / 3 + 3 / 8)
    assert result.verdict == "undetermined"  # 46 % known good, 83 % if the unknown were good
    assert [h.id for h in result.holding_back] == ["networks", "monitoring"]  # largest weight first
    assert label_view(result).payload["indicative"] is True


def test_the_view_writes_the_criteria_and_the_note_in_words() -> None:
    from clusterkit.views.label import label_view

    fw = framework()
    profile = cluster({"strategy": 4}, members=200)
    view = label_view(readiness(profile, score(profile, fw), fw))
    requirements = [c["requirement"] for c in view.payload["eligibility"]]
    assert requirements == [
        "management team of at least 0.5 FTE",
        "at least 15 committed members",
        "at least 2 types of members (triple helix)",
        "an English website",
    ]
    assert view.payload["note"].endswith("with the Gold label's 80 % total score.")
    assert view.tables[1].title == "Readiness against the Gold label's 80 % (indicative; assessment 2019)"
