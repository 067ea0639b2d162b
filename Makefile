# satune: `make demo` installs what is missing, builds in release and runs the demo experiment;
# `make test` runs the test suite.
SWIFT ?= swift
APT_PACKAGES := libopenblas-dev liblapacke-dev libsqlite3-dev pkg-config sqlite3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN = $(shell $(SWIFT) build -c release --show-bin-path)/satune

.PHONY: demo test deps build lint format clean

demo: deps build
	$(BIN) run Experiments/quick.yaml

test: deps
	$(SWIFT) test --disable-swift-testing  # the suite is XCTest; this keeps its summary the last line

build:
	$(SWIFT) build -c release --product satune

# The toolchain's swift-format with the project's .swift-format (line length 120); CI runs `make lint`.
lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

format:
	$(SWIFT) format format --in-place --recursive Sources Tests Package.swift

# Installs the Debian packages of the system libraries when any is missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq -o DPkg::Lock::Timeout=300 $$missing; \
	fi

clean:
	rm -rf .build Results/quick
