/// Items: the top level of a file and the bodies of block declarations.
///
/// ```ebnf
/// item      = import | let | block | field | require | rule | waive ;
/// items     = { item ( NEWLINE | "," ) } ;
/// ```
extension TokenParser {
    /// Parses items until `}` (in a body) or end of file, recovering after each broken item.
    mutating func parseItems(topLevel: Bool, opener: Token?) -> ([Decl], [Comment]) {
        var items: [Decl] = []
        let outerError = errorInItem
        defer { errorInItem = outerError }
        while true {
            errorInItem = false
            if at(.eof) { break }
            if at(.rBrace) {
                if !topLevel { break }
                report(.unexpectedCloser(span(tok), "}"))
                advance()
                continue
            }
            if at(.comma) { advance(); continue }
            let leading = takeLeading()
            let first = tok
            let start = i
            var item = parseItem(topLevel: topLevel)
            if errorInItem {
                skipToSync()
                if case .missing = item {} else if item.span.start == first.start, isBroken(item) {
                    item = .missing(MissingDecl(trivia: .none, span: span(from: first)))
                }
            }
            if i == start {
                report(.expectedDeclaration(span(tok), found: describe(tok)))
                advance()
                item = .missing(MissingDecl(trivia: .none, span: span(from: first)))
            }
            var tv = trivia(leading: leading, first: first)
            if eat(.comma) == nil, !at(.rBrace), !at(.eof), !tok.newlineBefore {
                report(.missingSeparator(span(tok), found: describe(tok)))
                skipToSync()
                _ = eat(.comma)
            }
            tv.trailing = takeTrailing()
            item.trivia = tv
            items.append(item)
        }
        if !topLevel, let opener, !at(.rBrace) {
            errorInItem = false
            report(.unclosedDelimiter(eofInsertionSpan, closer: "}", opener: span(opener), found: describe(tok)))
        }
        let end = takeLeading()
        return (items, end)
    }

    /// Where to insert a missing closer at end of file: after the last real token.
    var eofInsertionSpan: Span { at(.eof) ? afterPrevious : span(tok) }

    /// A broken item whose header failed becomes `.missing`; one whose value failed keeps its shape.
    func isBroken(_ d: Decl) -> Bool {
        switch d {
        case .block(let b): b.body.span.length == 0
        default: false
        }
    }

    mutating func parseItem(topLevel: Bool) -> Decl {
        let t = tok
        switch t.kind {
        case .kwImport:
            let d = parseImport()
            if !topLevel {
                report(.misplaced(span(t), what: "'import'", allowed: "at the top level of a file"))
            }
            return .importDecl(d)
        case .kwLet: return .letDecl(parseLet())
        case .kwRequire, .kwRule, .kwWaive:
            let d = parsePolicyStatement()
            if topLevel {
                report(.misplaced(span(t), what: t.kind.display, allowed: "inside a 'policy { ... }' block or another declaration"))
            }
            return d
        case .identifier:
            let next = peek(1).kind
            if next == .colon {
                let f = parseField()
                if topLevel {
                    report(.misplaced(f.name.span, what: "field '\(f.name.name)'",
                                      allowed: "inside '{ ... }'; a top-level value is a 'let'"))
                }
                return .field(f)
            }
            if next == .identifier || next == .lBracket || next == .lBrace {
                return .block(parseBlock())
            }
            if !topLevel, next == .equal {
                let eq = peek(1)
                report(.expectedToken(span(eq), expected: "':'", found: "'='",
                                      help: "fields are written 'name: value'",
                                      fix: FixIt(title: "replace '=' with ':'", span: span(eq), replacement: ":")))
                return .missing(MissingDecl(trivia: .none, span: span(t)))
            }
            if topLevel {
                report(.expectedDeclaration(span(t), found: describe(t)))
            } else {
                let after = Span(file: fid, start: t.end, end: t.end, line: t.line, column: t.column + t.end - t.start)
                report(.expectedToken(span(peek(1)), expected: "':' or '{' after '\(text(t))'", found: describe(peek(1)),
                                      fix: FixIt(title: "insert ':'", span: after, replacement: ":")))
            }
            advance()
            return .missing(MissingDecl(trivia: .none, span: span(t)))
        case .rParen, .rBracket:
            report(.unexpectedCloser(span(t), text(t)))
            advance()
            return .missing(MissingDecl(trivia: .none, span: span(t)))
        default:
            report(.expectedDeclaration(span(t), found: describe(t)))
            advance()
            return .missing(MissingDecl(trivia: .none, span: span(t)))
        }
    }

    /// Expects a token; reports KF0015 (with an insertion fix-it) when it is missing.
    mutating func expect(_ k: TokenKind, _ what: String, after: String) -> Token? {
        if let t = eat(k) { return t }
        let fix = FixIt(title: "insert \(k.display)", span: afterPrevious, replacement: k == .colon ? ":" : k.literal)
        report(.expectedToken(at(.eof) ? afterPrevious : span(tok), expected: "\(what) \(after)", found: describe(tok),
                              fix: k.literal.isEmpty ? nil : fix))
        return nil
    }

    /// Expects a name; reports KF0015 when it is missing or a reserved word.
    mutating func expectName(_ what: String) -> Identifier? {
        if at(.identifier) {
            let t = advance()
            return Identifier(name: text(t), span: span(t))
        }
        let kw = TokenKind.keywords.values.contains(tok.kind)
        report(.expectedToken(at(.eof) ? afterPrevious : span(tok), expected: what, found: describe(tok),
                              help: kw ? "\(tok.kind.display) is a reserved word; choose another name" : nil))
        return nil
    }
}

extension TokenKind {
    /// The fixed text of punctuation kinds (empty for others), for fix-its.
    var literal: String {
        switch self {
        case .lParen: "("
        case .rParen: ")"
        case .lBracket: "["
        case .rBracket: "]"
        case .lBrace: "{"
        case .rBrace: "}"
        case .comma: ","
        case .colon: ":"
        case .equal: "="
        case .kwIn: "in "
        case .kwBecause: "because "
        default: ""
        }
    }
}
