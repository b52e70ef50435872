#include "CJemallocConfig.h"

/* jemalloc's options for the kfc process, read once when jemalloc starts (a MALLOC_CONF in
 * the environment still overrides them). Sources/kfc/Allocator.swift says why each is set.
 *
 * narenas:1 - one arena, where jemalloc's default is four per CPU. kfc's phases run on
 * different threads (the proofs' model is freed on one thread while the output is encoded
 * on others), and memory an arena frees serves only that arena's later allocations: with
 * eight arenas, `kfc build` of 10,000 clients peaked at 263 MB, with one at 240 MB, for the
 * same CPU (docs/benchmarks.md, 2026-12-04). The threads' caches keep the arena's lock off
 * the common path. */
const char *malloc_conf = "narenas:1";

int kfc_jemalloc_config_linked(void) { return 1; }
