import Foundation
import Testing

@testable import kfc

/// kfc's allocator (`Allocator`): on Linux, jemalloc serves `malloc` for the whole process.
struct AllocatorTests {
    /// This test process links the kfc module as the binary does.
    @Test func mallocIsJemallocsInThisProcess() {
        #if os(Linux) && !KFC_SYSTEM_MALLOC
            #expect(Allocator.current.hasPrefix("jemalloc 5."), "\(Allocator.current)")
            #expect(Allocator.arenas == 1)
        #else
            #expect(Allocator.current == "libc")
            #expect(Allocator.arenas == nil)
        #endif
    }

    /// The binaries take kfc's jemalloc options (`Sources/CJemallocConfig`): one arena, as
    /// jemalloc's own statistics report them; a `MALLOC_CONF` in the environment still wins.
    @Test(arguments: [BinaryRunner.binary, BinaryRunner.staticBinary].compactMap { $0 })
    func theBinaryRunsWithOneArena(binary: URL) throws {
        #if os(Linux) && !KFC_SYSTEM_MALLOC
            let r = try BinaryRunner.run(
                ["--version"], environment: ["MALLOC_CONF": "stats_print:true,stats_print_opts:mdablxe"],
                binary: binary)
            #expect(r.status == 0)
            #expect(r.stderr.contains("opt.narenas: 1\n"), "\(r.stderr.prefix(3000))")
            let overridden = try BinaryRunner.run(
                ["--version"], environment: ["MALLOC_CONF": "narenas:3,stats_print:true,stats_print_opts:mdablxe"],
                binary: binary)
            #expect(overridden.stderr.contains("opt.narenas: 3\n"), "\(overridden.stderr.prefix(3000))")
        #endif
    }

    /// In the kfc binaries (the suite's, and the static one the image ships), every binding of
    /// `malloc` the dynamic linker makes goes to jemalloc: the Swift runtime's (a library, or
    /// inside the static binary) and the C libraries' alike. One allocation from glibc's `malloc`
    /// freed by jemalloc's `free` would corrupt the heap, so none may stay with the C library.
    @Test(arguments: [BinaryRunner.binary, BinaryRunner.staticBinary].compactMap { $0 })
    func everyMallocOfTheBinaryIsJemallocs(binary: URL) throws {
        #if os(Linux) && !KFC_SYSTEM_MALLOC
            let r = try BinaryRunner.run(["--version"], environment: ["LD_DEBUG": "bindings"], binary: binary)
            #expect(r.status == 0)
            let bindings = r.stderr.split(separator: "\n").filter {
                $0.contains("normal symbol `malloc'") || $0.contains("normal symbol `free'")
            }
            #expect(bindings.count >= 4, "\(r.stderr.prefix(2000))")
            for b in bindings { #expect(b.contains("/libjemalloc.so"), "\(b)") }
            let runtime = bindings.filter {
                $0.contains("libswiftCore.so") || $0.contains("binding file \(binary.path) ")
            }
            #expect(!runtime.isEmpty, "\(bindings)")
        #endif
    }
}
