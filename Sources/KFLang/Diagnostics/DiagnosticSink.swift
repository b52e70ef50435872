/// Collects the diagnostics of one run; threaded through every stage.
///
/// Stages report here instead of throwing. `sorted()` gives the order in which diagnostics are
/// shown: by file, line, column, then code, with exact duplicates dropped and repeats across the
/// replicas of one declaration folded into one (`ReplicaFolding`).
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

    /// Sorts by file, line, column and code, drops exact duplicates, and folds a diagnostic that
    /// repeats across replicas into one naming them. Every command renders what this returns.
    package static func sorted(_ ds: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        let unique = ds.filter { seen.insert($0).inserted }
        let folded = ReplicaFolding.fold(unique, diagnostic: { $0 }, replacing: { _, d in d })
        return inDisplayOrder(folded, diagnostic: { $0 })
    }

    /// Sorts items by their diagnostics' file, line, column and code; items without a location
    /// first, ties in the order given.
    package static func inDisplayOrder<T>(_ items: [T], diagnostic: (T) -> Diagnostic) -> [T] {
        items.enumerated().sorted { a, b in
            let da = diagnostic(a.element)
            let db = diagnostic(b.element)
            switch (da.primary?.span, db.primary?.span) {
            case (nil, nil): break
            case (nil, _): return true
            case (_, nil): return false
            case (let x?, let y?):
                if x.file != y.file { return x.file < y.file }
                if x.start != y.start { return x.start < y.start }
            }
            if da.code != db.code { return da.code < db.code }
            return a.offset < b.offset
        }.map(\.element)
    }
}
