/// Collects the diagnostics of one run; threaded through every stage.
///
/// Stages report here instead of throwing. `sorted()` gives the order in which diagnostics are
/// shown: by file, line, column, then code, with exact duplicates dropped.
package final class DiagnosticSink {
    /// Everything reported so far, in report order.
    package private(set) var diagnostics: [Diagnostic] = []

    /// Creates an empty sink.
    package init() {}

    /// Records a diagnostic.
    package func report(_ d: Diagnostic) { diagnostics.append(d) }

    /// Records several diagnostics.
    package func report(contentsOf ds: [Diagnostic]) { diagnostics.append(contentsOf: ds) }

    /// Number of errors reported.
    package var errorCount: Int { diagnostics.lazy.filter { $0.severity == .error }.count }

    /// Number of warnings reported.
    package var warningCount: Int { diagnostics.lazy.filter { $0.severity == .warning }.count }

    /// Whether any error was reported.
    package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The diagnostics in display order, without duplicates.
    package func sorted() -> [Diagnostic] { Self.sorted(diagnostics) }

    /// Sorts by file, line, column and code, and drops exact duplicates.
    package static func sorted(_ ds: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        let unique = ds.filter { seen.insert($0).inserted }
        return unique.enumerated().sorted { a, b in
            let pa = a.element.primary?.span
            let pb = b.element.primary?.span
            switch (pa, pb) {
            case (nil, nil): break
            case (nil, _): return true
            case (_, nil): return false
            case (let x?, let y?):
                if x.file != y.file { return x.file < y.file }
                if x.start != y.start { return x.start < y.start }
            }
            if a.element.code != b.element.code { return a.element.code < b.element.code }
            return a.offset < b.offset
        }.map(\.element)
    }
}
