import KFLang

/// The lexer and parser on arbitrary bytes, and the rendering of what they report.
///
/// Holds for every input: no trap, every diagnostic is well formed and inside the file, and a
/// tree marked error-free comes with no error diagnostics (and the other way round).
enum ParseTarget {
    static func run(_ bytes: [UInt8]) {
        var sources = SourceManager()
        let id = sources.add(path: "fuzz.kf", bytes: bytes)
        let sink = DiagnosticSink()
        let tree = Parser.parse(sources[id], sink: sink)
        let diagnostics = sink.sorted()
        let errors = diagnostics.contains { $0.severity == .error }
        if tree.hasErrors != errors { FuzzCheck.fail("hasErrors is \(tree.hasErrors), error diagnostics: \(errors)") }
        FuzzCheck.diagnostics(diagnostics, sources: sources)
        _ = Parser.parseExpression(sources[id], sink: DiagnosticSink())
    }
}
