#!/usr/bin/env bash
# Check the wasm artifacts written by scripts/build.sh:
#   - prints every artifacts/*.wasm with its size in bytes and KiB,
#   - fails if one is over the limit (MAX_WASM_BYTES, default 600 KB = 600000 bytes): storing
#     code costs gas per byte and chains cap uploads (wasmd's default is 800 KiB),
#   - fails unless artifacts/checksums.txt lists exactly the .wasm files present, with matching sha256.
# The VM's static check and real-VM execution are done by the tests (packages/testing/tests/vm/).
set -euo pipefail
export LC_ALL=C

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ARTIFACTS="$ROOT/artifacts"
MAX_WASM_BYTES="${MAX_WASM_BYTES:-600000}"

die() { printf 'check-artifacts.sh: error: %s\n' "$*" >&2; exit 1; }

cd "$ARTIFACTS" 2>/dev/null || die "no artifacts/ directory: run scripts/build.sh first"
shopt -s nullglob
wasms=(*.wasm)
((${#wasms[@]})) || die "no artifacts/*.wasm: run scripts/build.sh first"

failed=0
printf '%-32s %10s %10s\n' artifact bytes KiB
for f in "${wasms[@]}"; do
    bytes="$(wc -c <"$f" | tr -d ' ')"
    verdict=ok
    if ((bytes > MAX_WASM_BYTES)); then
        verdict="TOO BIG (limit $MAX_WASM_BYTES bytes)"
        failed=1
    fi
    awk -v n="$f" -v b="$bytes" -v v="$verdict" 'BEGIN { printf "%-32s %10d %10.1f  %s\n", n, b, b / 1024, v }'
done
((failed == 0)) || die "artifacts over the $MAX_WASM_BYTES-byte upload limit"

[[ -f checksums.txt ]] || die "artifacts/checksums.txt is missing: run scripts/build.sh"
# The file must name exactly the artifacts that are present ...
listed="$(awk '{ sub(/^\*/, "", $2); print $2 }' checksums.txt | sort)"
present="$(printf '%s\n' "${wasms[@]}" | sort)"
if [[ "$listed" != "$present" ]]; then
    diff <(echo "$listed") <(echo "$present") | sed 's/^/    /' >&2 || true
    die "artifacts/checksums.txt does not list exactly the artifacts present (< listed, > present)"
fi
# ... with the right hashes.
if command -v sha256sum >/dev/null 2>&1; then
    sha256sum --check --strict checksums.txt || die "artifacts/checksums.txt does not match the artifacts"
else
    shasum -a 256 --check --strict checksums.txt || die "artifacts/checksums.txt does not match the artifacts"
fi
echo "artifacts ok: ${#wasms[@]} wasm files, all <= $MAX_WASM_BYTES bytes, checksums match"
