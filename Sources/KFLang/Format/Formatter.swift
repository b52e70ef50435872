/// Prints a syntax tree in kfc's canonical layout.
///
/// The layout: two-space indentation; one item per line in multi-line bodies; one space
/// around binary operators and after `:` and `,`; no spaces around range operators; at most
/// one empty line between items (kept where the author put one, never first in a body).
/// A body, record, list or argument list written on one line stays on one line unless it
/// holds comments; one written over several lines gets one element per line (lists and
/// arguments with a trailing comma). Comments are kept in place: leading ones on their own
/// lines, trailing ones after the item. String and jq literals are printed exactly as written.
/// Formatting is idempotent: `format(parse(format(x))) == format(x)`.
package enum Formatter {
    /// Formats a tree parsed without syntax errors from `source`; a tree with errors is
    /// returned unchanged as the source text, since its missing pieces cannot be printed.
    package static func format(_ tree: SourceFileSyntax, source: SourceFile) -> String {
        if tree.hasErrors { return String(decoding: source.bytes, as: UTF8.self) }
        var p = FormatPrinter(source: source)
        p.items(tree.items, endComments: tree.endComments, topLevel: true)
        return p.finish()
    }
}
