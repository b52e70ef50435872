import KFLang

/// The properties every target checks on its diagnostics.
enum FuzzCheck {
    /// Stops the process: libFuzzer keeps the input as a crash.
    static func fail(_ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) -> Never {
        fatalError("fuzz property violated: \(message())", file: file, line: line)
    }

    /// Every diagnostic has a `KFnnnn` code and spans inside its file, and renders as text.
    static func diagnostics(_ diagnostics: [Diagnostic], sources: SourceManager) {
        for d in diagnostics {
            if !isCode(d.code) { fail("diagnostic code '\(d.code)' is not KFnnnn") }
            if d.code.hasPrefix("KF9") { fail("internal error \(d.code): \(d.message)") }
            let spans = (d.primary.map { [$0.span] } ?? []) + d.secondary.map(\.span) + d.fixIts.map(\.span)
            for s in spans where Int(s.file.raw) < sources.files.count {
                let size = sources[s.file].bytes.count
                if s.start < 0 || s.start > s.end || s.end > size {
                    fail("\(d.code) span \(s.start)..<\(s.end) outside a file of \(size) bytes")
                }
            }
        }
        _ = DiagnosticRenderer(sources: sources).render(diagnostics)
        _ = DiagnosticRenderer(sources: sources, color: true).render(diagnostics)
    }

    private static func isCode(_ code: String) -> Bool {
        let u = Array(code.utf8)
        return u.count == 6 && u[0] == UInt8(ascii: "K") && u[1] == UInt8(ascii: "F")
            && u[2...].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
