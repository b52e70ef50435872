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
        // Bodies are small; reserving avoids the 1, 2, 4, 8 growth steps of most of them.
        items.reserveCapacity(8)
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
            if at(.comma) {
                advance()
                continue
            }
            pendingItem = ItemStart(leading: takeLeading(), first: tok)
            let start = i
            let item = parseItem(topLevel: topLevel)
            items.append(item)
            if i == start { advance() }
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

    /// Where the item being parsed starts: its leading comments and first token.
    struct ItemStart {
        var leading: [Comment]
        var first: Token
    }

    /// Takes the start of the item about to be parsed (set by `parseItems`).
    mutating func beginItem() -> ItemStart {
        let s = pendingItem ?? ItemStart(leading: [], first: tok)
        pendingItem = nil
        return s
    }

    /// Ends an item: skips what is left of it after an error, takes the comments inside it,
    /// checks the separator after it and takes its trailing comments. Returns its trivia.
    mutating func finishItem(_ start: ItemStart) -> Trivia {
        if errorInItem { skipToSync() }
        var tv = trivia(leading: start.leading, first: start.first)
        if eat(.comma) == nil, !at(.rBrace), !at(.eof), !tok.newlineBefore {
            report(.missingSeparator(span(tok), found: describe(tok)))
            skipToSync()
            _ = eat(.comma)
        }
        tv.trailing = takeTrailing()
        return tv
    }

    /// Reports a construct in the wrong place; independent of the construct's own errors.
    mutating func reportMisplaced(_ d: Diagnostic) {
        failCount += 1
        sink.report(d)
    }

    /// An item that failed before it had any shape.
    mutating func missingItem(_ start: ItemStart) -> Decl {
        let sp = span(from: start.first)
        return .missing(MissingDecl(trivia: finishItem(start), span: sp))
    }

    mutating func parseItem(topLevel: Bool) -> Decl {
        let t = tok
        switch t.kind {
        case .kwImport:
            if !topLevel {
                reportMisplaced(.misplaced(span(t), what: "'import'", allowed: "at the top level of a file"))
            }
            return .importDecl(parseImport())
        case .kwLet: return .letDecl(parseLet())
        case .kwRequire, .kwRule, .kwWaive:
            if topLevel {
                reportMisplaced(
                    .misplaced(
                        span(t), what: t.kind.display,
                        allowed: "inside a 'policy { ... }' block or another declaration"))
            }
            return parsePolicyStatement()
        case .identifier:
            let next = peek(1).kind
            if next == .colon {
                if topLevel {
                    reportMisplaced(
                        .misplaced(
                            span(t), what: "field '\(text(t))'",
                            allowed: "inside '{ ... }'; a top-level value is a 'let'"))
                }
                return .field(parseField())
            }
            if next == .identifier || next == .lBracket || next == .lBrace {
                return .block(parseBlock())
            }
            let start = beginItem()
            if !topLevel, next == .equal {
                let eq = peek(1)
                report(
                    .expectedToken(
                        span(eq), expected: "':'", found: "'='",
                        help: "fields are written 'name: value'",
                        fix: FixIt(title: "replace '=' with ':'", span: span(eq), replacement: ":")))
                return missingItem(start)
            }
            if TokenKind.keywords.values.contains(next), peek(2).kind == .lBrace || peek(2).kind == .lBracket {
                // `cluster import { ... }`: a declaration whose name is a reserved word.
                let name = peek(1)
                report(
                    .expectedToken(
                        span(name), expected: "a name after '\(text(t))'", found: describe(name),
                        help: "\(name.kind.display) is a reserved word; choose another name"))
                // Skip the whole declaration, body included, so nothing inside it cascades.
                advance()
                advance()
                if tok.kind == .lBracket { skipBalanced() }
                if tok.kind == .lBrace { skipBalanced() }
                return missingItem(start)
            }
            if topLevel {
                report(.expectedDeclaration(span(t), found: describe(t)))
            } else {
                let after = Span(file: fid, start: t.end, end: t.end, line: t.line, column: t.column + t.end - t.start)
                report(
                    .expectedToken(
                        span(peek(1)), expected: "':' or '{' after '\(text(t))'", found: describe(peek(1)),
                        fix: FixIt(title: "insert ':'", span: after, replacement: ":")))
            }
            advance()
            return missingItem(start)
        case .rParen, .rBracket:
            let start = beginItem()
            report(.unexpectedCloser(span(t), text(t)))
            advance()
            return missingItem(start)
        default:
            let start = beginItem()
            if TokenKind.keywords.values.contains(t.kind), peek(1).kind == .colon {
                report(
                    .expectedToken(
                        span(t), expected: "a field name", found: describe(t),
                        help: "\(t.kind.display) is a reserved word; choose another name"))
                advance()
                return missingItem(start)
            }
            report(.expectedDeclaration(span(t), found: describe(t)))
            advance()
            return missingItem(start)
        }
    }

    /// Where to point when something is missing before the current token: the token itself if
    /// it is on the same line, else the end of the previous line.
    var missingSpan: Span { at(.eof) || tok.newlineBefore ? afterPrevious : span(tok) }

    /// Expects a token; reports KF0015 (with an insertion fix-it) when it is missing.
    mutating func expect(_ k: TokenKind, _ what: String, after: String) -> Token? {
        if let t = eat(k) { return t }
        let fix = FixIt(title: "insert \(k.display)", span: afterPrevious, replacement: k.literal)
        report(
            .expectedToken(
                missingSpan, expected: "\(what) \(after)", found: describe(tok),
                fix: k.literal.isEmpty ? nil : fix))
        return nil
    }

    /// Expects a name; reports KF0015 when it is missing or a reserved word.
    mutating func expectName(_ what: String) -> Identifier? {
        if at(.identifier) {
            let t = advance()
            return Identifier(name: text(t), span: span(t))
        }
        let kw = TokenKind.keywords.values.contains(tok.kind) && !tok.newlineBefore
        report(
            .expectedToken(
                missingSpan, expected: what, found: describe(tok),
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
        case .kwIn: " in"
        case .kwBecause: " because"
        default: ""
        }
    }
}
