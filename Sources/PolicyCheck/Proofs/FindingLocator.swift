import KFLang

/// The one way a finding becomes a `.kf` location.
///
/// A finding about an object that was built in memory (what `kfc check` and `kfc build` prove)
/// has no position of its own; it is moved to the `.kf` declaration the object was emitted for
/// (its `kfc.dev/source` annotation), or, when the object has none, keeps no primary location
/// and names the object in a note. Findings about files (`kfc verify`) keep their positions.
package struct FindingLocator {
    /// The `.kf` declaration of each object built in memory, by display name; read on the
    /// first finding that needs it (a clean run needs none).
    private let origins: Once<[String: SourceLocation]>
    private let emittedFile: FileID

    /// A locator for findings about `objects`.
    package init(objects: [ManifestObject], emittedFile: FileID) {
        origins = Once {
            var origins: [String: SourceLocation] = [:]
            for o in objects where o.isBuiltInMemory {
                if let kf = o.kfOrigin, let l = Self.parse(kf) { origins[o.displayName] = l }
            }
            return origins
        }
        self.emittedFile = emittedFile
    }

    /// `FILE:LINE:COL` (the file may itself contain colons) as a location.
    package static func parse(_ text: String) -> SourceLocation? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]),
            line >= 1, column >= 1
        else { return nil }
        return SourceLocation(path: parts.dropLast(2).joined(separator: ":"), line: line, column: column)
    }

    private func isInMemory(_ s: Span) -> Bool { s.file == emittedFile || s.file.raw == UInt32.max }

    /// `f`, located at its `.kf` declaration when it points into objects built in memory;
    /// `locate` turns `.kf` locations into spans.
    package func locate(_ f: Finding, _ locate: (SourceLocation) -> Span?) -> Finding {
        var f = f
        var d = f.diagnostic
        d.secondary = d.secondary.filter { !isInMemory($0.span) }
        if let p = d.primary, isInMemory(p.span) {
            let origins = origins.get()
            if let l = origins[f.subject], let span = locate(l) {
                d.primary = DiagnosticLabel(span, p.text)
            } else if let l = origins[f.subject] {
                d.primary = nil
                d.location = l
            } else {
                d.primary = nil
                if !f.subject.isEmpty, p.span.file == emittedFile {
                    d.notes.insert("in the emitted object \(f.subject)", at: 0)
                }
            }
        }
        f.diagnostic = d
        return f
    }
}
