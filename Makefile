# satune: `make demo` installs what is missing, builds in release and runs the demo experiment;
# `make test` runs the fast test suite, `make test-system` the tests that need servers, processes and fuzzing.
SWIFT ?= swift
APT_PACKAGES := libopenblas-dev liblapacke-dev libsqlite3-dev pkg-config sqlite3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN = $(shell $(SWIFT) build -c release --show-bin-path)/satune

DASHBOARD_BIN = $(shell cd Dashboard && $(SWIFT) build -c release --show-bin-path)/satune-dashboard

.PHONY: demo test test-system deps postgres peers build lint format clean dashboard dashboard-build dashboard-test dashboard-e2e

# The suites that need real servers, spawned processes (the built binary), real-database campaigns or fuzzing:
# `make test-system` runs them; `make test` runs everything else (unit tests and the in-process command line).
SYSTEM_TESTS := CLITests|FuzzTests|PeersTests|CampaignsTests\.ExternalAgentCampaignTests|PostgresTargetTests\.ServerTests|PostgresTargetTests\.ScriptErrorTests|CampaignsTests\.SQLiteCampaignTests

demo: deps build
	$(BIN) run Experiments/quick.yaml

test: deps
	$(SWIFT) test --disable-swift-testing --skip '$(SYSTEM_TESTS)'  # XCTest; this keeps its summary the last line

test-system: deps postgres
	$(SWIFT) test --disable-swift-testing --filter '$(SYSTEM_TESTS)'

build:
	$(SWIFT) build -c release --product satune

# The live dashboard (Dashboard/, a package of its own on Hummingbird): builds it, then serves the newest
# results folder, or what DASHBOARD_ARGS says, e.g. make dashboard DASHBOARD_ARGS="Results/x --port 9000".
# Its first release build takes minutes (Hummingbird, SwiftNIO): the executable of a clean checkout is
# kept in ~/.cache/satune/dashboard/<commit>/ (the latest only), so that another checkout of the same
# commit on this machine starts at once. A tree with uncommitted changes always builds.
DASHBOARD_COMMIT = $(shell git diff --quiet HEAD -- 2>/dev/null && git rev-parse HEAD 2>/dev/null)
DASHBOARD_CACHE = $(HOME)/.cache/satune/dashboard

dashboard: deps
	@exe="$(DASHBOARD_CACHE)/$(DASHBOARD_COMMIT)/satune-dashboard"; \
	if [ -z "$(DASHBOARD_COMMIT)" ] || [ ! -x "$$exe" ]; then \
		$(MAKE) --no-print-directory dashboard-build || exit 1; \
		exe="$$(cd Dashboard && $(SWIFT) build -c release --show-bin-path)/satune-dashboard"; \
	fi; \
	exec "$$exe" $(DASHBOARD_ARGS)

dashboard-build:
	cd Dashboard && $(SWIFT) build -c release --product satune-dashboard
	@if [ -n "$(DASHBOARD_COMMIT)" ]; then \
		rm -rf "$(DASHBOARD_CACHE)" && mkdir -p "$(DASHBOARD_CACHE)/$(DASHBOARD_COMMIT)" && \
		cp "$(DASHBOARD_BIN)" "$(DASHBOARD_CACHE)/$(DASHBOARD_COMMIT)/"; \
	fi

# The dashboard's own tests (endpoints), and the end-to-end test in headless Chromium.
dashboard-test: deps build
	cd Dashboard && SATUNE_BIN=$(BIN) $(SWIFT) test --disable-swift-testing

# (Debian's chromium, chromium-driver and Selenium; DASHBOARD_SHOTS=folder keeps screenshots.)
dashboard-e2e: build dashboard-build
	@$(MAKE) --no-print-directory deps APT_PACKAGES="chromium chromium-driver python3-selenium"
	/usr/bin/python3 Dashboard/Tests/e2e/dashboard_e2e.py $(if $(DASHBOARD_SHOTS),--screenshots $(DASHBOARD_SHOTS))

# The toolchain's swift-format with the project's .swift-format (line length 120); CI runs `make lint`.
lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift Dashboard/Sources Dashboard/Tests Dashboard/Package.swift

format:
	$(SWIFT) format format --in-place --recursive Sources Tests Package.swift Dashboard/Sources Dashboard/Tests Dashboard/Package.swift

# The peer tuners' Python environment (.venv-peers, ignored by git): SMAC3, Optuna and every package they need,
# pinned in peers/requirements.txt, from PyPI. Made again when the requirements change; satune's Swift side never
# depends on it (a manifest naming smac, optuna-tpe or llamatune says to run this when it is missing).
PEERS_VENV := .venv-peers
peers:
	@if ! cmp -s peers/requirements.txt $(PEERS_VENV)/installed 2>/dev/null; then \
		echo "installing the peer tuners into $(PEERS_VENV) (SMAC3, Optuna; pinned)"; \
		rm -rf $(PEERS_VENV) && python3 -m venv $(PEERS_VENV) && \
		$(PEERS_VENV)/bin/pip install -q --disable-pip-version-check -r peers/requirements.txt && \
		cp peers/requirements.txt $(PEERS_VENV)/installed; \
	fi

# Installs the Debian packages of the system libraries when any is missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq -o DPkg::Lock::Timeout=300 $$missing; \
	fi

# Debian's PostgreSQL 15 (the server, initdb, pg_ctl, pgbench) for the postgres environment and its tests.
# satune starts its own private servers; the package must not start the distribution's cluster, so while it
# installs, a policy-rc.d (Debian's switch for that) refuses service starts unless one is already there.
postgres:
	@if ! dpkg -s postgresql-15 >/dev/null 2>&1; then \
		echo "installing: postgresql-15"; \
		guard=""; if [ ! -e /usr/sbin/policy-rc.d ]; then \
			printf '#!/bin/sh\nexit 101\n' | $(SUDO) tee /usr/sbin/policy-rc.d >/dev/null && \
			$(SUDO) chmod 755 /usr/sbin/policy-rc.d && guard=1; fi; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq -o DPkg::Lock::Timeout=300 postgresql-15; \
		status=$$?; if [ -n "$$guard" ]; then $(SUDO) rm -f /usr/sbin/policy-rc.d; fi; exit $$status; \
	fi

clean:
	rm -rf .build Results/quick
