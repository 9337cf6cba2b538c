"""spaCy components tacitus adds to the English pipeline."""

from __future__ import annotations

from spacy.language import Language


@Language.component("newline_sentences", assigns=["token.is_sent_start"], requires=["token.text"])
def newline_sentences(doc):
    """A line break ends a sentence: headlines, datelines and paragraphs are not run together."""
    for i, tok in enumerate(doc[:-1]):
        if "\n" in tok.text or "\n" in tok.whitespace_:
            nxt = doc[i + 1]
            if not nxt.is_space:
                nxt.is_sent_start = True
    return doc
