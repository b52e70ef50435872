/// A position in YAML text.
///
/// Lines and columns are 1-based and columns count bytes, like `KFLang.Span`, so a mark turns
/// into a span of the same file without conversion. The offset is 0-based, in bytes.
package struct YAMLMark: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 1-based line.
    package var line: Int
    /// 1-based column, in bytes from the start of the line.
    package var column: Int
    /// 0-based byte offset from the start of the input.
    package var offset: Int

    /// Creates a mark.
    package init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// `line:column`.
    package var description: String { "\(line):\(column)" }

    package static func < (a: YAMLMark, b: YAMLMark) -> Bool { a.offset < b.offset }
}
