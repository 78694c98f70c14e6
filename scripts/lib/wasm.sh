#!/usr/bin/env bash
# Shared by scripts/build and scripts/build-reference: the reproducible rustflags and the wasm-opt
# pipeline every optimized wasm goes through. Source it from the repository root after
# scripts/setup (a `cargo install` there must not get the wasm flags).

WASM_TARGET="wasm32-unknown-unknown"
WASM_OPT="$ROOT/node_modules/.bin/wasm-opt"

# --- Reproducible rustflags -------------------------------------------------
# RUSTFLAGS *replaces* rustflags from .cargo/config.toml, so any flags set
# there must be repeated in CONFIG_RUSTFLAGS. Today .cargo/config.toml has
# none. The guard below fails if its rustflags lines change, so nobody can add
# a flag there that the release build silently drops.
CONFIG_RUSTFLAGS=()
EXPECTED_CONFIG_RUSTFLAGS_LINES=""
actual_lines="$(grep -E '^[^#]*rustflags' .cargo/config.toml 2>/dev/null || true)"
if [[ "$actual_lines" != "$EXPECTED_CONFIG_RUSTFLAGS_LINES" ]]; then
  {
    echo "build: error: rustflags in .cargo/config.toml changed:"
    echo "$actual_lines"
    echo "build: RUSTFLAGS overrides them: copy the flags into CONFIG_RUSTFLAGS in scripts/build"
    echo "build: and the lines into EXPECTED_CONFIG_RUSTFLAGS_LINES."
  } >&2
  exit 1
fi

CARGO_HOME_DIR="${CARGO_HOME:-$HOME/.cargo}"
# RUSTFLAGS is split on spaces: a path with whitespace would break the remap.
if [[ "$CARGO_HOME_DIR$PWD" =~ [[:space:]] ]]; then
  echo "build: error: CARGO_HOME ($CARGO_HOME_DIR) or the checkout path ($PWD) contains whitespace" >&2
  exit 1
fi
# -s strips symbols/names; the remaps replace absolute paths that end up in
# panic messages (registry sources, checkout dir), so two checkouts in
# different folders or machines produce identical bytes.
RUSTFLAGS="-C link-arg=-s --remap-path-prefix=$CARGO_HOME_DIR=/cargo --remap-path-prefix=$PWD=/code"
if ((${#CONFIG_RUSTFLAGS[@]})); then
  RUSTFLAGS="$RUSTFLAGS ${CONFIG_RUSTFLAGS[*]}"
fi
export RUSTFLAGS
# CARGO_ENCODED_RUSTFLAGS would take precedence over RUSTFLAGS.
unset CARGO_ENCODED_RUSTFLAGS

# Optimizes the raw wasm $1 into $2. Size first, at both stages: rustc opt-level "z" (Cargo.toml)
# and wasm-opt -Oz --converge. Size is what the budgets limit and what store-code gas pays for per
# byte; the extra VM gas of size-first code is a small part of an execute's cost, which storage gas
# dominates (docs/BUILD.md). Measured on the hub: rustc 3 + wasm-opt -Os 537,555 bytes; rustc "s"
# 475,397; rustc "z" 452,361 (before the hub's own size work); -Oz --converge saves a further
# ~3.5 KB. --flatten --rereloop before a last -Oz restructures control flow that rustc's codegen
# leaves for -Oz to shrink further: -5.6 KB on the hub, -5.4 KB on the relay (about 30 s per
# contract). Rust >= 1.87 emits memory.copy/memory.fill, which cosmwasm-vm 2.x/3.x reject:
# --enable-bulk-memory lets wasm-opt read them and --llvm-memory-copy-fill-lowering rewrites them
# as MVP loops and turns the feature off. --strip-debug drops any debug/name sections left.
optimize_wasm() {
  "$WASM_OPT" -Oz --converge --enable-bulk-memory --llvm-memory-copy-fill-lowering \
    --strip-debug --strip-producers --flatten --rereloop -Oz "$1" -o "$2"
}

# --- cosmwasm-std without std's backtrace printer ---------------------------------
# cosmwasm-std 2.x boxes a `std::backtrace::Backtrace::disabled()` into every StdError on
# wasm32. The box's vtable links std's backtrace printing and rustc-demangle into every
# contract, about 33 KB each (docs/BUILD.md), though a disabled backtrace never prints more
# than "disabled backtrace". The wasm builds therefore compile their dependencies from a copy
# of the locked sources (`cargo vendor`, under target/, never committed) in which that box
# holds cosmwasm-std's own stub instead (it prints "<disabled>"); nothing else differs. The
# copy keeps each crate's checksum, so the builds stay `--locked` against the same
# Cargo.lock. Host builds and tests use the registry's sources unchanged.
WASM_VENDOR="$ROOT/target/wasm-vendor"
WASM_CARGO_CONFIG=(
  --config "source.crates-io.replace-with=\"palisade-wasm-vendor\""
  --config "source.palisade-wasm-vendor.directory=\"$WASM_VENDOR\""
)

# Vendors the locked sources into $WASM_VENDOR (again when Cargo.lock or the patch changed) and
# patches cosmwasm-std's backtrace box. Fails unless exactly one line was replaced.
prepare_wasm_sources() {
  local stamp="$WASM_VENDOR/.palisade-lock-sha256" lock_sum
  lock_sum="$(cat Cargo.lock "$ROOT/scripts/lib/patch-cosmwasm-std.py" | sha256sum | cut -d' ' -f1)"
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_sum" ]]; then
    rm -rf "$WASM_VENDOR"
    echo "build: cargo vendor --locked --versioned-dirs target/wasm-vendor"
    cargo vendor --locked --versioned-dirs --quiet "$WASM_VENDOR" >/dev/null
    python3 "$ROOT/scripts/lib/patch-cosmwasm-std.py" "$WASM_VENDOR"
    echo "$lock_sum" >"$stamp"
  fi
}
