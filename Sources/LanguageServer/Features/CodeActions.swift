import KFLang

/// Offers each fix-it of the diagnostics that touch a range as a quick fix.
package enum CodeActions {
    /// The quick fixes for `range` of the document checked as `root`.
    package static func actions(
        for range: Swift.Range<Int>, analysis: Analysis, mapper: LocationMapper
    ) -> [LSP.CodeAction] {
        guard let root = analysis.root else { return [] }
        var out: [LSP.CodeAction] = []
        for d in analysis.diagnostics where !d.fixIts.isEmpty {
            guard let p = d.primary, p.span.file == root,
                p.span.start <= range.upperBound, range.lowerBound <= p.span.end
            else { continue }
            let shown = DiagnosticConversion.convert(d, root: root, mapper: mapper)
            for fix in d.fixIts where Int(fix.span.file.raw) < analysis.sources.files.count {
                let edit = LSP.TextEdit(range: mapper.range(of: fix.span), newText: fix.replacement)
                out.append(
                    LSP.CodeAction(
                        title: fix.title, kind: "quickfix", diagnostics: [shown], isPreferred: d.fixIts.count == 1,
                        edit: LSP.WorkspaceEdit(changes: [mapper.uri(of: fix.span.file): [edit]])))
            }
        }
        return out
    }
}
