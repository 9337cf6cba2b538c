"""Bundle the sample reports (examples/*.txt + dates.tsv) into examples/sample.jsonl."""

from __future__ import annotations

import json
from pathlib import Path

here = Path(__file__).parent
dates = dict(line.split("\t") for line in (here / "dates.tsv").read_text("utf-8").split("\n") if "\t" in line)
with open(here / "sample.jsonl", "w", encoding="utf-8") as out:
    for path in sorted(here.glob("*.txt")):
        text = path.read_text("utf-8")
        title = text.strip().splitlines()[0].strip()
        record = {"id": path.stem, "published": dates.get(path.name, "").strip() or None, "title": title,
                  "source": "tacitus sample", "text": text}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
print(f"wrote {here / 'sample.jsonl'}")
