"""Geocoding: a GeoNames gazetteer index and the ranking that resolves place names."""

from tacitus.geo.gazetteer import Candidate, Gazetteer, build, default_index_path
from tacitus.geo.normalize import normalize
from tacitus.geo.resolve import GeoContext, resolve, resolve_many

__all__ = [
    "Candidate", "GeoContext", "Gazetteer", "build", "default_index_path",
    "normalize", "resolve", "resolve_many",
]
