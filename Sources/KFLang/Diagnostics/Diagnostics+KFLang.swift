/// The lexer's and parser's diagnostics (KF0002–KF0099), one factory per code, sorted by code.
///
/// KF0001 ("cannot read input file") belongs to the driver. Messages say what is wrong; notes,
/// helps and fix-its say why and how to fix it.
extension Diagnostic {
    /// KF0002: bytes that are not valid UTF-8.
    package static func invalidUTF8(_ span: Span, byte: UInt8) -> Diagnostic {
        Diagnostic(
            code: "KF0002", message: "invalid UTF-8 byte 0x\(hex(byte))",
            primary: DiagnosticLabel(span, "not valid UTF-8"),
            notes: ["kfc reads source files as UTF-8"],
            helps: ["re-save the file as UTF-8, or remove the byte"])
    }

    /// KF0003: a character that starts no token. `quoted` is the text of a single-quoted
    /// string (`'abc'`), which gets a double-quote fix-it instead of a removal.
    package static func unexpectedCharacter(_ span: Span, _ description: String, quoted: String? = nil) -> Diagnostic {
        if let quoted {
            return Diagnostic(
                code: "KF0003", message: "unexpected character \"'\"",
                primary: DiagnosticLabel(span, "strings use double quotes")
            )
            .with(fixIt: FixIt(title: "use double quotes", span: span, replacement: "\"\(quoted)\""))
        }
        return Diagnostic(
            code: "KF0003", message: "unexpected character \(description)",
            primary: DiagnosticLabel(span, "not valid here"),
            helps: ["names use ASCII letters, digits and '_'; other text belongs in a string or a comment"]
        )
        .with(fixIt: FixIt(title: "remove the character", span: span, replacement: ""))
    }

    /// KF0004: a string literal without its closing quote on the same line.
    package static func unterminatedString(_ span: Span, end: Span) -> Diagnostic {
        Diagnostic(
            code: "KF0004", message: "unterminated string literal",
            primary: DiagnosticLabel(span, "this string has no closing '\"'"),
            notes: ["string literals end on the line where they start"]
        )
        .with(fixIt: FixIt(title: "insert '\"'", span: end, replacement: "\""))
    }

    /// KF0005: an interpolation `\(` without its closing parenthesis.
    package static func unterminatedInterpolation(_ span: Span, end: Span) -> Diagnostic {
        Diagnostic(
            code: "KF0005", message: "unterminated string interpolation",
            primary: DiagnosticLabel(span, "this '\\(' is not closed"),
            notes: ["an interpolation '\\(expr)' ends at the matching ')' on the same line"]
        )
        .with(fixIt: FixIt(title: "insert ')\"'", span: end, replacement: ")\""))
    }

    /// KF0006: a block comment without `*/`.
    package static func unterminatedBlockComment(_ span: Span, end: Span) -> Diagnostic {
        Diagnostic(
            code: "KF0006", message: "unterminated block comment",
            primary: DiagnosticLabel(span, "this '/*' is never closed"),
            notes: ["block comments nest: every '/*' needs its own '*/'"]
        )
        .with(fixIt: FixIt(title: "insert '*/'", span: end, replacement: "*/"))
    }

    /// KF0007: a jq literal without its closing backtick.
    package static func unterminatedJQ(_ span: Span, end: Span) -> Diagnostic {
        Diagnostic(
            code: "KF0007", message: "unterminated jq literal",
            primary: DiagnosticLabel(span, "this '`' is never closed")
        )
        .with(fixIt: FixIt(title: "insert '`'", span: end, replacement: "`"))
    }

    /// KF0008: an unknown escape sequence in a string.
    package static func invalidEscape(_ span: Span, _ text: String) -> Diagnostic {
        Diagnostic(
            code: "KF0008", message: "invalid escape sequence '\(text)'",
            primary: DiagnosticLabel(span, "unknown escape"),
            notes: ["valid escapes: \\\\ \\\" \\n \\r \\t \\0 \\u{XXXX} and interpolation \\(expr)"],
            helps: ["write '\\\\' for a backslash"])
    }

    /// KF0009: a malformed number.
    package static func invalidNumber(_ span: Span, _ text: String, reason: String) -> Diagnostic {
        Diagnostic(
            code: "KF0009", message: "invalid number '\(text)'",
            primary: DiagnosticLabel(span, reason))
    }

    /// KF0010: a number with a unit suffix kfc does not know. `suggestions` are units it may
    /// have meant, best first: the first is the fix-it, the others are named beside it.
    package static func unknownUnit(_ span: Span, _ unit: String, number: String, suggestions: [String]) -> Diagnostic {
        var d = Diagnostic(
            code: "KF0010", message: "unknown unit '\(unit)'",
            primary: DiagnosticLabel(span, "not a unit"),
            notes: ["durations: ns us ms s m h d; quantities: n u m k M G T P E Ki Mi Gi Ti Pi Ei"])
        if let first = suggestions.first {
            let others = suggestions.dropFirst().map { "'\(number)\($0)'" }
            let title =
                "did you mean '\(number)\(first)'" + (others.isEmpty ? "" : " (or \(others.joined(separator: ", ")))")
                + "?"
            d = d.with(fixIt: FixIt(title: title, span: span, replacement: first))
        }
        return d
    }

    /// KF0011: an IPv4 address or CIDR block out of range or malformed.
    package static func invalidAddress(_ span: Span, _ text: String, reason: String) -> Diagnostic {
        Diagnostic(
            code: "KF0011", message: "invalid address '\(text)'",
            primary: DiagnosticLabel(span, reason),
            helps: [
                "an IPv4 address has four parts 0-255 ('10.0.0.1'); a CIDR block adds a prefix 0-32 ('10.18.0.0/16')"
            ])
    }

    /// KF0012: an operator kfc does not have, with the likely intended one.
    package static func unknownOperator(_ span: Span, _ text: String, suggestion: String) -> Diagnostic {
        Diagnostic(
            code: "KF0012", message: "unknown operator '\(text)'",
            primary: DiagnosticLabel(span, "not an operator")
        )
        .with(fixIt: FixIt(title: "did you mean '\(suggestion)'?", span: span, replacement: suggestion))
    }

    /// KF0013: something that cannot start a declaration where one is expected.
    package static func expectedDeclaration(_ span: Span, found: String) -> Diagnostic {
        Diagnostic(
            code: "KF0013", message: "expected a declaration, found \(found)",
            primary: DiagnosticLabel(span, "expected a declaration"),
            notes: ["a declaration is 'import', 'let', or 'KIND name { ... }' such as 'cluster lab { ... }'"])
    }

    /// KF0014: something that cannot start an expression where a value is expected.
    package static func expectedExpression(_ span: Span, found: String, context: String) -> Diagnostic {
        Diagnostic(
            code: "KF0014", message: "expected a value \(context), found \(found)",
            primary: DiagnosticLabel(span, "expected a value"))
    }

    /// KF0015: a specific token is missing.
    package static func expectedToken(
        _ span: Span, expected: String, found: String, help: String? = nil,
        fix: FixIt? = nil
    ) -> Diagnostic {
        var d = Diagnostic(
            code: "KF0015", message: "expected \(expected), found \(found)",
            primary: DiagnosticLabel(span, "expected \(expected)"))
        if let help { d = d.with(help: help) }
        if let fix { d = d.with(fixIt: fix) }
        return d
    }

    /// KF0016: an opening bracket without its closing partner.
    package static func unclosedDelimiter(_ span: Span, closer: String, opener: Span, found: String) -> Diagnostic {
        Diagnostic(
            code: "KF0016", message: "expected '\(closer)', found \(found)",
            primary: DiagnosticLabel(span, "expected '\(closer)'"),
            secondary: [DiagnosticLabel(opener, "to match this")]
        )
        .with(fixIt: FixIt(title: "insert '\(closer)'", span: span.emptyAtStart(), replacement: closer))
    }

    /// KF0017: a closing bracket that closes nothing.
    package static func unexpectedCloser(_ span: Span, _ text: String) -> Diagnostic {
        Diagnostic(
            code: "KF0017", message: "unexpected '\(text)'",
            primary: DiagnosticLabel(span, "nothing to close")
        )
        .with(fixIt: FixIt(title: "remove '\(text)'", span: span, replacement: ""))
    }

    /// KF0018: two items on one line without a separator.
    package static func missingSeparator(_ span: Span, found: String) -> Diagnostic {
        Diagnostic(
            code: "KF0018", message: "expected a line break or ',' before \(found)",
            primary: DiagnosticLabel(span, "a new item starts here"),
            notes: ["items in '{ ... }' are separated by line breaks or commas"]
        )
        .with(fixIt: FixIt(title: "insert ','", span: span.emptyAtStart(), replacement: ", "))
    }

    /// KF0019: brackets or operators nested deeper than the parser allows.
    package static func nestingTooDeep(_ span: Span, limit: Int) -> Diagnostic {
        Diagnostic(
            code: "KF0019", message: "nesting too deep",
            primary: DiagnosticLabel(span, "more than \(limit) levels"),
            notes: ["kfc limits nesting to \(limit) levels so that no input can exhaust the stack"],
            helps: ["split the expression with 'let' bindings"])
    }

    /// KF0020: comparisons chained without `&&`.
    package static func chainedComparison(_ span: Span, op: String) -> Diagnostic {
        Diagnostic(
            code: "KF0020", message: "comparison operators cannot be chained",
            primary: DiagnosticLabel(span, "second comparison '\(op)'"),
            helps: ["compare twice and join with '&&': 'a < b && b < c'"])
    }

    /// KF0021: a valid construct in a place where it is not allowed.
    package static func misplaced(_ span: Span, what: String, allowed: String) -> Diagnostic {
        Diagnostic(
            code: "KF0021", message: "\(what) is not allowed here",
            primary: DiagnosticLabel(span, "not allowed here"),
            notes: ["\(what) is only allowed \(allowed)"])
    }

    /// KF0022: the input is a binary file, not text.
    package static func binaryFile(_ span: Span, byte: UInt8) -> Diagnostic {
        Diagnostic(
            code: "KF0022", message: "file is not text",
            primary: DiagnosticLabel(span, "control byte 0x\(hex(byte))"),
            notes: [
                "a '.kf' file is UTF-8 text; this one has NUL or control bytes near its start, so it was not parsed"
            ],
            helps: ["check that the path names the '.kf' source and not a binary or compressed file"])
    }

    private static func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(b >> 4)], digits[Int(b & 0xF)]])
    }
}
