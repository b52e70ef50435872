import KFLang

/// Formats a document as `kfc fmt` does: one edit replacing the whole text, none when it is
/// formatted already or does not parse (`kfc fmt` leaves such files untouched too).
package enum DocumentFormatting {
    /// The edits that format `document`.
    package static func edits(for document: Document) -> [LSP.TextEdit] {
        var sources = SourceManager()
        let id = sources.add(path: document.path, bytes: document.bytes)
        let sink = DiagnosticSink()
        let tree = Parser.parse(sources[id], sink: sink)
        if sink.hasErrors { return [] }
        let formatted = Formatter.format(tree, source: sources[id])
        guard Array(formatted.utf8) != document.bytes else { return [] }
        let whole = document.index.range(of: 0..<document.bytes.count)
        return [LSP.TextEdit(range: whole, newText: formatted)]
    }
}
