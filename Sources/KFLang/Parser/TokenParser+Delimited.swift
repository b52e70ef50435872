/// Comma-separated lists between brackets (lists, call arguments, records) with comments and
/// recovery: a broken element skips to the next `,` or the closer, never past a line that
/// clearly starts a new item.
extension TokenParser {
    struct Delimited<Element> {
        var openComments: [Comment]
        var elements: [Element]
        var endComments: [Comment]
        var multiline: Bool
    }

    mutating func parseDelimited<Element>(
        open: Token, closer: TokenKind, newlineSeparates: Bool,
        element: (inout TokenParser) -> Element, setTrivia: (inout Element, Trivia) -> Void
    ) -> Delimited<Element> {
        let openComments = takeTrailing()
        var elements: [Element] = []
        elements.reserveCapacity(4)
        let outerError = errorInItem
        let indent = lineIndent(ofTokenAt: i - 1)
        var anyError = false
        while true {
            if at(closer) { break }
            if at(.eof) || at(.rBrace) || startsNewItem(indent: indent) {
                if !anyError {
                    report(
                        .unclosedDelimiter(
                            eofInsertionSpan, closer: closer.literal, opener: span(open),
                            found: describe(tok)))
                }
                anyError = true
                break
            }
            if at(.comma) {
                if !anyError { report(.expectedExpression(span(tok), found: "','", context: "before ','")) }
                anyError = true
                advance()
                continue
            }
            errorInItem = anyError
            let leading = takeLeading()
            let first = tok
            let failures = failCount
            var el = element(&self)
            if failCount > failures {
                anyError = true
                if !skipInDelimited(closer, indent: indent) {
                    elements.append(el)
                    break
                }
            }
            var tv = trivia(leading: leading, first: first)
            if eat(.comma) != nil {
                tv.trailing = takeTrailing()
                setTrivia(&el, tv)
                elements.append(el)
                continue
            }
            tv.trailing = takeTrailing()
            setTrivia(&el, tv)
            elements.append(el)
            if at(closer) { break }
            if newlineSeparates, tok.newlineBefore { continue }
            if at(.eof) || at(.rBrace) || startsNewItem(indent: indent) { continue }
            if !anyError {
                report(
                    .expectedToken(
                        at(.eof) ? afterPrevious : span(tok),
                        expected: "',' or \(closer.display)", found: describe(tok),
                        fix: FixIt(title: "insert ','", span: afterPrevious, replacement: ",")))
                anyError = true
            }
            if tok.newlineBefore { continue }
            if !skipInDelimited(closer, indent: indent) { break }
            _ = eat(.comma)
        }
        let endComments = takeLeading()
        let close = eat(closer)
        let lastLine = close?.line ?? tokens[max(0, i - 1)].line
        errorInItem = outerError || anyError
        return Delimited(
            openComments: openComments, elements: elements, endComments: endComments, multiline: lastLine != open.line)
    }

    /// The column of the first token on the line of token `k` (looking back a bounded distance,
    /// so very long lines stay linear).
    func lineIndent(ofTokenAt k: Int) -> Int {
        var j = max(0, k)
        var steps = 0
        while j > 0, !tokens[j].newlineBefore, steps < 64 {
            j -= 1
            steps += 1
        }
        return tokens[j].newlineBefore || j == 0 ? tokens[j].column : 1
    }

    /// Whether the current token, on a new line, starts an item of the enclosing body rather than
    /// continuing this list: a keyword or block header, or a name indented no deeper than the line
    /// that opened the list.
    func startsNewItem(indent: Int) -> Bool {
        guard tok.newlineBefore else { return false }
        return atStrongItemStart || (tok.kind == .identifier && tok.column <= indent)
    }

    /// Skips a broken element. Returns true when stopped at `,` or the closer (parsing goes
    /// on), false when it stopped at a `}` of an enclosing body, a new item or end of file.
    mutating func skipInDelimited(_ closer: TokenKind, indent: Int) -> Bool {
        var d = 0
        while true {
            let k = tok.kind
            if k == .eof {
                eofReported = true
                return false
            }
            if d == 0 {
                if k == closer || k == .comma { return true }
                if k == .rBrace { return false }
                if startsNewItem(indent: indent) { return false }
            }
            switch k {
            case .lParen, .lBracket, .lBrace: d += 1
            case .rParen, .rBracket, .rBrace: d = max(0, d - 1)
            default: break
            }
            advance()
        }
    }
}
