import Foundation
import Testing

@testable import kfc

/// kfc's allocator (`Allocator`): on Linux, jemalloc serves `malloc` for the whole process.
struct AllocatorTests {
    /// This test process links the kfc module as the binary does.
    @Test func mallocIsMimallocsInThisProcess() {
        #if os(Linux) && !KFC_SYSTEM_MALLOC
            #expect(Allocator.current.hasPrefix("jemalloc 5."), "\(Allocator.current)")
        #else
            #expect(Allocator.current == "libc")
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
