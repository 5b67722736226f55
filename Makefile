# The two commands of the README: `make demo` and `make test`. Both set up what is missing first.
.PHONY: demo test test-all lint locale bench fuzz corpus setup setup-test clean

VENV := .venv/bin
EXAMPLES := $(sort $(wildcard examples/*.txt examples/*.html examples/*.md examples/*.json))

setup:
	@scripts/setup.sh run

setup-test:
	@scripts/setup.sh test

demo: setup
	@rm -rf out
	$(VENV)/bantin build $(EXAMPLES) -o out
	$(VENV)/bantin build $(EXAMPLES) -o out --size x-large
	@echo "Wrote:"; ls -1 out

test: setup-test
	$(VENV)/ruff check .
	$(VENV)/python -m pytest -q -x -n 2 --dist loadgroup tests

test-all: setup-test
	$(VENV)/python -m pytest -q -n 2 --dist loadgroup -m "slow or not slow" tests

lint: setup-test
	$(VENV)/ruff check .

# After editing toolkit/locale/vi/LC_MESSAGES/bantin.po: compile the .mo that is committed beside it
# (tests/cli/test_ui_language.py checks that the two agree).
locale: setup-test
	$(VENV)/pybabel compile -D bantin -d toolkit/locale -l vi

bench: setup-test
	$(VENV)/python bench/run.py

# Per-field accuracy of the readers on tests/corpus/ (title, date, lead, author, paragraphs, captions, chrome).
corpus: setup
	$(VENV)/python tests/corpus/score.py

fuzz: setup-test
	HYPOTHESIS_PROFILE=long $(VENV)/python -m pytest -q tests/test_fuzz_readers.py

clean:
	rm -rf out .pytest_cache .hypothesis
