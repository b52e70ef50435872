/// String literals with interpolation, and type annotations.
///
/// ```ebnf
/// STRING  = '"' { char | escape | "\(" expr ")" } '"' ;
/// type    = ( IDENT { "." IDENT } | "[" type "]" ) { "?" | "(" expr ")" } ;
/// ```
extension TokenParser {
    /// Splits a string token into text and interpolations; each interpolation is lexed and
    /// parsed in place, so its spans point into the file.
    mutating func parseStringLiteral(_ t: Token) -> StringLiteralExpr {
        let scan = Lexer.scanString(file.bytes, from: t.start, end: t.end)
        var segments: [StringLiteralExpr.Segment] = []
        for part in scan.parts {
            switch part {
            case .text(let r):
                if r.isEmpty { continue }
                segments.append(.text(Lexer.decodeText(file.bytes, r), spanOfBytes(r, line: t)))
            case .interpolation(let r, let terminated):
                let outer = spanOfBytes((r.lowerBound - 2)..<min(r.upperBound + 1, t.end), line: t)
                guard terminated else {
                    errorInItem = true
                    segments.append(.interpolation(.missing(MissingExpr(span: outer)), outer))
                    continue
                }
                guard depth < Parser.maxDepth else {
                    report(.nestingTooDeep(outer, limit: Parser.maxDepth))
                    segments.append(.interpolation(.missing(MissingExpr(span: outer)), outer))
                    continue
                }
                let lexed = Lexer.tokenize(file, range: r, sink: sink)
                var sub = TokenParser(
                    file: file, tokens: lexed.tokens, comments: lexed.comments, sink: sink,
                    depth: depth + 1)
                let e = sub.parseExpr("in the interpolation")
                if !sub.at(.eof) {
                    sub.report(
                        .expectedToken(
                            sub.span(sub.tok), expected: "')' to end the interpolation",
                            found: sub.describe(sub.tok)))
                }
                if sub.failCount > 0 || lexed.tokens.contains(where: { $0.kind == .unknown }) {
                    errorInItem = true
                    failCount += 1
                }
                segments.append(.interpolation(e, outer))
            }
        }
        return StringLiteralExpr(segments: segments, span: span(t))
    }

    /// The span of a byte range on the (single) line of token `t`.
    func spanOfBytes(_ r: Range<Int>, line t: Token) -> Span {
        Span(file: fid, start: r.lowerBound, end: r.upperBound, line: t.line, column: t.column + r.lowerBound - t.start)
    }

    mutating func parseType() -> TypeRef {
        let first = tok
        guard enter() else {
            leave()
            return .missing(span(first))
        }
        defer { leave() }
        var base: TypeRef
        if at(.lBracket) {
            let open = advance()
            let element = parseType()
            if !errorInItem, eat(.rBracket) == nil {
                report(.unclosedDelimiter(eofInsertionSpan, closer: "]", opener: span(open), found: describe(tok)))
            }
            base = .list(ListTypeRef(element: element, span: span(from: open)))
        } else if at(.identifier) {
            var path = [Identifier(name: text(tok), span: span(tok))]
            advance()
            while at(.dot), peek(1).kind == .identifier {
                advance()
                let t = advance()
                path.append(Identifier(name: text(t), span: span(t)))
            }
            base = .named(NamedTypeRef(path: path, span: span(from: first)))
        } else {
            report(
                .expectedToken(
                    at(.eof) ? afterPrevious : span(tok), expected: "a type such as 'Int' or '[String]'",
                    found: describe(tok)))
            return .missing(span(first))
        }
        var chain = 0
        while !errorInItem, !tok.newlineBefore {
            chain += 1
            guard chainAllowed(chain * 4) else { break }
            if at(.question) {
                advance()
                base = .optional(OptionalTypeRef(wrapped: base, span: span(from: first)))
            } else if at(.lParen) {
                let open = advance()
                let constraint = parseExpr("as a refinement")
                if !errorInItem, eat(.rParen) == nil {
                    report(.unclosedDelimiter(eofInsertionSpan, closer: ")", opener: span(open), found: describe(tok)))
                }
                base = .refined(RefinedTypeRef(base: base, constraint: constraint, span: span(from: first)))
            } else {
                break
            }
        }
        return base
    }
}
