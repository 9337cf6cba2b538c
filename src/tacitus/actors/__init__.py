"""Actor registry: named armed groups and generic actors with ACLED names and inter codes."""

from tacitus.actors.registry import ActorMatch, ActorRegistry, RegistryEntry

__all__ = ["ActorMatch", "ActorRegistry", "RegistryEntry"]
