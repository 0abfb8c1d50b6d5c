# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CONFIG ?= configs/seoul_moscow_pyongyang.toml

.PHONY: run test lint install bytecode bench bench-scale clean

INSTALL_LOG := $(VENV)/install.log

# One line while installing; pip's whole log goes to $(INSTALL_LOG) and is shown only
# if the install fails (pip's own notes, e.g. about a machine's pip configuration,
# are not the run's business).
$(STAMP): pyproject.toml
	@echo "Installing framing and its dependencies into $(VENV) (log: $(INSTALL_LOG))"
	@$(PYTHON) -m venv $(VENV)
	@{ $(BIN)/python -m pip install --upgrade pip && \
	   $(BIN)/python -m pip install -e ".[dev,dask]"; } > $(INSTALL_LOG) 2>&1 || \
	 { cat $(INSTALL_LOG) >&2; echo "make: installing framing failed: $(INSTALL_LOG) holds the log above" >&2; exit 1; }
	@touch $(STAMP)

# An editable install leaves our modules uncompiled, and where PYTHONDONTWRITEBYTECODE
# is set every process (the CLI and each worker) would compile them again (~0.1 s).
# Recompiles only what changed.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q framing features models

install: $(STAMP)

run: bytecode
	$(BIN)/framing run $(CONFIG)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest -q

bench: bytecode
	$(BIN)/python benchmarks/bench_features.py

bench-scale: bytecode
	$(BIN)/python benchmarks/bench_scale.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
