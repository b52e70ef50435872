/// Expressions, lowest precedence first.
///
/// ```ebnf
/// expr       = or ;
/// or         = and { "||" and } ;
/// and        = compare { "&&" compare } ;
/// compare    = range [ ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) range ] ;
/// range      = [ additive ] ( "..<" | "..." ) [ additive ] | additive ;
/// additive   = multiply { ( "+" | "-" ) multiply } ;
/// multiply   = unary { ( "*" | "/" | "%" ) unary } ;
/// unary      = ( "-" | "!" ) unary | postfix ;
/// postfix    = primary { "." IDENT | "[" expr "]" | "(" [ arg { "," arg } [ "," ] ] ")" } ;
/// arg        = [ IDENT ":" ] expr ;
/// ```
extension TokenParser {
    mutating func parseExpr(_ context: @autoclosure () -> String) -> Expr {
        var lhs = parseAnd(context())
        var chain = 0
        while at(.pipePipe), !errorInItem {
            chain += 1
            guard chainAllowed(chain) else { break }
            let op = advance()
            let rhs = parseAnd("after '||'")
            lhs = .binary(
                BinaryExpr(lhs: lhs, op: .or, opSpan: span(op), rhs: rhs, span: span(from: lhs.span, to: rhs.span)))
        }
        return lhs
    }

    mutating func parseAnd(_ context: @autoclosure () -> String) -> Expr {
        var lhs = parseComparison(context())
        var chain = 0
        while at(.ampAmp), !errorInItem {
            chain += 1
            guard chainAllowed(chain) else { break }
            let op = advance()
            let rhs = parseComparison("after '&&'")
            lhs = .binary(
                BinaryExpr(lhs: lhs, op: .and, opSpan: span(op), rhs: rhs, span: span(from: lhs.span, to: rhs.span)))
        }
        return lhs
    }

    func comparison(_ k: TokenKind) -> BinaryOperator? {
        switch k {
        case .equalEqual: .equal
        case .bangEqual: .notEqual
        case .less: .less
        case .lessEqual: .lessEqual
        case .greater: .greater
        case .greaterEqual: .greaterEqual
        default: nil
        }
    }

    mutating func parseComparison(_ context: @autoclosure () -> String) -> Expr {
        let lhs = parseRange(context())
        guard let op = comparison(tok.kind), !errorInItem else { return lhs }
        let opTok = advance()
        let rhs = parseRange("after '\(op.rawValue)'")
        if !errorInItem, comparison(tok.kind) != nil {
            report(.chainedComparison(span(tok), op: text(tok)))
        }
        return .binary(
            BinaryExpr(lhs: lhs, op: op, opSpan: span(opTok), rhs: rhs, span: span(from: lhs.span, to: rhs.span)))
    }

    /// Whether a token can start an expression (for optional range bounds).
    func startsExpr(_ t: Token) -> Bool {
        switch t.kind {
        case .identifier, .integer, .float, .quantity, .string, .jq, .ipv4, .cidr, .kwTrue, .kwFalse, .kwNone, .kwIf,
            .lParen, .lBracket, .lBrace, .minus, .bang:
            true
        default: false
        }
    }

    mutating func parseRange(_ context: @autoclosure () -> String) -> Expr {
        if at(.halfOpenRange) || at(.closedRange) {
            let op = advance()
            let upper = parseAdditive("after \(op.kind.display)")
            return .range(
                RangeExpr(
                    lower: nil, upper: upper, closed: op.kind == .closedRange, opSpan: span(op),
                    span: span(from: span(op), to: upper.span)))
        }
        let lower = parseAdditive(context())
        let kind = tok.kind
        guard kind == .halfOpenRange || kind == .closedRange || kind == .openClosedRange || kind == .openRange,
            !errorInItem
        else { return lower }
        let op = advance()
        var upper: Expr?
        if startsExpr(tok), !tok.newlineBefore { upper = parseAdditive("after \(op.kind.display)") }
        return .range(
            RangeExpr(
                lower: lower, upper: upper, closed: kind == .closedRange || kind == .openClosedRange,
                lowerOpen: kind == .openClosedRange || kind == .openRange, opSpan: span(op),
                span: span(from: lower.span, to: upper?.span ?? span(op))))
    }

    mutating func parseAdditive(_ context: @autoclosure () -> String) -> Expr {
        var lhs = parseMultiplicative(context())
        var chain = 0
        while at(.plus) || at(.minus), !errorInItem {
            chain += 1
            guard chainAllowed(chain) else { break }
            let op = advance()
            let rhs = parseMultiplicative("after \(op.kind.display)")
            lhs = .binary(
                BinaryExpr(
                    lhs: lhs, op: op.kind == .plus ? .add : .subtract, opSpan: span(op), rhs: rhs,
                    span: span(from: lhs.span, to: rhs.span)))
        }
        return lhs
    }

    mutating func parseMultiplicative(_ context: @autoclosure () -> String) -> Expr {
        var lhs = parseUnary(context())
        var chain = 0
        while at(.star) || at(.slash) || at(.percent), !errorInItem {
            chain += 1
            guard chainAllowed(chain) else { break }
            let op = advance()
            let bop: BinaryOperator = op.kind == .star ? .multiply : op.kind == .slash ? .divide : .remainder
            let rhs = parseUnary("after \(op.kind.display)")
            lhs = .binary(
                BinaryExpr(lhs: lhs, op: bop, opSpan: span(op), rhs: rhs, span: span(from: lhs.span, to: rhs.span)))
        }
        return lhs
    }

    /// Left-nested chains deepen the tree without recursing; they count against the depth limit.
    mutating func chainAllowed(_ chain: Int) -> Bool {
        if depth + chain / 4 <= Parser.maxDepth { return true }
        report(.nestingTooDeep(span(tok), limit: Parser.maxDepth))
        return false
    }

    mutating func parseUnary(_ context: @autoclosure () -> String) -> Expr {
        guard at(.minus) || at(.bang) else { return parsePostfixExpr(context()) }
        let op = tok
        guard enter() else {
            leave()
            return .missing(MissingExpr(span: span(op)))
        }
        advance()
        let operand = parseUnary("after \(op.kind.display)")
        leave()
        return .unary(
            UnaryExpr(
                op: op.kind == .minus ? .negate : .not, opSpan: span(op), operand: operand,
                span: span(from: span(op), to: operand.span)))
    }

    mutating func parsePostfixExpr(_ context: @autoclosure () -> String) -> Expr {
        var e = parsePrimary(context())
        var chain = 0
        while !errorInItem {
            switch tok.kind {
            case .dot:
                chain += 1
                guard chainAllowed(chain * 4) else { return e }
                advance()
                guard let name = expectName("a member name after '.'") else { return e }
                e = .member(MemberExpr(base: e, member: name, span: span(from: e.span, to: name.span)))
            case .lBracket where !tok.newlineBefore:
                chain += 1
                guard chainAllowed(chain * 4) else { return e }
                let open = tok
                guard enter() else {
                    leave()
                    return e
                }
                advance()
                let index = parseExpr("as an index")
                leave()
                if !errorInItem, eat(.rBracket) == nil {
                    report(.unclosedDelimiter(eofInsertionSpan, closer: "]", opener: span(open), found: describe(tok)))
                }
                e = .index(IndexExpr(base: e, index: index, span: span(from: e.span, to: span(from: open))))
            case .lParen where !tok.newlineBefore:
                chain += 1
                guard chainAllowed(chain * 4) else { return e }
                e = parseCall(callee: e)
            default:
                return e
            }
        }
        return e
    }

    mutating func parseCall(callee: Expr) -> Expr {
        let open = tok
        guard enter() else {
            leave()
            return callee
        }
        advance()
        let r = parseDelimited(open: open, closer: .rParen, newlineSeparates: false) { p -> Argument in
            let first = p.tok
            var label: Identifier?
            if p.at(.identifier), p.peek(1).kind == .colon {
                let t = p.advance()
                label = Identifier(name: p.text(t), span: p.span(t))
                p.advance()
            }
            let v = p.parseExpr(label.map { "after '\($0.name):'" } ?? "as an argument")
            return Argument(trivia: .none, label: label, value: v, span: p.span(from: p.span(first), to: v.span))
        } setTrivia: {
            $0.trivia = $1
        }
        leave()
        return .call(
            CallExpr(
                openComments: r.openComments, callee: callee, arguments: r.elements, endComments: r.endComments,
                multiline: r.multiline,
                span: span(from: callee.span, to: span(from: open))))
    }
}
