/// Comma-separated lists between brackets (lists, call arguments, records) with comments and
/// recovery: a broken element skips to the next `,` or the closer, never past a line that
/// clearly starts a new item.
extension TokenParser {
    struct Delimited<Element> {
        var elements: [Element]
        var endComments: [Comment]
        var multiline: Bool
    }

    mutating func parseDelimited<Element>(
        open: Token, closer: TokenKind, newlineSeparates: Bool,
        element: (inout TokenParser) -> Element, setTrivia: (inout Element, Trivia) -> Void
    ) -> Delimited<Element> {
        var elements: [Element] = []
        let outerError = errorInItem
        var anyError = false
        while true {
            if at(closer) { break }
            if at(.eof) || at(.rBrace) || (atStrongItemStart && tok.newlineBefore && closer != .rBrace) {
                if !anyError {
                    report(.unclosedDelimiter(eofInsertionSpan, closer: closer.literal, opener: span(open),
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
                if !skipInDelimited(closer) { elements.append(el); break }
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
            if at(.eof) || at(.rBrace) { continue }
            if !anyError {
                report(.expectedToken(at(.eof) ? afterPrevious : span(tok),
                                      expected: "',' or \(closer.display)", found: describe(tok),
                                      fix: FixIt(title: "insert ','", span: afterPrevious, replacement: ",")))
                anyError = true
            }
            if tok.newlineBefore { continue }
            if !skipInDelimited(closer) { break }
            _ = eat(.comma)
        }
        let endComments = takeLeading()
        let close = eat(closer)
        let lastLine = close?.line ?? tokens[max(0, i - 1)].line
        errorInItem = outerError || anyError
        return Delimited(elements: elements, endComments: endComments, multiline: lastLine != open.line)
    }

    /// Skips a broken element. Returns true when stopped at `,` or the closer (parsing goes
    /// on), false when it stopped at a `}` of an enclosing body, a new item or end of file.
    mutating func skipInDelimited(_ closer: TokenKind) -> Bool {
        var d = 0
        while true {
            let k = tok.kind
            if k == .eof { return false }
            if d == 0 {
                if k == closer || k == .comma { return true }
                if k == .rBrace { return false }
                if tok.newlineBefore, atStrongItemStart, closer != .rBrace { return false }
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
