# The one entry point. `make run` and `make test` are the README's quick start: each
# installs what this machine lacks, builds, and runs.

SWIFT ?= swift
RELEASE_FLAGS = -c release
EXAMPLE_EXPRESSIONS = 'Mon..Fri 09:30' 'Sun 18:00' '*-*-1 08:00 Europe/Berlin'

.PHONY: all deps build run test bench clean

all: build

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build

## Runs Rung: for now the calendar engine on example expressions.
run: deps
	$(SWIFT) build --product rungctl
	$$($(SWIFT) build --show-bin-path)/rungctl calendar --iterations 3 $(EXAMPLE_EXPRESSIONS)

## Runs the whole test suite, including the differential test against systemd-analyze.
test:
	@scripts/install-deps --test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## Benchmarks (release build); results go to BENCHMARKS.md by hand, with the command.
bench:
	@WITH_BENCH=1 scripts/install-deps --test
	$(SWIFT) build $(RELEASE_FLAGS)
	scripts/bench

clean:
	rm -rf .build
