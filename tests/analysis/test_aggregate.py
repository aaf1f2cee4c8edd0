"""Unit tests for analysis.aggregate: the small-number rule and the summaries."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.aggregate import (
    Shown,
    choice_summary,
    compare,
    janej_summary,
    likert_summary,
    pooled_response_rate,
    procesretfaerdighed_index,
    response_rate,
    shown_cells,
    shown_shares,
    suppress,
    suppression_reasons,
    theme_summary,
)

# --------------------------------------------------------------------------- suppress


def test_all_cells_at_or_above_k_are_shown() -> None:
    assert suppress({"a": 5, "b": 7, "c": 12}, 5) == {"a": 5, "b": 7, "c": 12}


def test_zero_cells_are_not_sensitive() -> None:
    assert suppress({"a": 0, "b": 9, "c": 0}, 5) == {"a": 0, "b": 9, "c": 0}


def test_single_small_cell_triggers_complementary_suppression_of_next_smallest() -> None:
    result = suppress({"ja": 20, "nej": 3, "vi": 8}, 5)
    assert result == {"ja": 20, "nej": None, "vi": None}


def test_complementary_never_picks_a_zero_cell() -> None:
    result = suppress({"1": 0, "2": 2, "3": 0, "4": 6, "5": 9}, 5)
    assert result == {"1": 0, "2": None, "3": 0, "4": None, "5": 9}


def test_ties_pick_the_first_in_order() -> None:
    assert suppress({"a": 7, "b": 2, "c": 7}, 5) == {"a": None, "b": None, "c": 7}


def test_two_small_cells_need_no_complement() -> None:
    assert suppress({"a": 1, "b": 2, "c": 30}, 5) == {"a": None, "b": None, "c": 30}


def test_total_below_k_hides_every_nonzero_cell() -> None:
    assert suppress({"a": 3, "b": 0}, 5) == {"a": None, "b": 0}
    cells = shown_cells({"a": 2, "b": 1}, 5)
    assert all(c.suppressed for c in cells.values())


def test_k_must_be_positive() -> None:
    with pytest.raises(ValueError):
        suppress({"a": 1}, 0)


@settings(max_examples=400, deadline=None)
@given(
    counts=st.dictionaries(
        st.sampled_from(["1", "2", "3", "4", "5", "vi", "x", "y"]),
        st.integers(min_value=0, max_value=40),
        min_size=1,
    ),
    k=st.integers(min_value=1, max_value=10),
)
def test_no_hidden_cell_can_be_recovered_from_the_total(counts: dict[str, int], k: int) -> None:
    result = suppress(counts, k)
    total = sum(counts.values())
    hidden = [key for key, value in result.items() if value is None]
    # Shown cells are exact, and every small non-zero cell is hidden.
    for key, value in result.items():
        if value is not None:
            assert value == counts[key]
            assert value == 0 or value >= k
    if total >= k:
        # The total is published: exactly one hidden cell would equal total − sum(shown).
        assert len(hidden) != 1
        if hidden:
            remainder = total - sum(v for v in result.values() if v is not None)
            assert all(remainder != counts[key] or len(hidden) > 1 for key in hidden)
    else:
        assert all(counts[key] == 0 for key in counts if key not in hidden)


# --------------------------------------------------------------------------- Shown


def test_shown_text_small_number_and_danish_formats() -> None:
    assert Shown.of(3.0, 3, 5).text() == "færre end 5"
    assert Shown.of(3.0, 3, 5).text(reveal=True) == "3"
    assert Shown.of(3.456, 8, 5, "mean").text() == "3,5"
    assert Shown.of(42.4, 8, 5, "percent").text() == "42 %"
    assert Shown.of(None, 0, 5, "mean").text() == "–"
    assert Shown.of(0.0, 0, 5).text() == "0"
    assert Shown.of(2.0, 2, 3).text() == "færre end 3"
    assert Shown.of(2.0, 2, 3).visible is None
    assert str(Shown.of(9.0, 9, 5)) == "9"


# --------------------------------------------------------------------------- summaries


def test_likert_summary_excludes_dont_know_from_mean() -> None:
    summary = likert_summary(["1", "5", "5", "vi", "vi", "junk"])
    assert summary.counts == {"1": 1, "2": 0, "3": 0, "4": 0, "5": 2, "vi": 2}
    assert summary.n == 5 and summary.n_valid == 3 and summary.dont_know == 2
    assert summary.mean == pytest.approx(11 / 3)
    assert summary.shown_mean(5).suppressed  # only 3 non-"vi" answers
    assert summary.shown_mean(3).text() == "3,7"
    assert summary.shown_n(5).text() == "5"
    assert likert_summary([]).mean is None


def test_janej_and_choice_summaries() -> None:
    janej = janej_summary(["ja"] * 6 + ["nej"] * 2 + ["vi"])
    assert janej.counts == {"ja": 6, "nej": 2, "vi": 1} and janej.n == 9
    counts = janej.shown_counts(5)
    assert counts["ja"].text() == "6"  # two small cells hidden: no complement needed
    assert counts["nej"].suppressed and counts["vi"].suppressed
    shares = janej.shown_shares(5)
    assert shares["ja"].suppressed == counts["ja"].suppressed
    choice = choice_summary(["tlf", "tlf", "mail", "other"], ["tlf", "mail", "moede"])
    assert choice.counts == {"tlf": 2, "mail": 1, "moede": 0} and choice.n == 3


def test_one_small_cell_hides_the_next_smallest() -> None:
    janej = janej_summary(["ja"] * 10 + ["nej"] * 2 + ["vi"] * 6)
    counts = janej.shown_counts(5)
    assert counts["ja"].text() == "10"
    assert counts["nej"].suppressed and counts["vi"].suppressed  # "vi" is the complement


def test_procesretfaerdighed_index_pools_answers() -> None:
    result = procesretfaerdighed_index(
        [
            {"S06": "5", "S07": "5", "S08": "vi"},
            {"S06": "1", "S07": "3"},
            {"S06": "vi", "S07": "vi", "S08": "vi"},
            {"S01": "5"},
        ]
    )
    # pooled: 100, 100, 0, 50 → 62.5; two responses contribute.
    assert result.value == pytest.approx(62.5)
    assert result.n == 2 and result.answers == 4
    assert result.shown(5).suppressed and result.shown(2).text() == "62"
    assert procesretfaerdighed_index([]).value is None


def test_compare_suppresses_differences_with_a_hidden_side() -> None:
    current = Shown.of(70.0, 12, 5, "index")
    earlier = [Shown.of(40.0, 3, 5, "index"), Shown.of(60.0, 9, 5, "index")]
    everyone = Shown.of(65.0, 200, 5, "index")
    result = compare(current, earlier, everyone)
    assert result.previous == earlier[-1]
    assert result.change_since_previous is not None
    assert result.change_since_previous.text() == "+10,0"
    assert result.difference_to_all is not None and result.difference_to_all.text() == "+5,0"
    hidden = compare(current, [earlier[0]], None)
    assert hidden.change_since_previous is not None and hidden.change_since_previous.suppressed
    assert hidden.difference_to_all is None
    assert compare(current, []).change_since_previous is None


def test_theme_summary_counts_mentions_and_sentiment() -> None:
    codings = (
        [(["tillid", "kommunikation"], "negativ")] * 6
        + [(["tillid"], "positiv")] * 2
        + [(["afgoerelse"], "neutral")] * 3
        + [(["tillid", "tillid"], "ukendt")]
    )
    summary = theme_summary(codings, 5)
    rows = {row.theme: row for row in summary.rows}
    assert summary.rows[0].theme == "tillid"
    assert rows["tillid"].mentions.text() == "9" and rows["tillid"].label == "Tillid"
    split = rows["tillid"].sentiments
    assert (
        split["negativ"].value == 6 and split["positiv"].value == 2 and split["neutral"].value == 1
    )
    # positiv (2) and neutral (1) are small; no complement needed since two are hidden.
    assert split["positiv"].suppressed and split["neutral"].suppressed
    assert not split["negativ"].suppressed and split["blandet"].text() == "0"
    assert rows["afgoerelse"].mentions.suppressed
    assert all(s.suppressed or s.value == 0 for s in rows["afgoerelse"].sentiments.values())
    assert summary.texts.text() == "12"


def test_response_rate() -> None:
    assert response_rate(6, 20, 5).text() == "30 %"
    assert response_rate(3, 20, 5).text() == "færre end 5"
    assert response_rate(0, 0, 5).text() == "–"

    assert response_rate(30, 0, 5).text() == "–"  # answers but no invitations: undefined
    assert response_rate(30, 0, 5).value is None and not response_rate(30, 0, 5).suppressed


def test_pooled_response_rate_leaves_out_rounds_without_invitations() -> None:
    # An earlier round had 30 answers typed in without invitations; the open round has 3
    # invitations and 2 web answers. Summing everything gave 32/3 = 1067 %.
    assert pooled_response_rate([(30, 0), (2, 3)], 1).text() == "67 %"
    assert pooled_response_rate([(30, 0), (2, 3)], 5).text() == "færre end 5"
    assert pooled_response_rate([(6, 20), (9, 10)], 5).text() == "50 %"
    assert pooled_response_rate([(30, 0)], 5).text() == "–"
    assert pooled_response_rate([], 5).text() == "–"


# --------------------------------------------------------------------------- reasons


def test_complementary_cell_carries_its_reason_and_reads_skjult() -> None:
    counts = {"ja": 20, "nej": 3, "vi": 6}
    assert suppression_reasons(counts, 5) == {"ja": "", "nej": "small", "vi": "complementary"}
    cells = shown_cells(counts, 5)
    assert cells["nej"].text() == "færre end 5" and not cells["nej"].secondary
    assert cells["vi"].text() == "skjult" and cells["vi"].secondary
    assert "færre end" not in cells["vi"].text()
    assert cells["vi"].text(reveal=True) == "6"
    assert cells["ja"].reason == "" and cells["ja"].text() == "20"
    assert "beskytte en lille gruppe" in cells["vi"].explanation
    shares = shown_shares(counts, 5)
    assert shares["vi"].secondary and shares["vi"].text() == "skjult"
    assert shares["nej"].reason == "small"


def test_total_below_k_hides_cells_as_small_not_complementary() -> None:
    cells = shown_cells({"a": 3, "b": 1}, 5)
    assert all(c.reason == "small" and c.text() == "færre end 5" for c in cells.values())


def test_difference_keeps_the_strongest_reason() -> None:
    small = Shown.of(40.0, 3, 5, "index")
    complementary = Shown.hidden_if(50.0, 9, 5, True, "index", "complementary")
    shown = Shown.of(60.0, 9, 5, "index")
    assert compare(shown, [small]).change_since_previous.reason == "small"  # type: ignore[union-attr]
    diff = compare(shown, [complementary]).change_since_previous
    assert diff is not None and diff.secondary and diff.text() == "skjult"
    assert Shown(value=1.0, base=1, suppressed=True).reason == "small"
    assert Shown(value=9.0, base=9, suppressed=False, reason="small").reason == ""
