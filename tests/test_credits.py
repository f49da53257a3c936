"""Credit lines: agency forms parsed into parts and printed back in house style; pure."""

from __future__ import annotations

import pytest

from cms.domain.credits import Credit, parse_credit, render_credit


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        (
            "Photo by Tomas Averill/AFP via Getty Images",
            Credit("Tomas Averill", "AFP", "Getty Images"),
        ),
        ("Photo by Kevin Dietsch/Getty Images", Credit("Kevin Dietsch", "Getty Images", None)),
        ("Photo by Ana Ruiz", Credit("Ana Ruiz", None, None)),
        ("Photo by Ana Ruiz via Harbour Press", Credit("Ana Ruiz", None, "Harbour Press")),
        ("AFP via Getty Images", Credit(None, "AFP", "Getty Images")),
        ("Reuters", Credit(None, "Reuters", None)),
        ("via Getty Images", Credit(None, None, "Getty Images")),
        ("Photo by Lena Ostrova/Pool/AFP", Credit("Lena Ostrova/Pool", "AFP", None)),
        ("", Credit(None, None, None)),
    ],
)
def test_house_style_lines_round_trip(line: str, credit: Credit) -> None:
    assert parse_credit(line) == credit
    assert render_credit(credit) == line


def test_creator_and_agency_without_a_prefix_are_both_kept() -> None:
    credit = parse_credit("Marta Quell/AP via Harbour Press")
    assert credit == Credit("Marta Quell", "AP", "Harbour Press")
    assert render_credit(credit) == "Photo by Marta Quell/AP via Harbour Press"
    assert parse_credit("Marta Quell/AP") == Credit("Marta Quell", "AP", None)


@pytest.mark.parametrize(
    "line",
    [
        "Photograph by Lena Ortiz/Coastal News Agency",
        "Picture by Lena Ortiz/Coastal News Agency",
        "Video by Lena Ortiz/Coastal News Agency",
        "photo BY Lena Ortiz/Coastal News Agency",
        "Photo: Lena Ortiz/Coastal News Agency",
        "  Photo   by  Lena   Ortiz /  Coastal News Agency  ",
    ],
)
def test_every_usual_prefix_and_spacing_is_understood(line: str) -> None:
    assert parse_credit(line) == Credit("Lena Ortiz", "Coastal News Agency", None)


def test_via_is_case_insensitive_and_only_a_whole_word() -> None:
    assert parse_credit("Photo by Olivia Park/AFP VIA Getty Images") == Credit(
        "Olivia Park", "AFP", "Getty Images"
    )
    assert parse_credit("Viadukt Press") == Credit(None, "Viadukt Press", None)


def test_missing_parts_are_dropped_from_the_line() -> None:
    assert render_credit(Credit(None, None, None)) == ""
    assert render_credit(Credit("Sam Lee", None, None), kind="Video") == "Video by Sam Lee"
    assert render_credit(Credit(None, "AP", "Harbour Press")) == "AP via Harbour Press"


def test_empty_parts_become_none() -> None:
    assert parse_credit("Photo by /AFP") == Credit(None, "AFP", None)
    assert parse_credit("Photo by") == Credit(None, None, None)
    assert parse_credit("   ").is_empty
