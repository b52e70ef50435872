import KFLang

/// Turns `kfc check`'s diagnostics into the editor's: one list per document, each with its
/// code, the notes and help lines under the message, secondary labels as related locations.
///
/// A diagnostic located in another file (an imported module) or in none is shown at the top of
/// the checked document, its real place as the first related location, so nothing `kfc check`
/// reports is lost.
package enum DiagnosticConversion {
    /// The LSP diagnostics of a document checked as `root`.
    package static func convert(_ ds: [Diagnostic], root: FileID?, mapper: LocationMapper) -> [LSP.Diagnostic] {
        ds.map { convert($0, root: root, mapper: mapper) }
    }

    /// One diagnostic.
    package static func convert(_ d: Diagnostic, root: FileID?, mapper: LocationMapper) -> LSP.Diagnostic {
        let top = LSP.Range(start: .init(line: 0, character: 0), end: .init(line: 0, character: 0))
        var related: [LSP.DiagnosticRelatedInformation] = []
        let range: LSP.Range
        if let p = d.primary, p.span.file == root {
            range = mapper.range(of: p.span)
        } else {
            range = top
            if let p = d.primary, Int(p.span.file.raw) < mapper.sources.files.count {
                related.append(
                    .init(location: mapper.location(of: p.span), message: p.text.isEmpty ? d.message : p.text))
            }
        }
        // Spans in objects built in memory or placeholders name no loaded file.
        for s in d.secondary where Int(s.span.file.raw) < mapper.sources.files.count {
            related.append(.init(location: mapper.location(of: s.span), message: s.text))
        }
        var message = d.message
        if let p = d.primary, !p.text.isEmpty, p.span.file == root { message += " (\(p.text))" }
        for n in d.notes { message += "\nnote: \(n)" }
        // As `kfc check` prints them: the help lines, then each fix-it's title.
        for h in d.helps + d.fixIts.map(\.title).filter({ !d.helps.contains($0) }) {
            message += "\nhelp: \(h)"
        }
        let severity =
            switch d.severity {
            case .error: 1
            case .warning: 2
            case .note: 3
            }
        return LSP.Diagnostic(
            range: range, severity: severity, code: d.code, source: "kfc", message: message,
            relatedInformation: related.isEmpty ? nil : related)
    }
}
