# What the release benches build with (sourced by bench/*/run.sh): the tests' flags
# (scripts/test.sh) plus frame pointers, so that `perf record -g` can tell where the time goes
# (bench/booking/profile.sh). One set of flags for every bench: they share their artifacts.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/vartai-target}
export RUSTFLAGS="--cfg erase_components -C force-frame-pointers=yes" LEPTOS_OUTPUT_NAME=vartai
