"""Credit lines in agency style, kept as parts so desks can search by agency and distributor.

A line such as "Photo by Tomas Averill/AFP via Getty Images" names three parties: who made the
picture (creator), whose picture it is (agency) and who sold it to us (distributor). Parsing is
tolerant of what arrives from agencies and editors; rendering gives one line in house style.

When a line has several slashes ("Lena Ostrova/Pool/AFP"), the agency is the last part and the
creator keeps the rest ("Lena Ostrova/Pool"), so a search for the agency "AFP" finds it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KIND_PREFIX = re.compile(
    r"^(?:photo(?:graph)?|picture|image|video|illustration)s?\s*(?:by\b|:)\s*",
    re.IGNORECASE,
)
_VIA = re.compile(r"(?:^|\s)via\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Credit:
    """Who made a picture, whose it is and who distributes it; any part may be unknown."""

    creator: str | None
    agency: str | None
    distributor: str | None

    @property
    def is_empty(self) -> bool:
        return self.creator is None and self.agency is None and self.distributor is None


def parse_credit(line: str) -> Credit:
    """Split a credit line as agencies and editors write it into creator, agency, distributor."""
    text = _tidy(line)
    prefix = _KIND_PREFIX.match(text)
    names_a_creator = prefix is not None
    if prefix is not None:
        text = text[prefix.end() :]
    text, distributor = _split_distributor(text)
    if "/" in text:
        creator, _, agency = text.rpartition("/")
        return Credit(_part(creator), _part(agency), distributor)
    if names_a_creator:
        return Credit(_part(text), None, distributor)
    return Credit(None, _part(text), distributor)


def render_credit(credit: Credit, *, kind: str = "Photo") -> str:
    """One credit line in house style: "Photo by CREATOR/AGENCY via DISTRIBUTOR".

    An agency alone is printed bare ("Reuters"): "Photo by Reuters" would name it as the
    photographer.
    """
    if credit.creator and credit.agency:
        names = f"{kind} by {credit.creator}/{credit.agency}"
    elif credit.creator:
        names = f"{kind} by {credit.creator}"
    else:
        names = credit.agency or ""
    if credit.distributor:
        return f"{names} via {credit.distributor}".strip()
    return names


def _split_distributor(text: str) -> tuple[str, str | None]:
    """The distributor follows the last "via"; the rest names creator and agency."""
    matches = list(_VIA.finditer(text))
    if not matches:
        return text, None
    last = matches[-1]
    return text[: last.start()], _part(text[last.end() :])


def _tidy(text: str) -> str:
    """One space between words and none around slashes, as the house style prints them."""
    return re.sub(r"\s*/\s*", "/", " ".join(text.split()))


def _part(text: str) -> str | None:
    return text.strip() or None
