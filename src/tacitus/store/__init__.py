from tacitus.store.store import Store

__all__ = ["Store"]
