#if canImport(Glibc)
    import Glibc
#endif
#if canImport(CJemalloc) && !KFC_SYSTEM_MALLOC
    import CJemalloc
    import CJemallocConfig
#endif

/// The memory allocator of the `kfc` process.
///
/// On Linux kfc links jemalloc (Debian's `libjemalloc-dev`), whose `malloc` and `free` take the
/// place of the C library's for the whole process, the Swift runtime's allocations included. A
/// large build or verify makes millions of small strings, arrays and tree nodes: with glibc's
/// allocator, `kfc verify`, `build` and `check` of 10,000 clients each spent about a tenth more
/// CPU (docs/benchmarks.md, 2026-12-04). mimalloc measured the same, but it has no fork
/// handlers, and kfc forks (without exec) to run jq programs while other threads allocate: a
/// child could inherit its allocator mid-operation and spin forever. jemalloc takes its locks
/// around `fork` and resets them in the child, as glibc's does.
///
/// kfc sets one jemalloc option, in `Sources/CJemallocConfig/config.c`: one arena (`narenas:1`)
/// where jemalloc makes four per CPU. kfc frees one phase's objects on one thread while others
/// allocate the next phase's; an arena reuses only the memory it allocated itself, so with
/// many arenas the freed memory sat unused and the peak grew (`kfc build` of 10,000 clients:
/// 263 MB with the default, 240 MB with one arena, the same CPU). A `MALLOC_CONF` in the
/// environment overrides it.
///
/// The sanitizer builds, whose runtimes bring their own allocator, build with
/// `-DKFC_SYSTEM_MALLOC` and keep the C library's.
enum Allocator {
    /// Which allocator serves this process's `malloc`: `jemalloc` and its version when a block
    /// from `malloc` is counted by jemalloc, else `libc`.
    static var current: String {
        #if canImport(CJemalloc) && !KFC_SYSTEM_MALLOC
            var version: UnsafePointer<CChar>?
            var size = MemoryLayout<UnsafePointer<CChar>?>.size
            guard mallctl("version", &version, &size, nil, 0) == 0, let version else { return "libc" }
            let blockSize = 1 << 16
            let before = allocatedByThisThread()
            let block = malloc(blockSize)
            let after = allocatedByThisThread()
            free(block)
            if let before, let after, after &- before >= UInt64(blockSize) {
                return "jemalloc " + String(cString: version)
            }
        #endif
        return "libc"
    }

    /// jemalloc's number of arenas (`opt.narenas`), nil with another allocator.
    static var arenas: Int? {
        #if canImport(CJemalloc) && !KFC_SYSTEM_MALLOC
            guard kfc_jemalloc_config_linked() == 1 else { return nil }
            var n: UInt32 = 0
            var size = MemoryLayout<UInt32>.size
            return mallctl("opt.narenas", &n, &size, nil, 0) == 0 ? Int(n) : nil
        #else
            return nil
        #endif
    }

    #if canImport(CJemalloc) && !KFC_SYSTEM_MALLOC
        /// The bytes jemalloc has allocated for this thread so far.
        private static func allocatedByThisThread() -> UInt64? {
            var bytes: UInt64 = 0
            var size = MemoryLayout<UInt64>.size
            return mallctl("thread.allocated", &bytes, &size, nil, 0) == 0 ? bytes : nil
        }
    #endif
}
