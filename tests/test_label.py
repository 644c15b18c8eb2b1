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


# --- the share under method draws -----------------------------------------------------------------


def test_nominal_draw_gives_the_effective_weights() -> None:
    from clusterkit.comparison import effective_weights
    from clusterkit.sensitivity import draw_effective_weights, nominal_draw

    fw = framework()
    drawn = draw_effective_weights(fw, nominal_draw(fw))
    assert drawn == pytest.approx([effective_weights(fw)[i.id] for i in fw.indicators])


def test_drawn_weights_always_sum_to_one_even_when_a_dimension_is_left_empty() -> None:
    from clusterkit.sensitivity import draw_effective_weights, method_draws

    # A framework whose "resources" dimension holds one indicator: leaving it out empties the dimension.
    fw = framework()
    fw = fw.model_copy(update={"indicators": [i for i in fw.indicators if i.id != "networks"]})
    emptied = 0
    for draw in method_draws(fw, draws=300, seed=4):
        weights = draw_effective_weights(fw, draw)
        assert sum(weights) == pytest.approx(1.0)
        if draw.left_out is not None:
            assert weights[draw.left_out] == 0.0
            emptied += fw.indicators[draw.left_out].id == "members"
    assert emptied > 0


def test_draws_give_a_probability_and_an_ordered_interval() -> None:
    fw = framework()
    # 83 % of the weight at level 3+ (members, networks, strategy), monitoring at 0: a close call.
    profile = cluster({"strategy": 4, "monitoring": 0}, members=200, networks=4)
    result = readiness(profile, score(profile, fw), fw, draws=400, seed=3)
    u = result.uncertainty
    assert u is not None and (u.draws, u.seed, u.spread) == (400, 3, 0.25)
    assert 0 < u.probability < 1  # leaving strategy out, for one, drops the share under 80 %
    assert u.probability <= u.probability_if_unknown_good <= 1
    assert 0 <= u.share_p5 <= u.median_share <= u.share_p95 <= 1
    # The nominal figures do not depend on the draws.
    plain = readiness(profile, score(profile, fw), fw)
    assert plain.uncertainty is None
    assert result.model_copy(update={"uncertainty": None}) == plain


def test_same_seed_same_draws_other_seed_other_draws() -> None:
    fw = framework()
    profile = cluster({"strategy": 4, "monitoring": 0}, members=200, networks=4)
    scored = score(profile, fw)
    first = readiness(profile, scored, fw, draws=300, seed=7)
    assert readiness(profile, scored, fw, draws=300, seed=7) == first
    assert readiness(profile, scored, fw, draws=300, seed=8).uncertainty != first.uncertainty


def test_every_indicator_at_level_4_is_certain_and_at_level_0_hopeless() -> None:
    fw = framework()
    top = cluster({"strategy": 4, "monitoring": 4}, members=200, networks=4)
    u = readiness(top, score(top, fw), fw, draws=300, seed=1).uncertainty
    assert u is not None
    assert (u.probability, u.probability_if_unknown_good) == (1.0, 1.0)
    assert u.median_share == pytest.approx(1.0) and u.share_p5 == pytest.approx(1.0)
    bottom = cluster({"strategy": 0, "monitoring": 0}, members=0, networks=0)
    u = readiness(bottom, score(bottom, fw), fw, draws=300, seed=1).uncertainty
    assert u is not None
    assert (u.probability, u.probability_if_unknown_good) == (0.0, 0.0)
    assert (u.median_share, u.share_p5, u.share_p95) == (0.0, 0.0, 0.0)


def test_unknown_indicators_count_as_met_only_in_the_upper_probability() -> None:
    fw = framework()
    # strategy and monitoring at 4 (processes, half the weight), members at 0, networks (3/8) unknown.
    profile = cluster({"strategy": 4, "monitoring": 4}, members=0)
    profile = profile.model_copy(update={"networks": None})
    result = readiness(profile, score(profile, fw), fw, draws=300, seed=2)
    assert (result.good_share, result.good_share_if_unknown_good) == pytest.approx((0.5, 0.875))
    u = result.uncertainty
    assert u is not None
    assert u.probability == 0.0  # processes weigh at most 1.25 / 2 of the whole: never 80 %
    assert 0.5 < u.probability_if_unknown_good < 1


def test_the_frameworks_good_practice_level_decides_what_counts() -> None:
    fw3 = framework()
    fw2 = framework(good_practice=2)
    profile = cluster({"strategy": 2, "monitoring": 2}, members=20, networks=2)  # every indicator at level 2
    assert readiness(profile, score(profile, fw3), fw3, draws=50).good_share == 0.0
    at_two = readiness(profile, score(profile, fw2), fw2, draws=50)
    assert at_two.good_share == pytest.approx(1.0) and at_two.holding_back == []
    assert at_two.uncertainty is not None and at_two.uncertainty.probability == 1.0
    payload = label_view(at_two).payload
    assert payload["readiness"]["good_practice_level"] == 2
    assert "level 2 or more" in payload["note"]


def test_impossible_draws_are_refused() -> None:
    fw = framework()
    profile = cluster({"strategy": 4})
    with pytest.raises(ValueError):
        readiness(profile, score(profile, fw), fw, draws=0)
    with pytest.raises(ValueError):
        readiness(profile, score(profile, fw), fw, draws=10, spread=1.0)


def test_the_view_adds_the_draws_and_changes_nothing_else() -> None:
    fw = framework()
    profile = cluster({"strategy": 4, "monitoring": 0}, members=200, networks=4)
    scored = score(profile, fw)
    plain = label_view(readiness(profile, scored, fw))
    drawn = label_view(readiness(profile, scored, fw, draws=100, seed=5))
    extra = drawn.payload.pop("uncertainty")
    assert drawn.payload == plain.payload
    assert set(extra) == {
        "draws",
        "seed",
        "spread",
        "method",
        "threshold",
        "probability",
        "probability_if_unknown_good",
        "share",
    }
    assert set(extra["share"]) == {"median", "p5", "p95"}
    assert [t.name for t in drawn.tables] == ["eligibility", "readiness", "uncertainty", "holding-back", "labels"]
    # CSV writes one table: the draws, when they were asked for.
    assert drawn.primary_table().name == "uncertainty" and plain.primary_table().name == "eligibility"
