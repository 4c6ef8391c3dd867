# Everyday tasks. `make` lists them; every target is a thin wrapper around cargo or scripts/,
# so the commands below also work by hand. CARGO_INCREMENTAL=0 keeps the target dir small.
export CARGO_INCREMENTAL ?= 0

CRATE ?= risk-pool
SIZES ?= 10,1000,10000
# The library crates another workspace can depend on.
LIB_CRATES := insurance-common insurance-vm insurance-testing risk-pool cover-nft claims-court \
	tranche-vault reinsurance-bridge price-oracle

.DEFAULT_GOAL := help
.PHONY: help fmt fmt-check lint test unit-test test-vm test-attacks example wasm wasm-one \
	check-artifacts schema schema-check client-check deploy-test gas-bench demo fuzz \
	package-list package-check package-verify ci clean-wasm

help: ## list the targets
	@awk 'BEGIN { FS = ":.*## " } /^[a-z-]+:.*## / { printf "  make %-16s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

fmt: ## format every crate
	cargo fmt --all

fmt-check: ## fail on unformatted code (as CI)
	cargo fmt --all -- --check

lint: ## clippy on every crate and target, warnings denied (as CI)
	cargo clippy --workspace --all-targets -- -D warnings

test: ## every Rust test (the VM tests need `make wasm` first)
	cargo test --workspace

unit-test: ## the unit tests of CRATE (default risk-pool): make unit-test CRATE=claims-court
	cargo unit-test -p $(CRATE)

test-vm: ## the optimized artifacts in the real CosmWasm VM
	cargo test -p insurance-testing --test vm

test-attacks: ## the attack suite
	cargo test -p insurance-testing --test attacks

example: ## the integrator example: a suite with another denom and App, from outside the kit
	cargo test -p integrator-example

wasm: ## every contract to artifacts/*.wasm with checksums (scripts/build.sh)
	bash scripts/build.sh

wasm-one: ## one contract's artifact: make wasm-one CRATE=claims-court
	bash scripts/build.sh $(CRATE)

check-artifacts: ## size limit and checksums of artifacts/
	bash scripts/check-artifacts.sh

schema: ## regenerate schema/ after a message change
	bash scripts/schema.sh

schema-check: ## fail if schema/ is stale (as CI)
	bash scripts/schema.sh --check

client-check: ## TypeScript client drift and strict type-check (as CI; needs npm)
	bash scripts/client.sh --check

deploy-test: ## the governance deployment kit's tests (needs npm)
	bash scripts/deploy.sh test

gas-bench: ## VM gas of every action at SIZES prior items (default 10,1000,10000)
	cargo run --release -p gas-bench -- --sizes $(SIZES)

demo: ## the simulator's demo: the whole protocol on two chains
	cargo run --release -p simulator -- demo

fuzz: ## a fuzz campaign (packages/fuzz/README.md for the options)
	cargo run --release -p fuzz

package-list: ## the files each publishable crate would ship (offline)
	@for crate in $(LIB_CRATES); do \
		echo "==> $$crate"; cargo package --list --allow-dirty -p $$crate >/dev/null || exit 1; \
	done

package-check: ## every publishable crate packages together (`cargo package --no-verify`; reads the crates.io index)
	cargo package --no-verify --allow-dirty $(foreach crate,$(LIB_CRATES),-p $(crate))

# Verification builds each packaged crate alone: the contracts without the `library` feature.
# Their rlibs carry no hash in their file name, so in the shared target dir they would replace
# the workspace's; a target dir of its own keeps them apart (a few GB).
package-verify: ## `cargo package` with verification, in target/package-verify
	CARGO_TARGET_DIR=target/package-verify cargo package --allow-dirty \
		$(foreach crate,$(LIB_CRATES),-p $(crate))

ci: ## the whole CI (ci/test.sh): fmt, clippy, wasm, VM and all tests, drift checks
	bash ci/test.sh

clean-wasm: ## drop the wasm build directory (target/wasm)
	rm -rf target/wasm
