/// A position in YAML text.
///
/// Lines and columns are 1-based and columns count bytes, like `KFLang.Span`, so a mark turns
/// into a span of the same file without conversion. The offset is 0-based, in bytes.
package struct YAMLMark: Sendable, Hashable, Comparable, CustomStringConvertible {
    // Every parsed node holds two marks; 32-bit line and column keep a mark at 16 bytes.
    private var storedLine: UInt32
    private var storedColumn: UInt32

    /// 0-based byte offset from the start of the input.
    package var offset: Int

    /// 1-based line.
    package var line: Int {
        get { Int(storedLine) }
        set { storedLine = UInt32(clamping: newValue) }
    }

    /// 1-based column, in bytes from the start of the line.
    package var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = UInt32(clamping: newValue) }
    }

    /// Creates a mark (line and column saturate at 2³² − 1).
    package init(line: Int, column: Int, offset: Int) {
        storedLine = UInt32(clamping: line)
        storedColumn = UInt32(clamping: column)
        self.offset = offset
    }

    /// `line:column`.
    package var description: String { "\(line):\(column)" }

    /// Orders marks by offset.
    package static func < (a: YAMLMark, b: YAMLMark) -> Bool { a.offset < b.offset }
}
