# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= tacitus.db

.PHONY: run serve test install dev bench clean model

$(BIN)/tacitus: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

install: $(BIN)/tacitus

$(VENV)/.dev: $(BIN)/tacitus
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

dev: $(VENV)/.dev

examples/sample.jsonl: examples/*.txt examples/dates.tsv examples/make_sample.py
	$(BIN)/python examples/make_sample.py

# Process the bundled sample articles into the embedded SQLite database and show the events.
run: install examples/sample.jsonl
	$(BIN)/tacitus ingest examples/sample.jsonl --db $(DB)
	$(BIN)/tacitus events --db $(DB)
	@echo "Map dashboard of these events: make serve, then open http://127.0.0.1:8000/ (Ctrl-C stops it)"

# The map dashboard and the REST API over the same database, on http://127.0.0.1:8000/.
serve: install
	$(BIN)/tacitus serve --db $(DB)

test: dev
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# Rebuild the packaged classifiers from the training snippets in training/.
# Needs the embeddings extra (torch, CPU) so the models' embedding heads are rebuilt too.
model: install
	$(BIN)/pip install --quiet -e '.[embeddings]'
	$(BIN)/python training/build_models.py

bench: dev
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) $(DB) examples/sample.jsonl
