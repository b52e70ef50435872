/// A half-open byte range in one source file, with the line and column of its start.
///
/// Every AST node and every diagnostic label carries one. Offsets are byte offsets into
/// `SourceFile.bytes`; line and column are 1-based, columns count bytes.
package struct Span: Hashable, Sendable, Codable, Comparable {
    /// The file the span is in.
    package var file: FileID
    /// Byte offset of the first byte.
    package var start: Int
    /// Byte offset one past the last byte (`start` for an empty span).
    package var end: Int
    /// 1-based line of `start`.
    package var line: Int
    /// 1-based byte column of `start`.
    package var column: Int

    /// Creates a span.
    package init(file: FileID, start: Int, end: Int, line: Int, column: Int) {
        self.file = file
        self.start = start
        self.end = end
        self.line = line
        self.column = column
    }

    /// Length in bytes.
    package var length: Int { end - start }

    /// The smallest span covering both (which must be in the same file); keeps the earlier start.
    package func joined(with other: Span) -> Span {
        var s = start <= other.start ? self : other
        s.end = Swift.max(end, other.end)
        return s
    }

    /// An empty span at this span's end (for "expected X here" carets). Line and column are those
    /// of the start when the end is on another line is unknown; callers that need exact end
    /// positions compute them with `SourceFile.location(of:)`.
    package func emptyAtStart() -> Span { Span(file: file, start: start, end: start, line: line, column: column) }

    package static func < (a: Span, b: Span) -> Bool {
        (a.file, a.start, a.end) < (b.file, b.start, b.end)
    }
}
