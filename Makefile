# The one entry point. `make run` and `make test` are the README's quick start: each
# installs what this machine lacks, builds, and runs.

SWIFT ?= swift
# Release builds link the Swift libraries into each binary: the resident rungd then touches
# far fewer pages (see BENCHMARKS.md, daemon) and every rungctl starts faster.
RELEASE_FLAGS = -c release --static-swift-stdlib
PREFIX ?= $(HOME)/.local
UNIT_DIR ?= $(HOME)/.config/systemd/user
# Where the shells and man look for what `make install` adds beside the binaries.
DATA_HOME ?= $(or $(XDG_DATA_HOME),$(HOME)/.local/share)
BASH_COMPLETION_DIR ?= $(DATA_HOME)/bash-completion/completions
ZSH_COMPLETION_DIR ?= $(DATA_HOME)/zsh/site-functions
FISH_COMPLETION_DIR ?= $(DATA_HOME)/fish/vendor_completions.d
MAN_DIR ?= $(PREFIX)/share/man
# The rungctl the completions and rungctl(1) are generated from, and where they are made.
RUNGCTL ?= $(PREFIX)/bin/rungctl
GENERATED ?= .build/generated

.PHONY: all deps build run test test-sanitized fuzz reliability bench install install-completions-and-man uninstall clean

all: build

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build

## Runs Rung: rungd in the foreground in a world of its own under .build/run (its config,
## store and socket), a prompt due within a minute; scripts/rungctl is its rungctl.
run: deps
	$(SWIFT) build --product rungd
	$(SWIFT) build --product rungctl
	scripts/run

## Installs rungd and rungctl into $(PREFIX)/bin, the user unit into $(UNIT_DIR), and the
## shell completions and man pages (install-completions-and-man).
install: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product rungd
	$(SWIFT) build $(RELEASE_FLAGS) --product rungctl
	install -d $(PREFIX)/bin $(UNIT_DIR)
	install -m 0755 $$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/rungd $(PREFIX)/bin/rungd
	install -m 0755 $$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/rungctl $(PREFIX)/bin/rungctl
	install -m 0644 systemd/rungd.service $(UNIT_DIR)/rungd.service
	$(MAKE) install-completions-and-man RUNGCTL=$(PREFIX)/bin/rungctl
	@echo "Now: systemctl --user daemon-reload && systemctl --user enable --now rungd"

## Installs rungctl's completions for bash, zsh and fish and the pages rungctl(1),
## rung.toml(5) and rungd(8). The completions and rungctl(1) are generated from $(RUNGCTL),
## so they describe the commands it has.
install-completions-and-man:
	install -d $(GENERATED)
	$(RUNGCTL) --generate-completion-script bash > $(GENERATED)/rungctl.bash
	$(RUNGCTL) --generate-completion-script zsh > $(GENERATED)/_rungctl
	$(RUNGCTL) --generate-completion-script fish > $(GENERATED)/rungctl.fish
	scripts/rungctl-manual $(RUNGCTL) > $(GENERATED)/rungctl.1
	install -d $(BASH_COMPLETION_DIR) $(ZSH_COMPLETION_DIR) $(FISH_COMPLETION_DIR) \
		$(MAN_DIR)/man1 $(MAN_DIR)/man5 $(MAN_DIR)/man8
	install -m 0644 $(GENERATED)/rungctl.bash $(BASH_COMPLETION_DIR)/rungctl
	install -m 0644 $(GENERATED)/_rungctl $(ZSH_COMPLETION_DIR)/_rungctl
	install -m 0644 $(GENERATED)/rungctl.fish $(FISH_COMPLETION_DIR)/rungctl.fish
	install -m 0644 $(GENERATED)/rungctl.1 $(MAN_DIR)/man1/rungctl.1
	install -m 0644 man/rung.toml.5 $(MAN_DIR)/man5/rung.toml.5
	install -m 0644 man/rungd.8 $(MAN_DIR)/man8/rungd.8

uninstall:
	rm -f $(PREFIX)/bin/rungd $(PREFIX)/bin/rungctl $(UNIT_DIR)/rungd.service
	rm -f $(BASH_COMPLETION_DIR)/rungctl $(ZSH_COMPLETION_DIR)/_rungctl $(FISH_COMPLETION_DIR)/rungctl.fish
	rm -f $(MAN_DIR)/man1/rungctl.1 $(MAN_DIR)/man5/rung.toml.5 $(MAN_DIR)/man8/rungd.8

## Runs the whole test suite, the unit targets and RungIntegrationTests (the real binaries,
## peers and the differential test against systemd-analyze), then a short fuzzing run of
## each input reader (see fuzz). Only the unit tests:
## swift test --skip-build --skip RungIntegrationTests
test:
	@scripts/install-deps --test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	scripts/fuzz
	$(MAKE) test-sanitized

## Fuzzes each input reader with libFuzzer for FUZZ_SECONDS (default 25) seconds.
fuzz:
	scripts/fuzz

## The unit suites of the pure core, the time library, the TOML reader and the control
## protocol under the address sanitizer, in a build of their own (.build-asan).
## LeakSanitizer is off: it reports the one object a test's global keeps for the whole run.
test-sanitized:
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan \
		--filter 'RungCoreTests|RungTimeTests|RungTOMLTests|RungControlTests'

## The reliability runs at full scale (README, Reliability): 200 SIGKILLs of rungd during a
## burst, 100 restarts across an accelerated day, 200 prompts through failing channels,
## 1000 control clients at once. `make test` runs them small.
reliability:
	@scripts/install-deps --test
	$(SWIFT) build --build-tests
	RUNG_RELIABILITY_KILLS=200 RUNG_RELIABILITY_RESTARTS=100 RUNG_RELIABILITY_PROMPTS=200 \
	RUNG_RELIABILITY_CLIENTS=1000 $(SWIFT) test --skip-build --filter 'Reliability'

## Benchmarks (release build); results go to BENCHMARKS.md by hand, with the command.
bench:
	@WITH_BENCH=1 scripts/install-deps --test
	RELEASE_FLAGS="$(RELEASE_FLAGS)" scripts/bench

clean:
	rm -rf .build .build-fuzz
