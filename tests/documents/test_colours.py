"""Which colour means which status: the document's key first, then the standard shades."""

import pytest

from improvement_tracker.documents.colours import (
    STANDARD_SHADES,
    STATUS_FILLS,
    UnknownColour,
    normalise,
    status_for_fill,
)
from improvement_tracker.plans.rag import Status


@pytest.mark.parametrize(
    ("fill", "status"),
    [
        ("FF0000", Status.OFF_TRACK),
        ("CC0000", Status.OFF_TRACK),
        ("FFC000", Status.AT_RISK),
        ("FFFF00", Status.AT_RISK),  # yellow is amber in many trackers
        ("FF9900", Status.AT_RISK),
        ("00B050", Status.ON_TRACK),
        ("92D050", Status.ON_TRACK),
        ("0070C0", Status.COMPLETE),
        ("A6A6A6", Status.COMPLETE),  # grey: completed, as blue is
        ("#00b050", Status.ON_TRACK),
        ("FFFF0000", Status.OFF_TRACK),  # ARGB, as Excel writes it
    ],
)
def test_without_a_key_the_nearest_standard_shade_is_read(fill, status):
    assert status_for_fill(fill) is status


@pytest.mark.parametrize("fill", [None, "", "auto", "FFFFFF", "F2F2F2", "not a colour"])
def test_no_fill_white_or_nearly_white_means_no_colour(fill):
    assert status_for_fill(fill) is None


@pytest.mark.parametrize("fill", ["7030A0", "00FFFF", "000000", "FF00FF", "FCE4D6"])
def test_a_colour_far_from_every_shade_is_reported_not_guessed(fill):
    with pytest.raises(UnknownColour, match=f"#{fill}"):
        status_for_fill(fill)


def test_the_documents_own_key_wins_over_the_standard_shades():
    # This plan marks Completed in green and Green in light green.
    key = {"00B050": Status.COMPLETE, "C6EFCE": Status.ON_TRACK}
    assert status_for_fill("00B050", key) is Status.COMPLETE
    assert status_for_fill("00A850", key) is Status.COMPLETE  # nearest key colour
    assert status_for_fill("C6EFCE", key) is Status.ON_TRACK
    assert status_for_fill("FF0000", key) is Status.OFF_TRACK  # not in the key: the standard


def test_every_export_fill_reads_back_as_its_own_status():
    for status, fill in STATUS_FILLS.items():
        assert status_for_fill(fill) is status
        assert fill in STANDARD_SHADES[status]


def test_normalise_accepts_the_ways_files_write_colours():
    assert normalise("#ff0000") == normalise("FFFF0000") == normalise("FF0000") == "FF0000"
