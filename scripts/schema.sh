#!/usr/bin/env bash
# Generate the JSON schemas of the contracts into schema/<crate>/.
#
#   scripts/schema.sh           regenerate schema/ (replaces schema/<crate>/, drops stale crate dirs)
#   scripts/schema.sh --check   regenerate into a temp dir and fail if schema/ differs from it
#
# Every contract crate with a src/bin/schema.rs is run with `cargo run -p <crate> --bin schema`.
# cosmwasm-schema's write_api! writes into ./schema of the current directory, so the binary runs
# in a scratch directory under target/ (inside the repo, so the same cargo config applies) and
# its output is moved to schema/<crate>/ (<crate>.json plus raw/). Nothing is written under
# contracts/.
set -euo pipefail
export LC_ALL=C

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

die() { printf 'schema.sh: error: %s\n' "$*" >&2; exit 1; }

CHECK=0
for arg in "$@"; do
    case "$arg" in
        --check) CHECK=1 ;;
        -h|--help) sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument: $arg" ;;
    esac
done
command -v cargo >/dev/null 2>&1 || die "cargo not found"

# Package name from a manifest's [package] section.
package_name() {
    awk '
        /^[[:space:]]*\[/ { in_pkg = ($0 ~ /^[[:space:]]*\[package\][[:space:]]*$/); next }
        in_pkg && /^[[:space:]]*name[[:space:]]*=/ {
            sub(/^[^=]*=[[:space:]]*/, ""); sub(/[[:space:]]*(#.*)?$/, ""); gsub(/["'\'']/, ""); print; exit
        }' "$1"
}

CRATES=()
DIRS=()
for manifest in contracts/*/Cargo.toml; do
    [[ -f "$manifest" ]] || continue
    dir="$(dirname "$manifest")"
    [[ -f "$dir/src/bin/schema.rs" ]] || continue
    name="$(package_name "$manifest")"
    [[ -n "$name" ]] || die "no package name in $manifest"
    CRATES+=("$name")
    DIRS+=("$dir")
done

mkdir -p "$ROOT/target"
SCRATCH="$(mktemp -d "$ROOT/target/schema.XXXXXX")"
trap 'rm -rf "$SCRATCH"' EXIT
GENERATED="$SCRATCH/schema"
mkdir -p "$GENERATED"

for i in "${!CRATES[@]}"; do
    crate="${CRATES[$i]}"
    echo "==> $crate: cargo run -p $crate --bin schema --locked"
    run_dir="$SCRATCH/run/$crate"
    mkdir -p "$run_dir"
    # The binary's stdout only lists the files it wrote (with scratch paths): not shown.
    (cd "$run_dir" && cargo run --quiet --locked --manifest-path "$ROOT/Cargo.toml" \
        -p "$crate" --bin schema >/dev/null) \
        || die "$crate: the schema binary failed"
    [[ -d "$run_dir/schema" ]] \
        || die "$crate: the schema binary wrote nothing into ./schema (does it use write_api!?)"
    mv "$run_dir/schema" "$GENERATED/$crate"
    (cd "$GENERATED" && find "$crate" -type f | sort | sed 's/^/    /')
    if [[ -d "${DIRS[$i]}/schema" ]]; then
        if ((CHECK)); then
            echo "warning: ${DIRS[$i]}/schema is stale output (schemas live in schema/$crate): delete it" >&2
        else
            echo "    removing stale ${DIRS[$i]}/schema"
            rm -rf "${DIRS[$i]:?}/schema"
        fi
    fi
done

if ((CHECK)); then
    # Top-level files of schema/ (a README, .gitkeep) are not generated: carry them over.
    if [[ -d schema ]]; then
        find schema -mindepth 1 -maxdepth 1 -type f -exec cp -p {} "$GENERATED/" \;
        committed=schema
    else
        committed="$SCRATCH/empty"
        mkdir -p "$committed"
    fi
    if ! diff -r "$committed" "$GENERATED" >"$SCRATCH/diff"; then
        echo >&2
        head -n 200 "$SCRATCH/diff" | sed "s#$SCRATCH/schema#<generated>#g" >&2
        echo >&2
        die "schema/ is out of date with the contracts' messages: run scripts/schema.sh and commit schema/"
    fi
    echo "schema/ is up to date (${#CRATES[@]} contracts)"
    exit 0
fi

mkdir -p schema
# Drop the output of crates that no longer have a schema binary.
for d in schema/*/; do
    [[ -d "$d" ]] || continue
    crate="$(basename "$d")"
    if [[ ! -d "$GENERATED/$crate" ]]; then
        echo "removing stale schema/$crate"
        rm -rf "schema/${crate:?}"
    fi
done
for crate in "${CRATES[@]}"; do
    rm -rf "schema/${crate:?}"
    mv "$GENERATED/$crate" "schema/$crate"
done
echo "schema/ regenerated (${#CRATES[@]} contracts)"
