"""What a place look-up answers when it cannot settle on one place: not found, or ambiguous."""

from __future__ import annotations

from dataclasses import dataclass

from directory.errors import InvalidInput, NotFound


@dataclass(frozen=True)
class PlaceCandidate:
    """A place offered as a suggestion or as one of several with the same name."""

    label: str
    name: str
    state: str
    postcode: str | None
    lat: float
    lng: float

    def to_dict(self) -> dict:
        # Field by field: dataclasses.asdict deep-copies each value, a fifth of an autocomplete.
        return {
            "label": self.label,
            "name": self.name,
            "state": self.state,
            "postcode": self.postcode,
            "lat": self.lat,
            "lng": self.lng,
        }


class PlaceNotFound(NotFound):
    def __init__(self, query: str, suggestions: list[PlaceCandidate], field: str = "near") -> None:
        message = f"We could not find a place called “{query}”."
        if suggestions:
            message += " Did you mean " + " or ".join(s.label for s in suggestions[:3]) + "?"
        super().__init__(message, field=field)
        self.suggestions = suggestions

    def to_dict(self) -> dict:
        return super().to_dict() | {"suggestions": [s.to_dict() for s in self.suggestions]}


class AmbiguousPlace(InvalidInput):
    def __init__(self, query: str, candidates: list[PlaceCandidate], field: str = "near") -> None:
        super().__init__(
            f"There are {len(candidates)} places called “{query}”. Add a state or postcode, or pick one.",
            field=field,
        )
        self.candidates = candidates

    def to_dict(self) -> dict:
        return super().to_dict() | {"candidates": [c.to_dict() for c in self.candidates]}
