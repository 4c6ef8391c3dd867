#!/usr/bin/env bash
# Build the simulator with profile-guided optimisation, for long stress runs (10,000 paths and up):
#   1. an instrumented build (target/pgo/gen) runs a training set: the default scenario and each
#      named config in packages/simulator/configs, on a seed of its own;
#   2. rustup's llvm-profdata (component llvm-tools, added if missing) merges what it measured;
#   3. the optimised build uses it: target/pgo/simulator.
# The same code and contracts as `cargo build --release -p simulator`, laid out by where the
# training run spent its time: about 30 % less CPU per path-period on the stress paths, the same
# reports figure for figure (packages/simulator/README.md, "Speed"). Takes two release builds.
#
#   bash scripts/simulator-pgo.sh
#   target/pgo/simulator stress --paths 10000 --jobs 2
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/target/pgo"
cd "$ROOT"

HOST="$(rustc -vV | sed -n 's/^host: //p')"
PROFDATA="$(rustc --print sysroot)/lib/rustlib/$HOST/bin/llvm-profdata"
if [[ ! -x "$PROFDATA" ]]; then
    rustup component add llvm-tools
fi

# `--target` keeps the flags off build scripts and proc macros (they are not what runs).
build() {
    local flags="$1" dir="$2"
    RUSTFLAGS="$flags" CARGO_TARGET_DIR="$dir" CARGO_INCREMENTAL=0 \
        cargo build --release --locked -p simulator --target "$HOST"
}

rm -rf "$OUT/profiles" "$OUT/train"
mkdir -p "$OUT/profiles"
build "-Cprofile-generate=$OUT/profiles" "$OUT/gen"
trainer="$OUT/gen/$HOST/release/simulator"

# A seed no report uses: the profile learns where time goes, not one run's answers.
"$trainer" stress --seed 9001 --paths 16 --jobs 2 --no-progress --out "$OUT/train/default" >/dev/null
for config in packages/simulator/configs/*.json; do
    name="$(basename "$config" .json)"
    "$trainer" stress --config "$config" --seed 9001 --paths 4 --periods 156 --jobs 2 \
        --no-progress --out "$OUT/train/$name" >/dev/null
done
"$PROFDATA" merge -o "$OUT/merged.profdata" "$OUT/profiles"

build "-Cprofile-use=$OUT/merged.profdata" "$OUT/use"
cp "$OUT/use/$HOST/release/simulator" "$OUT/simulator"
echo "simulator-pgo.sh: built $OUT/simulator"
