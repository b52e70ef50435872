/// How serious a diagnostic is.
package enum Severity: String, Sendable, Codable, Comparable {
    case error, warning, note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }
    package static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A span with a short text shown under it (`^^^ text` or `--- text`).
package struct DiagnosticLabel: Hashable, Sendable, Codable {
    /// Where the label points.
    package var span: Span
    /// What it says (may be empty).
    package var text: String
    package init(_ span: Span, _ text: String = "") {
        self.span = span
        self.text = text
    }
}

/// A suggested edit: replace `span` with `replacement`.
package struct FixIt: Hashable, Sendable, Codable {
    /// What the fix does, imperative (`insert ']'`).
    package var title: String
    /// The text to replace.
    package var span: Span
    /// The replacement text.
    package var replacement: String
    package init(title: String, span: Span, replacement: String) {
        self.title = title
        self.span = span
        self.replacement = replacement
    }
}

/// One problem found in the user's input, with a stable code.
///
/// The message says *what* is wrong (one line, lowercase, no final period, names in
/// 'single quotes'); `notes` say why, `helps` say how to fix it, and `fixIts` are
/// machine-applicable edits. Codes (`KFnnnn`) and the JSON field names are API; wording is not.
package struct Diagnostic: Hashable, Sendable, Codable {
    /// Stable code, `KF` followed by four digits.
    package var code: String
    /// Error, warning or note.
    package var severity: Severity
    /// One-line summary.
    package var message: String
    /// The main location; `nil` only for diagnostics about no file at all (e.g. a missing input).
    package var primary: DiagnosticLabel?
    /// Other places involved (the first definition, the declaration, the budget).
    package var secondary: [DiagnosticLabel]
    /// `= note:` lines.
    package var notes: [String]
    /// `= help:` lines.
    package var helps: [String]
    /// Machine-applicable edits.
    package var fixIts: [FixIt]
    /// Where the problem is, when the stage that found it knows only a path, line and column
    /// (the back ends and the policy pass work on the IR); `resolved(in:)` turns it into `primary`.
    package var location: SourceLocation?

    /// Creates a diagnostic.
    package init(
        code: String, severity: Severity = .error, message: String, primary: DiagnosticLabel?,
        secondary: [DiagnosticLabel] = [], notes: [String] = [], helps: [String] = [], fixIts: [FixIt] = []
    ) {
        self.code = code
        self.severity = severity
        self.message = message
        self.primary = primary
        self.secondary = secondary
        self.notes = notes
        self.helps = helps
        self.fixIts = fixIts
    }

    /// Returns a copy with an extra secondary label.
    package func with(secondary span: Span, _ text: String) -> Diagnostic {
        var d = self
        d.secondary.append(DiagnosticLabel(span, text))
        return d
    }

    /// Returns a copy with an extra note.
    package func with(note: String) -> Diagnostic {
        var d = self
        d.notes.append(note)
        return d
    }

    /// Returns a copy with an extra help line.
    package func with(help: String) -> Diagnostic {
        var d = self
        d.helps.append(help)
        return d
    }

    /// Returns a copy located at `location` (used when the primary span is not known).
    package func with(location: SourceLocation?) -> Diagnostic {
        var d = self
        d.location = location
        return d
    }

    /// Returns a copy whose `location` is turned into a primary span when the file is loaded.
    package func resolved(in sources: SourceManager) -> Diagnostic {
        guard primary == nil, let loc = location, let span = sources.span(at: loc) else { return self }
        var d = self
        d.primary = DiagnosticLabel(span, "")
        return d
    }

    /// Returns a copy with an extra fix-it (its title is also shown as a help line).
    package func with(fixIt: FixIt) -> Diagnostic {
        var d = self
        d.fixIts.append(fixIt)
        return d
    }
}
