import PolicyCheck

/// jq rules, in process: the scan that refuses builtins reaching outside the document, libjq's
/// compiler, and the decoder of the frames a confined run sends back.
///
/// A rule *runs* in a forked child (no exec) under time, memory and output limits; whatever it
/// does there ends as a result or a `Failure` the parent reads through `outputs(fromFrames:)`.
/// Forking per input would make the fuzzer measure `fork`, and coverage is not collected in the
/// child, so the run itself is not fuzzed here; `JQProgramConfinementTests` pins its limits.
/// The input's first byte chooses the mode: odd bytes fuzz the frame decoder with the rest,
/// even bytes fuzz the refusal scan and compilation with the rest as the program.
///
/// Holds for every input: no trap; a program the scan refuses never reaches libjq; the frame
/// decoder returns outputs only for a stream that ends with a done frame.
enum JQTarget {
    static func run(_ bytes: [UInt8]) {
        guard let mode = bytes.first else { return }
        let rest = bytes.dropFirst()
        if mode & 1 == 1 {
            if let outputs = try? JQProgram.outputs(fromFrames: rest) {
                if outputs.count > rest.count / 9 { FuzzCheck.fail("more outputs than frames") }
            }
            return
        }
        let source = String(decoding: rest, as: UTF8.self)
        let refused = JQProgram.refusedBuiltin(in: source)
        do {
            _ = try JQProgram(source)
            if let refused { FuzzCheck.fail("'\(refused)' was refused by the scan but the program compiled") }
        } catch {}
    }
}
