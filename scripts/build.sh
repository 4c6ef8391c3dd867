#!/usr/bin/env bash
# Build every contract crate under contracts/ to an optimized wasm in artifacts/.
#
#   scripts/build.sh                  build all contracts (contracts/*/Cargo.toml with a cdylib)
#   scripts/build.sh risk-pool ...    build only the named crates (other artifacts are kept)
#   scripts/build.sh cw20-base        build only the cw20-base contract the tranche vault instantiates
#   scripts/build.sh --install-only   only install the build tools that are missing
#
# Output: artifacts/<crate_with_underscores>.wasm and artifacts/checksums.txt (sha256sum format).
# A full build also writes artifacts/cw20_base.wasm: the tranche vault instantiates cw20-base for its
# tranche tokens, so a chain stores that code in the same proposal. It is built from the cw20-base
# crate in the workspace's Cargo.lock (cosmwasm-std 2.3, not the 2.0.0 its published lock pins).
#
# Two routes (docs/BUILD.md explains each step and what the artifacts must satisfy):
#   rustup  - when `rustup target list --installed` has wasm32-unknown-unknown: a normal build, then
#             wasm-opt lowers the post-MVP ops (bulk memory, sign-ext) that the precompiled std carries.
#             Needs a binaryen whose wasm-opt has --llvm-memory-copy-fill-lowering.
#   debian  - otherwise: Debian's rustc-web with -Zbuild-std and target-cpu=mvp, so std is rebuilt
#             without post-MVP features; Debian's packages are installed when missing.
# Set WASM_ROUTE=rustup|debian to force a route.
#
# Every crate is built on its own (`-p <crate>`): a workspace-wide build would unify the `library`
# feature that dependents enable and strip the entry points.
set -euo pipefail
export LC_ALL=C

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TARGET=wasm32-unknown-unknown
ARTIFACTS="$ROOT/artifacts"
# Separate target dir: the wasm build uses other compilers and flags than the native builds.
WASM_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}/wasm"
# Debian 12 (bookworm, with bookworm-security): Rust 1.96 built on LLVM 22, its std source, the linker.
APT_PACKAGES=(rustc-web cargo-web rust-web-src lld-22 binaryen)
DEB_RUSTC=/usr/bin/rustc
DEB_CARGO=/usr/bin/cargo

step() { printf '\n==> %s\n' "$*"; }
die() { printf 'build.sh: error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- arguments
INSTALL_ONLY=0
REQUESTED=()
for arg in "$@"; do
    case "$arg" in
        --install-only) INSTALL_ONLY=1 ;;
        -h|--help) sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) die "unknown option: $arg" ;;
        *) REQUESTED+=("$arg") ;;
    esac
done

# ---------------------------------------------------------------- tools and route
deb_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
is_debian() { command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; }

APT_UPDATED=0
apt_install() {
    local sudo=()
    [[ "$(id -u)" -eq 0 ]] || sudo=(sudo)
    is_debian || die "missing $*, and there is no apt-get to install them"
    step "apt-get install $*"
    if ((APT_UPDATED == 0)); then
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
        APT_UPDATED=1
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        -o DPkg::Lock::Timeout=600 "$@"
}

have_binaryen() { command -v wasm-opt >/dev/null 2>&1 && command -v wasm-dis >/dev/null 2>&1; }
# The rustup route needs wasm-opt to turn memory.copy/fill back into loops: the pass came in
# binaryen 121 (Nov 2024); Debian 12 has 108.
can_lower_bulk_memory() { wasm-opt --help 2>/dev/null | grep -q -- '--llvm-memory-copy-fill-lowering'; }
rustup_has_target() {
    command -v rustup >/dev/null 2>&1 && rustup target list --installed 2>/dev/null | grep -qx "$TARGET"
}

route="${WASM_ROUTE:-}"
[[ -z "$route" || "$route" == rustup || "$route" == debian ]] \
    || die "WASM_ROUTE must be rustup or debian, not '$route'"
if [[ -z "$route" ]]; then
    if rustup_has_target; then
        have_binaryen || apt_install binaryen
        if can_lower_bulk_memory; then
            route=rustup
        elif is_debian; then
            echo "note: rustup has $TARGET, but $(wasm-opt --version) cannot lower bulk memory: using the Debian route"
            route=debian
        else
            die "rustup has $TARGET, but $(wasm-opt --version) has no --llvm-memory-copy-fill-lowering; install a newer binaryen"
        fi
    else
        route=debian
    fi
fi

missing=()
if [[ "$route" == debian ]]; then
    is_debian || die "the Debian route needs a Debian system (or rustup's $TARGET target and a recent binaryen)"
    for pkg in "${APT_PACKAGES[@]}"; do deb_installed "$pkg" || missing+=("$pkg"); done
else
    have_binaryen || missing+=(binaryen)
fi
# Native builds (tests, build scripts) link with cc.
command -v cc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
if ((${#missing[@]})); then
    apt_install "${missing[@]}"
fi
have_binaryen || die "wasm-opt / wasm-dis (binaryen) not found"
if [[ "$route" == debian ]]; then
    [[ -x "$DEB_RUSTC" && -x "$DEB_CARGO" ]] || die "$DEB_RUSTC / $DEB_CARGO missing (packages ${APT_PACKAGES[*]})"
    # The wasm linker must match the LLVM of Debian's rustc (lld-22 today; follows a newer rustc-web).
    LLVM_MAJOR="$("$DEB_RUSTC" -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')"
    [[ -n "$LLVM_MAJOR" ]] || die "cannot read the LLVM version of $DEB_RUSTC"
    deb_installed "lld-$LLVM_MAJOR" || apt_install "lld-$LLVM_MAJOR"
    [[ -d "$("$DEB_RUSTC" --print sysroot)/lib/rustlib/src/rust/library" ]] \
        || die "no std source under $("$DEB_RUSTC" --print sysroot)/lib/rustlib/src (package rust-web-src)"
else
    can_lower_bulk_memory \
        || die "the rustup route needs wasm-opt with --llvm-memory-copy-fill-lowering (found $(wasm-opt --version)); install a newer binaryen or use WASM_ROUTE=debian"
fi

if ((INSTALL_ONLY)); then
    echo "build tools present (wasm route: $route)"
    exit 0
fi

# ---------------------------------------------------------------- contracts
# Package name from a manifest's [package] section.
package_name() {
    awk '
        /^[[:space:]]*\[/ { in_pkg = ($0 ~ /^[[:space:]]*\[package\][[:space:]]*$/); next }
        in_pkg && /^[[:space:]]*name[[:space:]]*=/ {
            sub(/^[^=]*=[[:space:]]*/, ""); sub(/[[:space:]]*(#.*)?$/, ""); gsub(/["'\'']/, ""); print; exit
        }' "$1"
}

# opt-level of [profile.release.package.<crate>] in the root manifest, if any.
package_opt_level() {
    awk -v crate="$1" '
        /^[[:space:]]*\[/ {
            h = $0; gsub(/[[:space:]"'\'']/, "", h)
            in_sec = (h == "[profile.release.package." crate "]"); next
        }
        in_sec && /^[[:space:]]*opt-level[[:space:]]*=/ {
            sub(/^[^=]*=[[:space:]]*/, ""); sub(/[[:space:]]*(#.*)?$/, ""); gsub(/["'\'']/, ""); print; exit
        }' "$ROOT/Cargo.toml"
}

ALL=()
for manifest in contracts/*/Cargo.toml; do
    [[ -f "$manifest" ]] || continue
    name="$(package_name "$manifest")"
    [[ -n "$name" ]] || die "no package name in $manifest"
    if ! grep -q 'cdylib' "$manifest"; then
        echo "note: skipping $name ($manifest has no cdylib crate-type)"
        continue
    fi
    ALL+=("$name")
done
# Contracts deployed from a dependency crate, built by `dependency_manifest` below.
DEPENDENCY_CONTRACTS=(cw20-base)
ALL+=("${DEPENDENCY_CONTRACTS[@]}")
# Contracts whose panics are built as a bare trap (`-Cpanic=immediate-abort`, Debian route):
# the bridge needs it to stay under the artifact limit (scripts/check-artifacts.sh). A panic
# then reports no message; the contracts return errors, they do not panic on bad input.
IMMEDIATE_ABORT_CRATES=(reinsurance-bridge)
is_immediate_abort_crate() {
    local c
    for c in "${IMMEDIATE_ABORT_CRATES[@]}"; do [[ "$c" == "$1" ]] && return 0; done
    return 1
}
is_dependency_contract() {
    local dep
    for dep in "${DEPENDENCY_CONTRACTS[@]}"; do [[ "$dep" == "$1" ]] && return 0; done
    return 1
}

if ((${#REQUESTED[@]})); then
    CRATES=("${REQUESTED[@]}")
else
    CRATES=("${ALL[@]}")
fi
((${#CRATES[@]})) || die "no contract crates found under contracts/"

# ---------------------------------------------------------------- build setup
if [[ "$route" == rustup ]]; then
    # Rust's precompiled std uses bulk memory, sign-ext and saturating float-to-int: accept them on
    # input, lower bulk memory (rejected by the VM) and sign-ext, then optimize. wasm-opt runs the
    # passes in command-line order; the lowering passes also switch their features off, so the
    # optimizer cannot bring those ops back.
    WASM_OPT_PRE=(--enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int
                  --enable-mutable-globals --enable-multivalue --llvm-memory-copy-fill-lowering)
    if wasm-opt --help | grep -q -- '--signext-lowering'; then WASM_OPT_PRE+=(--signext-lowering); fi
    CARGO=(cargo)
    BUILD_ENV=(RUSTFLAGS="-C link-arg=-s -C target-cpu=mvp")
    BUILD_STD=()
else
    # The input is MVP already; keep newer wasm-opt versions from introducing sign-ext ops.
    WASM_OPT_PRE=(--mvp-features)
    CARGO=("$DEB_CARGO")
    # Debian's rustc links wasm with `rust-lld`, which none of the packages above installs:
    # use lld's wasm-ld directly.
    wasm_ld=""
    for cand in "/usr/lib/llvm-$LLVM_MAJOR/bin/wasm-ld" "$(command -v "wasm-ld-$LLVM_MAJOR" || true)"; do
        if [[ -n "$cand" && -x "$cand" ]]; then wasm_ld="$cand"; break; fi
    done
    [[ -n "$wasm_ld" ]] || die "no wasm-ld for LLVM $LLVM_MAJOR found (package lld-$LLVM_MAJOR)"
    # RUSTC: without it Debian's cargo runs rustup's rustc from PATH, which has no std source for wasm.
    BUILD_ENV=(RUSTC="$DEB_RUSTC" RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1
               CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$wasm_ld"
               RUSTFLAGS="-C target-cpu=mvp -C link-arg=--import-undefined -C link-arg=-s")
    BUILD_STD=(-Zbuild-std=std,panic_abort)
fi

step "route: $route"
echo "cargo:     $(env "${BUILD_ENV[@]}" "${CARGO[@]}" --version)"
if [[ "$route" == debian ]]; then
    echo "rustc:     $("$DEB_RUSTC" --version)"
    echo "linker:    $wasm_ld"
else
    echo "rustc:     $(rustc --version)"
fi
echo "binaryen:  $(wasm-opt --version)"
echo "target dir: $WASM_TARGET_DIR"
echo "contracts: ${CRATES[*]}"

mkdir -p "$ARTIFACTS"

# A dependency contract cannot be built with `-p <crate>` from the workspace: for a package that is
# not a member, cargo resolves features for every member, so the `library` feature the members
# enable would strip its entry points. It is built from a copy of its registry source that is a
# workspace of its own, with the workspace's Cargo.lock (and release profile): cargo only prunes
# what the crate does not use, and the versions it used are checked against the workspace's lock.
dependency_manifest() {
    local crate="$1" src dir
    src="$(cargo metadata --format-version 1 --locked --manifest-path "$ROOT/Cargo.toml" \
        | grep -oE "\"manifest_path\":\"[^\"]*/$crate-[0-9][^\"/]*/Cargo.toml\"" | head -n1 \
        | sed -e 's/^"manifest_path":"//' -e 's/"$//')" || true
    [[ -n "$src" && -f "$src" ]] || die "$crate: not found in the workspace's Cargo.lock"
    dir="$WASM_TARGET_DIR/dependency-src/$crate"
    rm -rf "$dir"
    mkdir -p "$dir"
    cp -R "$(dirname "$src")/." "$dir/" || die "$crate: cannot copy $(dirname "$src")"
    grep -qE '^\[(workspace|profile\.release)\]' "$dir/Cargo.toml" \
        && die "$crate: its manifest has a [workspace] or [profile.release] section; adapt dependency_manifest"
    {
        printf '\n[workspace]\n\n'
        awk '/^[[:space:]]*\[/ { keep = ($0 ~ /^\[profile\.release\][[:space:]]*$/) } keep' "$ROOT/Cargo.toml"
    } >>"$dir/Cargo.toml"
    cp "$ROOT/Cargo.lock" "$dir/Cargo.lock" || die "$crate: cannot copy Cargo.lock"
    echo "$dir/Cargo.toml"
}
lock_versions() { awk '/^name = /{ n = $3 } /^version = /{ print n, $3 }' "$1" | tr -d '"' | sort -u; }

for crate in "${CRATES[@]}"; do
    lib="${crate//-/_}"
    level="$(package_opt_level "$crate")"
    if [[ "$level" == z ]]; then opt=-Oz; else opt=-Os; fi

    step "$crate: cargo build --release --lib --target $TARGET"
    start=$SECONDS
    crate_env=("${BUILD_ENV[@]}")
    if is_immediate_abort_crate "$crate"; then
        if [[ "$route" == debian ]]; then
            # std rebuilt with panics as a bare trap: no panic formatting in the wasm.
            crate_env=("${crate_env[@]/#RUSTFLAGS=*/RUSTFLAGS=-C target-cpu=mvp -C link-arg=--import-undefined -C link-arg=-s -Zunstable-options -Cpanic=immediate-abort}")
            echo "    panics abort immediately (IMMEDIATE_ABORT_CRATES)"
        else
            echo "note: $crate: panic=immediate-abort needs the Debian route (-Zbuild-std); built with panic=abort"
        fi
    fi
    package=(-p "$crate" --locked)
    if is_dependency_contract "$crate"; then
        manifest="$(dependency_manifest "$crate")"
        package=(--manifest-path "$manifest")
        echo "    from $(dirname "$manifest") (copy of the registry source, on the workspace's Cargo.lock)"
    fi
    # Unset what could redirect the build to another compiler or other flags.
    env -u RUSTUP_TOOLCHAIN -u RUSTC -u RUSTDOC -u RUSTC_WRAPPER -u RUSTC_WORKSPACE_WRAPPER -u CARGO_ENCODED_RUSTFLAGS \
        -u CARGO_BUILD_RUSTFLAGS -u CARGO_BUILD_TARGET \
        "${crate_env[@]}" \
        "${CARGO[@]}" build --release --lib "${package[@]}" --target "$TARGET" \
        --target-dir "$WASM_TARGET_DIR" "${BUILD_STD[@]}"
    echo "    (cargo: $((SECONDS - start))s)"
    if is_dependency_contract "$crate"; then
        foreign="$(comm -23 <(lock_versions "$(dirname "$manifest")/Cargo.lock") <(lock_versions "$ROOT/Cargo.lock"))"
        [[ -z "$foreign" ]] || die "$crate: built with versions not in the workspace's Cargo.lock: $foreign"
    fi

    raw="$WASM_TARGET_DIR/$TARGET/release/$lib.wasm"
    [[ -f "$raw" ]] || die "$raw was not produced (is $crate a cdylib?)"

    step "$crate: wasm-opt ${WASM_OPT_PRE[*]} $opt"
    out="$ARTIFACTS/$lib.wasm"
    wasm-opt "${WASM_OPT_PRE[@]}" "$opt" --strip-debug --strip-producers "$raw" -o "$out.tmp"

    # Stable CosmWasm VMs (2.x, 3.0) reject bulk memory: count what is left, then validate with
    # exactly the features the VM's parser accepts (cosmwasm-vm ParsedWasm::parse).
    bulk="$(wasm-dis "$out.tmp" | grep -cE '\b(memory\.(copy|fill|init)|data\.drop)\b' || true)"
    if [[ "$bulk" != 0 ]]; then
        rm -f "$out.tmp"
        die "$crate: $bulk bulk-memory instructions left in the optimized wasm"
    fi
    if ! wasm-opt --quiet --mvp-features --enable-mutable-globals --enable-sign-ext \
        --enable-nontrapping-float-to-int --enable-multivalue "$out.tmp" -o /dev/null; then
        rm -f "$out.tmp"
        die "$crate: the optimized wasm uses wasm features that CosmWasm VMs reject"
    fi
    # A `library` feature unified into the build strips the entry points: the wasm would still
    # validate, and fail only when a chain instantiates it.
    entry_points="$(wasm-dis "$out.tmp" | { grep -oE '\(export "(instantiate|execute|query)"' || true; } \
        | sort -u | wc -l | tr -d ' ')"
    if [[ "$entry_points" != 3 ]]; then
        rm -f "$out.tmp"
        die "$crate: the wasm does not export instantiate, execute and query (built with the library feature?)"
    fi
    mv -f "$out.tmp" "$out"
    echo "    $(wc -c <"$raw" | tr -d ' ') -> $(wc -c <"$out" | tr -d ' ') bytes"
done

# A full build drops the artifacts of contracts that no longer exist.
if ((${#REQUESTED[@]} == 0)); then
    for f in "$ARTIFACTS"/*.wasm; do
        [[ -e "$f" ]] || continue
        keep=0
        for crate in "${CRATES[@]}"; do
            if [[ "$(basename "$f")" == "${crate//-/_}.wasm" ]]; then keep=1; fi
        done
        ((keep)) || { echo "removing stale $f"; rm -f "$f"; }
    done
fi

step "checksums"
(cd "$ARTIFACTS" && sha256sum -- *.wasm >checksums.txt && cat checksums.txt)

step "sizes"
for f in "$ARTIFACTS"/*.wasm; do
    bytes="$(wc -c <"$f" | tr -d ' ')"
    awk -v b="$bytes" -v n="artifacts/$(basename "$f")" 'BEGIN { printf "%10d bytes %9.1f KiB  %s\n", b, b / 1024, n }'
done
