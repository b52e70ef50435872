/// The kind of a lexical token.
package enum TokenKind: UInt8, Sendable, Hashable {
    case identifier
    // Keywords (reserved: never identifiers).
    case kwImport, kwLet, kwRequire, kwRule, kwWaive, kwBecause, kwIn, kwAs, kwFor, kwTrue, kwFalse, kwNone
    case kwIf, kwElse
    // Literals.
    case integer, float, quantity, string, jq, ipv4, cidr
    // Punctuation.
    case lParen, rParen, lBracket, rBracket, lBrace, rBrace, comma, colon, dot, equal, question
    // Operators.
    case plus, minus, star, slash, percent, bang
    case equalEqual, bangEqual, less, lessEqual, greater, greaterEqual, ampAmp, pipePipe
    case halfOpenRange, closedRange, openClosedRange, openRange
    /// A byte sequence the lexer already diagnosed; the parser reports nothing more about it.
    case unknown
    /// End of input (always the last token).
    case eof

    /// How the kind is named in messages, quoted where it is fixed text.
    package var display: String {
        switch self {
        case .identifier: "identifier"
        case .kwImport: "'import'"
        case .kwLet: "'let'"
        case .kwRequire: "'require'"
        case .kwRule: "'rule'"
        case .kwWaive: "'waive'"
        case .kwBecause: "'because'"
        case .kwIn: "'in'"
        case .kwAs: "'as'"
        case .kwFor: "'for'"
        case .kwTrue: "'true'"
        case .kwFalse: "'false'"
        case .kwNone: "'none'"
        case .kwIf: "'if'"
        case .kwElse: "'else'"
        case .integer: "integer"
        case .float: "number"
        case .quantity: "quantity"
        case .string: "string"
        case .jq: "jq literal"
        case .ipv4: "IP address"
        case .cidr: "CIDR block"
        case .lParen: "'('"
        case .rParen: "')'"
        case .lBracket: "'['"
        case .rBracket: "']'"
        case .lBrace: "'{'"
        case .rBrace: "'}'"
        case .comma: "','"
        case .colon: "':'"
        case .dot: "'.'"
        case .equal: "'='"
        case .question: "'?'"
        case .plus: "'+'"
        case .minus: "'-'"
        case .star: "'*'"
        case .slash: "'/'"
        case .percent: "'%'"
        case .bang: "'!'"
        case .equalEqual: "'=='"
        case .bangEqual: "'!='"
        case .less: "'<'"
        case .lessEqual: "'<='"
        case .greater: "'>'"
        case .greaterEqual: "'>='"
        case .ampAmp: "'&&'"
        case .pipePipe: "'||'"
        case .halfOpenRange: "'..<'"
        case .closedRange: "'...'"
        case .openClosedRange: "'<..'"
        case .openRange: "'<..<'"
        case .unknown: "invalid input"
        case .eof: "end of file"
        }
    }

    /// Reserved words and their kinds.
    package static let keywords: [String: TokenKind] = [
        "import": .kwImport, "let": .kwLet, "require": .kwRequire, "rule": .kwRule, "waive": .kwWaive,
        "because": .kwBecause, "in": .kwIn, "as": .kwAs, "for": .kwFor, "true": .kwTrue,
        "false": .kwFalse, "none": .kwNone, "if": .kwIf, "else": .kwElse,
    ]
}

/// One token: its kind and where it is. Text is read back from the source bytes on demand.
///
/// Positions are stored in 32 bits to keep the token array small (files are far below 2 GiB).
package struct Token: Sendable, Hashable {
    /// What the token is.
    package var kind: TokenKind
    /// Whether a line break separates this token from the previous token (comments don't count).
    package var newlineBefore: Bool
    /// Whether an empty line precedes this token or the comments right before it.
    package var blankLineBefore: Bool
    private var start32: Int32
    private var end32: Int32
    private var line32: Int32
    private var column32: Int32

    /// Creates a token.
    package init(
        kind: TokenKind, start: Int, end: Int, line: Int, column: Int, newlineBefore: Bool,
        blankLineBefore: Bool
    ) {
        self.kind = kind
        self.newlineBefore = newlineBefore
        self.blankLineBefore = blankLineBefore
        start32 = Int32(clamping: start)
        end32 = Int32(clamping: end)
        line32 = Int32(clamping: line)
        column32 = Int32(clamping: column)
    }

    /// Byte offset of the first byte.
    package var start: Int { Int(start32) }
    /// Byte offset one past the last byte.
    package var end: Int { Int(end32) }
    /// 1-based line of `start`.
    package var line: Int { Int(line32) }
    /// 1-based byte column of `start`.
    package var column: Int { Int(column32) }

    /// The token's span in `file`.
    package func span(_ file: FileID) -> Span { Span(file: file, start: start, end: end, line: line, column: column) }
}

/// A comment kept for the formatter and for documentation.
package struct Comment: Sendable, Hashable {
    /// The comment's form.
    package enum Kind: Sendable, Hashable {
        /// `// ...` up to the end of the line.
        case line
        /// `/// ...`: documents the declaration that follows.
        case doc
        /// `/* ... */` (may nest and span lines).
        case block
    }
    /// The comment's form.
    package var kind: Kind
    /// The comment's exact text, delimiters included, trailing spaces removed.
    package var text: String
    /// Where it is.
    package var span: Span
    /// Whether a line break precedes it (false for a comment after code on the same line).
    package var newlineBefore: Bool
    /// Whether an empty line precedes it.
    package var blankLineBefore: Bool

    /// Creates a comment.
    package init(kind: Kind, text: String, span: Span, newlineBefore: Bool, blankLineBefore: Bool) {
        self.kind = kind
        self.text = text
        self.span = span
        self.newlineBefore = newlineBefore
        self.blankLineBefore = blankLineBefore
    }
}
