#if canImport(Glibc)
    import Glibc
#endif
#if canImport(CJemalloc) && !KFC_SYSTEM_MALLOC
    import CJemalloc
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

    #if canImport(CJemalloc) && !KFC_SYSTEM_MALLOC
        /// The bytes jemalloc has allocated for this thread so far.
        private static func allocatedByThisThread() -> UInt64? {
            var bytes: UInt64 = 0
            var size = MemoryLayout<UInt64>.size
            return mallctl("thread.allocated", &bytes, &size, nil, 0) == 0 ? bytes : nil
        }
    #endif
}
