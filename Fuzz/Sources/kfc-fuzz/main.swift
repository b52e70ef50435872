import CLibFuzzer
import Foundation
import KFCFuzz

// kfc-fuzz TARGET [ARGS…]
//
// Built by scripts/fuzz with -sanitize=fuzzer,address and -D KFC_LIBFUZZER, ARGS are libFuzzer's
// (corpus folders, -max_total_time=…) and libFuzzer's driver runs the target on each input.
// Built normally, ARGS are files, each run through the target once (a finding reproduces).

let arguments = CommandLine.arguments
guard arguments.count >= 2, let target = FuzzTarget(rawValue: arguments[1]) else {
    let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
    FileHandle.standardError.write(Data("usage: kfc-fuzz \(names) [libFuzzer flags | files]\n".utf8))
    exit(64)
}

#if KFC_LIBFUZZER
    /// The target libFuzzer's callback runs; set once, before the driver starts.
    nonisolated(unsafe) var selected = target

    /// libFuzzer's entry point; the driver is given the same function.
    @_cdecl("LLVMFuzzerTestOneInput")
    func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        selected.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }

    // The arguments without TARGET: libFuzzer sees only its own flags and folders.
    var argv: [UnsafeMutablePointer<CChar>?] = ([arguments[0]] + arguments.dropFirst(2)).map { strdup($0) } + [nil]
    var argc = CInt(argv.count - 1)
    let status = argv.withUnsafeMutableBufferPointer { buffer -> CInt in
        var base = buffer.baseAddress
        return LLVMFuzzerRunDriver(&argc, &base) { data, size in testOneInput(data, size) }
    }
    exit(status)
#else
    for path in arguments.dropFirst(2) {
        guard let data = FileManager.default.contents(atPath: path) else {
            FileHandle.standardError.write(Data("kfc-fuzz: cannot read \(path)\n".utf8))
            exit(1)
        }
        target.run([UInt8](data))
        print("\(target.rawValue): \(path): ok")
    }
#endif
