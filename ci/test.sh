#!/usr/bin/env bash
# The project's test command. Run from anywhere; works on a fresh Debian machine as root
# (build tools are installed by scripts/build.sh; Rust itself must be there, through rustup).
#
# Order matters: the tests load artifacts/*.wasm into the real VM, so they run after the build.
set -euo pipefail
export LC_ALL=C

cd "$(dirname "${BASH_SOURCE[0]}")/.."

START=$SECONDS
section() { printf '\n======================================== %s  [%ds]\n' "$*" "$((SECONDS - START))"; }
fail() { printf 'ci/test.sh: error: %s\n' "$*" >&2; exit 1; }
trap 'rc=$?; ((rc == 0)) || printf "\nci/test.sh: FAILED (exit %d) after %ds\n" "$rc" "$((SECONDS - START))" >&2' EXIT

export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
export RUST_BACKTRACE="${RUST_BACKTRACE:-1}"
# clippy, the tests and the schema binaries share the default target dir (the wasm build: target/wasm).

section "setup"
command -v cargo >/dev/null 2>&1 \
    || fail "cargo not found: install Rust with rustup (https://rustup.rs) and put ~/.cargo/bin on PATH"
for tool in fmt clippy; do
    if ! cargo "$tool" --version >/dev/null 2>&1; then
        command -v rustup >/dev/null 2>&1 || fail "cargo $tool is missing and there is no rustup to add it"
        rustup component add "$([[ $tool == fmt ]] && echo rustfmt || echo clippy)"
    fi
done
bash scripts/build.sh --install-only
cargo --version
rustc --version

section "cargo fmt --check"
cargo fmt --all -- --check

section "cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

section "build wasm (scripts/build.sh)"
bash scripts/build.sh

section "check artifacts (scripts/check-artifacts.sh)"
bash scripts/check-artifacts.sh

section "cargo test"
cargo test --workspace --locked

section "schema drift (scripts/schema.sh --check)"
bash scripts/schema.sh --check

section "TypeScript client drift and strict type-check (scripts/client.sh --check)"
bash scripts/client.sh --check

section "governance deployment kit tests (scripts/deploy.sh test)"
bash scripts/deploy.sh test

section "all checks passed"
