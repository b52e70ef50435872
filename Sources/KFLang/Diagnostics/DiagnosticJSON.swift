import Foundation

/// The JSON form of diagnostics (`--format json`): the same fields as the model plus resolved
/// file paths and end positions, wrapped in `{"version": 1, "diagnostics": [...]}`.
///
/// Field names are API: add fields, never rename or remove them.
package struct DiagnosticJSON: Codable, Sendable {
    /// A resolved location.
    package struct Location: Codable, Sendable {
        package var file: String
        package var line: Int
        package var column: Int
        package var endLine: Int
        package var endColumn: Int
        package var offset: Int
        package var length: Int
    }
    /// A label with its location.
    package struct Label: Codable, Sendable {
        package var location: Location
        package var text: String
    }
    /// A fix-it with its location.
    package struct Fix: Codable, Sendable {
        package var title: String
        package var location: Location
        package var replacement: String
    }
    /// One diagnostic.
    package struct Entry: Codable, Sendable {
        package var code: String
        package var severity: String
        package var message: String
        package var primary: Label?
        package var secondary: [Label]
        package var notes: [String]
        package var helps: [String]
        package var fixIts: [Fix]
    }

    /// Format version; bumped only on incompatible changes.
    package var version = 1
    /// The diagnostics, in display order.
    package var diagnostics: [Entry]

    /// Builds the JSON model from diagnostics and the files their spans point into.
    package init(_ ds: [Diagnostic], sources: SourceManager) {
        func loc(_ s: Span) -> Location {
            let f = sources[s.file]
            let a = f.location(of: s.start)
            let b = f.location(of: s.end)
            return Location(
                file: f.path, line: a.line, column: a.column, endLine: b.line, endColumn: b.column,
                offset: s.start, length: s.end - s.start)
        }
        diagnostics = ds.map { d in
            Entry(
                code: d.code, severity: d.severity.rawValue, message: d.message,
                primary: d.primary.map { Label(location: loc($0.span), text: $0.text) },
                secondary: d.secondary.map { Label(location: loc($0.span), text: $0.text) },
                notes: d.notes, helps: d.helps,
                fixIts: d.fixIts.map { Fix(title: $0.title, location: loc($0.span), replacement: $0.replacement) })
        }
    }

    /// Encodes with sorted keys and two-space indentation, ending in a newline.
    package func encoded() -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Encoding plain structs of strings and ints cannot fail.
        let data = (try? enc.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
