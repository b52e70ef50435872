/// The parser's state over one token stream: cursor, comment cursor, nesting depth and the
/// one-error-per-construct flag. The grammar lives in the `TokenParser+*.swift` extensions.
struct TokenParser {
    let file: SourceFile
    let tokens: [Token]
    let comments: [Comment]
    let sink: DiagnosticSink
    /// Current nesting depth (brackets, bodies, unary and binary operators).
    var depth: Int
    /// Index of the current token.
    var i = 0
    /// Index of the first comment not yet attached to a node.
    var ci = 0
    /// Whether the construct being parsed already reported an error (then it reports nothing more).
    var errorInItem = false
    /// Whether an error at end of file was reported (later ones would be cascades).
    var eofReported = false
    /// How many errors were found, reported or suppressed (to tell that a construct failed).
    var failCount = 0
    /// The start of the item `parseItems` is about to parse (taken by `beginItem`).
    var pendingItem: ItemStart?

    init(file: SourceFile, tokens: [Token], comments: [Comment], sink: DiagnosticSink, depth: Int) {
        self.file = file
        self.tokens = tokens
        self.comments = comments
        self.sink = sink
        self.depth = depth
    }

    // MARK: - Tokens

    var tok: Token { tokens[i] }
    var fid: FileID { file.id }

    func peek(_ k: Int) -> Token { tokens[min(i + k, tokens.count - 1)] }

    func at(_ k: TokenKind) -> Bool { tokens[i].kind == k }

    @discardableResult
    mutating func advance() -> Token {
        let t = tokens[i]
        if i < tokens.count - 1 { i += 1 }
        return t
    }

    mutating func eat(_ k: TokenKind) -> Token? { at(k) ? advance() : nil }

    func text(_ t: Token) -> String { String(decoding: file.bytes[t.start..<t.end], as: UTF8.self) }

    func span(_ t: Token) -> Span { t.span(fid) }

    /// The span from token `a` through the token before the cursor.
    func span(from a: Token) -> Span {
        let last = i > 0 ? tokens[i - 1] : a
        return Span(file: fid, start: a.start, end: max(a.end, last.end), line: a.line, column: a.column)
    }

    func span(from s: Span, to e: Span) -> Span {
        Span(file: fid, start: s.start, end: max(s.end, e.end), line: s.line, column: s.column)
    }

    /// An empty span right after the previous token (where a missing token belongs).
    var afterPrevious: Span {
        guard i > 0 else { return span(tok).emptyAtStart() }
        let p = tokens[i - 1]
        if p.kind != .jq {
            return Span(file: fid, start: p.end, end: p.end, line: p.line, column: p.column + p.end - p.start)
        }
        let loc = file.location(of: p.end)
        return Span(file: fid, start: p.end, end: p.end, line: loc.line, column: loc.column)
    }

    /// How a token is named in messages: keywords and punctuation quoted, names with their text.
    func describe(_ t: Token) -> String {
        switch t.kind {
        case .identifier: "'\(text(t))'"
        case .eof: "end of file"
        case .integer, .float, .quantity, .ipv4, .cidr: "'\(text(t))'"
        case .string: "a string"
        case .jq: "a jq literal"
        default: t.kind.display
        }
    }

    // MARK: - Diagnostics

    /// Reports unless this construct already failed, the token was already diagnosed by the
    /// lexer, or an error at end of file was already reported.
    mutating func report(_ d: Diagnostic) {
        defer { errorInItem = true }
        failCount += 1
        if errorInItem || tok.kind == .unknown { return }
        if tok.kind == .eof {
            if eofReported { return }
            eofReported = true
        }
        sink.report(d)
    }

    // MARK: - Depth

    /// Enters one nesting level; past the limit, reports KF0019, skips the nested construct
    /// without recursing and returns false.
    mutating func enter() -> Bool {
        depth += 1
        if depth <= Parser.maxDepth { return true }
        report(.nestingTooDeep(span(tok), limit: Parser.maxDepth))
        skipBalanced()
        return false
    }

    mutating func leave() { depth -= 1 }

    /// Skips a bracketed construct starting at the current token (flat, with a counter).
    mutating func skipBalanced() {
        var d = 0
        repeat {
            switch tok.kind {
            case .lParen, .lBracket, .lBrace: d += 1
            case .rParen, .rBracket, .rBrace: d -= 1
            case .eof:
                eofReported = true
                return
            default: break
            }
            advance()
        } while d > 0
    }

    // MARK: - Comments

    /// Takes every unattached comment before the current token.
    mutating func takeLeading() -> [Comment] {
        takeComments(before: tok.start)
    }

    mutating func takeComments(before offset: Int) -> [Comment] {
        let s = ci
        while ci < comments.count, comments[ci].span.start < offset { ci += 1 }
        return s == ci ? [] : Array(comments[s..<ci])
    }

    /// Takes the comments after the previous token on its line, if nothing else follows them there.
    mutating func takeTrailing() -> [Comment] {
        var j = ci
        while j < comments.count, comments[j].span.start < tok.start, !comments[j].newlineBefore { j += 1 }
        if j == ci { return [] }
        let nextOnNewLine =
            j < comments.count && comments[j].span.start < tok.start
            ? comments[j].newlineBefore
            : (tok.newlineBefore || tok.kind == .eof)
        guard nextOnNewLine else { return [] }
        let taken = Array(comments[ci..<j])
        ci = j
        return taken
    }

    /// Builds the trivia of a node that started at `first` and ended before the cursor: its
    /// leading comments, any comments left inside it, and its trailing comments.
    mutating func trivia(leading: [Comment], first: Token) -> Trivia {
        var lead = leading
        lead += takeComments(before: i > 0 ? tokens[i - 1].end : 0)
        return Trivia(leading: lead, trailing: [], nodeBlankLineBefore: first.blankLineBefore)
    }

    // MARK: - Recovery

    /// Whether the current token clearly starts a new item (used to stop skipping).
    var atItemStart: Bool {
        switch tok.kind {
        case .kwLet, .kwImport, .kwRequire, .kwRule, .kwWaive: return true
        case .identifier:
            let n = peek(1).kind
            return n == .identifier || n == .lBrace || n == .colon
        default: return false
        }
    }

    /// Whether the current token starts an item that can never continue an expression list:
    /// a keyword that starts items or a block header `KIND name` / `KIND {`.
    var atStrongItemStart: Bool {
        switch tok.kind {
        case .kwLet, .kwImport, .kwRequire, .kwRule, .kwWaive: return true
        case .identifier:
            let n = peek(1)
            return (n.kind == .identifier || n.kind == .lBrace) && !n.newlineBefore
        default: return false
        }
    }

    /// Skips the rest of a broken item: to the next line break, `,` or `}` outside brackets.
    /// Closing `)`/`]` are skipped even at a line start (they belong to the broken item).
    mutating func skipToSync() {
        var d = 0
        var first = true
        while tok.kind != .eof {
            let k = tok.kind
            if d == 0 {
                if k == .rBrace { return }
                if k == .comma { return }
                if tok.newlineBefore, !first, k != .rParen, k != .rBracket { return }
                if tok.newlineBefore, first, k != .rParen, k != .rBracket, atItemStart { return }
            }
            switch k {
            case .lParen, .lBracket, .lBrace: d += 1
            case .rParen, .rBracket, .rBrace: d = max(0, d - 1)
            default: break
            }
            first = false
            advance()
        }
        eofReported = true
    }
}
