# Task runner: `make demo` and `make test` are the two commands of the README.
.PHONY: setup setup-test demo test lint typecheck unit integration e2e bench

setup:
	bash scripts/setup.sh

setup-test:
	bash scripts/setup.sh --test

demo: setup
	.venv/bin/puente demo

test: setup-test
	bash scripts/test.sh

lint:
	.venv/bin/ruff check puente tests bench

typecheck:
	.venv/bin/mypy puente

unit:
	.venv/bin/pytest tests/unit -q

integration:
	.venv/bin/pytest tests/integration -q

e2e:
	.venv/bin/pytest tests/e2e -q

bench:
	.venv/bin/python bench/registration.py
