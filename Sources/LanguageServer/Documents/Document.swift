/// An open document: the editor's text at a version, which replaces the file on disk.
package struct Document: Sendable {
    /// The document's URI.
    package let uri: String
    /// The file-system path the URI names (kfc's display path for it).
    package let path: String
    /// The client's version; increases with every change.
    package private(set) var version: Int
    /// The current text's line index (and bytes).
    package private(set) var index: LineIndex

    /// The current text.
    package var bytes: [UInt8] { index.bytes }

    /// Opens a document.
    package init(uri: String, path: String, version: Int, text: String, encoding: PositionEncoding) {
        self.uri = uri
        self.path = path
        self.version = version
        self.index = LineIndex(bytes: Array(text.utf8), encoding: encoding)
    }

    /// Applies the changes of one `didChange` in order and takes the new version. A change
    /// without a range replaces the text (full sync); a range reaching past the end is clamped,
    /// as LSP asks.
    package mutating func apply(_ changes: [LSP.TextDocumentContentChangeEvent], version: Int) {
        for change in changes {
            guard let range = change.range else {
                index = LineIndex(bytes: Array(change.text.utf8), encoding: index.encoding)
                continue
            }
            let lo = index.clampedOffset(of: range.start)
            let hi = max(lo, index.clampedOffset(of: range.end))
            var b = index.bytes
            b.replaceSubrange(lo..<hi, with: Array(change.text.utf8))
            index = LineIndex(bytes: b, encoding: index.encoding)
        }
        self.version = version
    }
}
