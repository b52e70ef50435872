/// Prints a syntax tree in kfc's canonical layout.
package enum Formatter {
    /// Formats a tree parsed without syntax errors from `source`.
    package static func format(_ tree: SourceFileSyntax, source: SourceFile) -> String {
        String(decoding: source.bytes, as: UTF8.self)
    }
}
