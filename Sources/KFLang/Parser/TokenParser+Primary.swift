/// Primary expressions and literals.
///
/// ```ebnf
/// primary = IDENT | INT | FLOAT | QUANTITY | STRING | JQ | IPV4 | CIDR | "true" | "false" | "none"
///         | "(" expr ")" | "[" [ expr { "," expr } [ "," ] ] "]" | "[" expr "for" IDENT "in" expr "]"
///         | "{" [ field { sep field } [ sep ] ] "}" | conditional ;
/// conditional = "if" expr "{" expr "}" "else" ( conditional | "{" expr "}" ) ;
/// sep     = "," | NEWLINE ;
/// ```
extension TokenParser {
    mutating func parsePrimary(_ context: @autoclosure () -> String) -> Expr {
        let t = tok
        let s = span(t)
        switch t.kind {
        case .identifier where t.newlineBefore && atStrongItemStart:
            // `let n = 10 *` followed by `network net {`: the value is missing, the next line is
            // a declaration and must not become the operand.
            report(.expectedExpression(afterPrevious, found: describe(t), context: context()))
            return .missing(MissingExpr(span: afterPrevious))
        case .identifier:
            advance()
            return .identifier(IdentifierExpr(name: text(t), span: s))
        case .integer:
            advance()
            let raw = text(t)
            let value = Int(Self.digits(raw))
            if value == nil {
                sink.report(.invalidNumber(s, raw, reason: "does not fit in a 64-bit integer"))
                errorInItem = true
            }
            return .integer(IntegerLiteralExpr(text: raw, value: value, span: s))
        case .float:
            advance()
            let raw = text(t)
            return .float(FloatLiteralExpr(text: raw, value: Double(Self.digits(raw)) ?? 0, span: s))
        case .quantity:
            advance()
            let raw = text(t)
            let number: String
            let unit: String
            // The unit is the trailing run of letters; an exponent 'e' is followed by a digit or sign.
            var k = raw.utf8.count
            let bytes = Array(raw.utf8)
            while k > 0, (bytes[k - 1] | 0x20) >= 0x61, (bytes[k - 1] | 0x20) <= 0x7A { k -= 1 }
            number = String(decoding: bytes[..<k], as: UTF8.self)
            unit = String(decoding: bytes[k...], as: UTF8.self)
            let v = Double(Self.digits(number)) ?? 0
            return .quantity(QuantityLiteralExpr(number: number, value: v, unit: unit, span: s))
        case .kwTrue, .kwFalse:
            advance()
            return .bool(BoolLiteralExpr(value: t.kind == .kwTrue, span: s))
        case .kwNone:
            advance()
            return .none(NoneLiteralExpr(span: s))
        case .ipv4:
            advance()
            let raw = text(t)
            return .ip(IPLiteralExpr(text: raw, octets: Self.octets(raw), span: s))
        case .cidr:
            advance()
            let raw = text(t)
            let parts = raw.split(separator: "/")
            return .cidr(
                CIDRLiteralExpr(
                    text: raw, octets: Self.octets(String(parts[0])),
                    prefixLength: parts.count > 1 ? Int(parts[1]) ?? 0 : 0, span: s))
        case .jq:
            advance()
            let inner =
                t.end - t.start >= 2 && file.bytes[t.end - 1] == 0x60
                ? (t.start + 1)..<(t.end - 1) : (t.start + 1)..<t.end
            return .jq(JQLiteralExpr(program: String(decoding: file.bytes[inner], as: UTF8.self), span: s))
        case .string:
            advance()
            return .string(parseStringLiteral(t))
        case .lParen:
            guard enter() else {
                leave()
                return .missing(MissingExpr(span: s))
            }
            advance()
            let inner = parseExpr("inside '('")
            leave()
            if !errorInItem, eat(.rParen) == nil {
                report(.unclosedDelimiter(eofInsertionSpan, closer: ")", opener: s, found: describe(tok)))
            }
            return .paren(ParenExpr(inner: inner, span: span(from: t)))
        case .lBracket:
            return parseList()
        case .lBrace:
            return parseRecord()
        case .kwIf:
            return parseConditional()
        default:
            if t.kind == .rParen || t.kind == .rBracket || t.kind == .rBrace || t.kind == .eof || t.newlineBefore
                || t.kind == .comma
            {
                let at = afterPrevious
                report(
                    .expectedExpression(
                        t.kind == .eof || t.newlineBefore ? at : s, found: describe(t),
                        context: context()))
                return .missing(MissingExpr(span: at))
            }
            report(.expectedExpression(s, found: describe(t), context: context()))
            return .missing(MissingExpr(span: s))
        }
    }

    /// The text without `_` digit separators.
    static func digits(_ s: String) -> String {
        s.utf8.contains(0x5F) ? String(decoding: s.utf8.filter { $0 != 0x5F }, as: UTF8.self) : s
    }

    static func octets(_ text: String) -> [UInt8] {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map { UInt8($0) ?? 0 }
        return parts.count == 4 ? parts : [0, 0, 0, 0]
    }

    mutating func parseList() -> Expr {
        let open = tok
        guard enter() else {
            leave()
            return .missing(MissingExpr(span: span(open)))
        }
        advance()
        // `[body for i in seq]` is recognised after the first element.
        var comprehension: (Identifier, Expr)?
        var index = 0
        let r = parseDelimited(open: open, closer: .rBracket, newlineSeparates: false) { p -> ListElement in
            let v = p.parseExpr("in a list")
            index += 1
            if index == 1, p.at(.kwFor), !p.errorInItem {
                p.advance()
                var variable = Identifier(name: "", span: p.afterPrevious)
                var seq = Expr.missing(MissingExpr(span: p.afterPrevious))
                if let name = p.expectName("a variable after 'for'") {
                    variable = name
                    if p.expect(.kwIn, "'in'", after: "after '\(name.name)'") != nil { seq = p.parseExpr("after 'in'") }
                }
                comprehension = (variable, seq)
            }
            return ListElement(trivia: .none, value: v)
        } setTrivia: {
            $0.trivia = $1
        }
        leave()
        if let (variable, seq) = comprehension, r.elements.count == 1 {
            return .comprehension(
                ComprehensionExpr(
                    body: r.elements[0].value, variable: variable, sequence: seq,
                    span: span(from: open)))
        }
        return .list(
            ListExpr(
                openComments: r.openComments, elements: r.elements, endComments: r.endComments, multiline: r.multiline,
                span: span(from: open)))
    }

    /// `if c { a } else { b }`; `else if` nests a conditional as the `else` branch, iteratively
    /// counted against the depth limit like other nesting.
    mutating func parseConditional() -> Expr {
        let start = tok
        guard enter() else {
            leave()
            return .missing(MissingExpr(span: span(start)))
        }
        defer { leave() }
        advance()
        let condition = parseExpr("after 'if'")
        let then = parseBranch(after: "after the condition of 'if'")
        guard !errorInItem else { return .missing(MissingExpr(span: span(from: start))) }
        guard expect(.kwElse, "'else'", after: "after the branch of 'if' (a conditional needs both branches)") != nil
        else { return .missing(MissingExpr(span: span(from: start))) }
        let otherwise = at(.kwIf) ? parseConditional() : parseBranch(after: "after 'else'")
        if errorInItem { return .missing(MissingExpr(span: span(from: start))) }
        return .conditional(
            ConditionalExpr(condition: condition, then: then, otherwise: otherwise, span: span(from: start)))
    }

    /// `{ expr }`: one branch of a conditional.
    private mutating func parseBranch(after: String) -> Expr {
        guard !errorInItem, let open = expect(.lBrace, "'{'", after: after) else {
            return .missing(MissingExpr(span: afterPrevious))
        }
        let value = parseExpr("inside the branch")
        if !errorInItem, eat(.rBrace) == nil {
            report(.unclosedDelimiter(eofInsertionSpan, closer: "}", opener: span(open), found: describe(tok)))
        }
        return value
    }

    mutating func parseRecord() -> Expr {
        let open = tok
        guard enter() else {
            leave()
            return .missing(MissingExpr(span: span(open)))
        }
        advance()
        let r = parseDelimited(open: open, closer: .rBrace, newlineSeparates: true) { p -> FieldDecl in
            let first = p.tok
            guard let name = p.expectName("a field name") else {
                return FieldDecl(
                    trivia: .none, span: p.span(first), name: Identifier(name: "", span: p.span(first)),
                    value: .missing(MissingExpr(span: p.span(first))))
            }
            var value = Expr.missing(MissingExpr(span: p.afterPrevious))
            if p.at(.equal) {
                let eq = p.tok
                p.report(
                    .expectedToken(
                        p.span(eq), expected: "':'", found: "'='",
                        help: "fields are written 'name: value'",
                        fix: FixIt(title: "replace '=' with ':'", span: p.span(eq), replacement: ":")))
            } else if p.expect(.colon, "':'", after: "after field name '\(name.name)'") != nil {
                value = p.parseExpr("after '\(name.name):'")
            }
            return FieldDecl(trivia: .none, span: p.span(from: first), name: name, value: value)
        } setTrivia: {
            $0.trivia = $1
        }
        leave()
        return .record(
            RecordExpr(
                openComments: r.openComments, fields: r.elements, endComments: r.endComments, multiline: r.multiline,
                span: span(from: open)))
    }
}
