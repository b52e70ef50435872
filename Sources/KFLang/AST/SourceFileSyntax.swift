/// The root of a parsed `.kf` file: its items in source order and the comments after the last one.
package struct SourceFileSyntax: Sendable {
    /// The file this tree was parsed from.
    package var file: FileID
    /// The whole file.
    package var span: Span

    /// Creates a tree.
    package init(file: FileID, span: Span) {
        self.file = file
        self.span = span
    }
}
