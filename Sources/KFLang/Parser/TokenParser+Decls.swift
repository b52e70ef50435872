/// Declarations.
///
/// ```ebnf
/// import      = "import" ( STRING | modulePath ) [ "as" IDENT ] [ "{" importItem { sep importItem } [ sep ] "}" ] ;
/// modulePath  = IDENT { "/" IDENT } ;
/// importItem  = IDENT [ "as" IDENT ] ;
/// let         = "let" IDENT [ ":" type ] "=" expr ;
/// block       = IDENT [ IDENT ] [ "[" IDENT "in" expr "]" ] "{" items "}" ;
/// field       = IDENT ":" expr ;
/// require     = "require" expr ;
/// rule        = "rule" STRING "jq" JQ ;
/// waive       = "waive" ( STRING | postfixExpr ) "because" STRING ;
/// ```
extension TokenParser {
    mutating func parseImport() -> ImportDecl {
        let start = beginItem()
        let kw = advance()
        var source = ImportSource.module([])
        if at(.string) {
            if case .string(let s) = parsePrimary("after 'import'") { source = .file(s) }
        } else if let first = expectName("a module path such as 'std/models' or a file such as \"./common.kf\"") {
            var path = [first]
            while at(.slash), peek(1).kind == .identifier, !peek(1).newlineBefore {
                advance()
                let t = advance()
                path.append(Identifier(name: text(t), span: span(t)))
            }
            source = .module(path)
        }
        var alias: Identifier?
        if !errorInItem, eat(.kwAs) != nil { alias = expectName("a name after 'as'") }
        var items: [ImportDecl.Item]?
        var endComments: [Comment] = []
        var multiline = false
        if !errorInItem, at(.lBrace), !tok.newlineBefore {
            let open = advance()
            var list: [ImportDecl.Item] = []
            while !at(.rBrace), !at(.eof), !errorInItem {
                if at(.comma) {
                    advance()
                    continue
                }
                if tok.newlineBefore, atStrongItemStart { break }
                let leading = takeLeading()
                let first = tok
                guard let name = expectName("an imported name") else { break }
                var itemAlias: Identifier?
                if eat(.kwAs) != nil { itemAlias = expectName("a name after 'as'") }
                var tv = trivia(leading: leading, first: first)
                _ = eat(.comma)
                tv.trailing = takeTrailing()
                list.append(ImportDecl.Item(name: name, alias: itemAlias, trivia: tv))
            }
            endComments = takeLeading()
            if !errorInItem, eat(.rBrace) == nil {
                report(.unclosedDelimiter(eofInsertionSpan, closer: "}", opener: span(open), found: describe(tok)))
            }
            multiline = tokens[max(0, i - 1)].line != open.line
            items = list
        }
        let sp = span(from: kw)
        return ImportDecl(
            trivia: finishItem(start), span: sp, source: source, alias: alias, items: items,
            endComments: endComments, multiline: multiline)
    }

    mutating func parseLet() -> LetDecl {
        let start = beginItem()
        let kw = advance()
        let name = expectName("a name after 'let'") ?? Identifier(name: "", span: afterPrevious)
        var type: TypeRef?
        if !errorInItem, eat(.colon) != nil { type = parseType() }
        var value = Expr.missing(MissingExpr(span: afterPrevious))
        if !errorInItem {
            if eat(.equal) != nil {
                value = parseExpr("after '='")
            } else if at(.colon) || at(.equalEqual) {
                let t = advance()
                report(
                    .expectedToken(
                        span(t), expected: "'='", found: describe(t),
                        fix: FixIt(title: "replace with '='", span: span(t), replacement: "=")))
            } else {
                _ = expect(.equal, "'='", after: "after 'let \(name.name)'")
            }
        }
        let sp = span(from: kw)
        return LetDecl(trivia: finishItem(start), span: sp, name: name, type: type, value: value)
    }

    mutating func parseBlock() -> BlockDecl {
        let start = beginItem()
        let kindTok = advance()
        let kind = Identifier(name: text(kindTok), span: span(kindTok))
        var name: Identifier?
        if at(.identifier) {
            let t = advance()
            name = Identifier(name: text(t), span: span(t))
        }
        var replication: ReplicationClause?
        if at(.lBracket) {
            let open = advance()
            let variable = expectName("an index variable, as in '[i in 0..<n]'")
            if !errorInItem { _ = expect(.kwIn, "'in'", after: "after the index variable") }
            var seq = Expr.missing(MissingExpr(span: afterPrevious))
            if !errorInItem { seq = parseExpr("after 'in'") }
            if !errorInItem, eat(.rBracket) == nil {
                report(.unclosedDelimiter(span(tok), closer: "]", opener: span(open), found: describe(tok)))
            }
            if let variable {
                replication = ReplicationClause(span: span(from: open), variable: variable, sequence: seq)
            }
        }
        let emptyBody = BlockBody(span: afterPrevious, items: [], endComments: [], multiline: false)
        guard !errorInItem else {
            let sp = span(from: kindTok)
            return BlockDecl(
                trivia: finishItem(start), span: sp, kind: kind, name: name,
                replication: replication, body: emptyBody)
        }
        guard at(.lBrace) else {
            let what = name == nil && replication == nil ? "a name or '{'" : "'{'"
            // `Let x = 1` or `Import x`: a keyword in the wrong case reads as a block header.
            let lower = kind.name.lowercased()
            let keyword = TokenKind.keywords[lower] != nil && lower != kind.name ? lower : nil
            report(
                .expectedToken(
                    missingSpan, expected: "\(what) after '\(kind.name)'", found: describe(tok),
                    fix: keyword.map {
                        FixIt(title: "did you mean '\($0)'?", span: kind.span, replacement: $0)
                    }))
            let sp = span(from: kindTok)
            return BlockDecl(
                trivia: finishItem(start), span: sp, kind: kind, name: name,
                replication: replication, body: emptyBody)
        }
        let body = parseBody()
        let sp = span(from: kindTok)
        return BlockDecl(
            trivia: finishItem(start), span: sp, kind: kind, name: name,
            replication: replication, body: body)
    }

    /// Parses `{ items }` at the current `{`.
    mutating func parseBody() -> BlockBody {
        let open = tok
        guard enter() else {
            leave()
            return BlockBody(span: span(from: open), items: [], endComments: [], multiline: false)
        }
        advance()
        let openComments = takeTrailing()
        let (items, endComments) = parseItems(topLevel: false, opener: open)
        let close = eat(.rBrace)
        leave()
        if close == nil { errorInItem = true }
        let multiline = (close?.line ?? tokens[max(0, i - 1)].line) != open.line
        return BlockBody(
            span: span(from: open), openComments: openComments, items: items, endComments: endComments,
            multiline: multiline)
    }

    mutating func parseField() -> FieldDecl {
        let start = beginItem()
        let t = advance()
        let name = Identifier(name: text(t), span: span(t))
        advance()  // ':'
        let value = parseExpr("after '\(name.name):'")
        let sp = span(from: t)
        return FieldDecl(trivia: finishItem(start), span: sp, name: name, value: value)
    }

    mutating func parsePolicyStatement() -> Decl {
        let start = beginItem()
        let kw = advance()
        switch kw.kind {
        case .kwRequire:
            let cond = parseExpr("after 'require'")
            let sp = span(from: kw)
            return .require(RequireDecl(trivia: finishItem(start), span: sp, condition: cond))
        case .kwRule:
            var name = StringLiteralExpr(segments: [], span: afterPrevious)
            var program = JQLiteralExpr(program: "", span: afterPrevious)
            if at(.string), case .string(let s) = parsePrimary("") {
                name = s
            } else {
                report(
                    .expectedToken(
                        at(.eof) ? afterPrevious : span(tok), expected: "the rule's name as a string",
                        found: describe(tok)))
            }
            if !errorInItem {
                if at(.identifier), text(tok) == "jq" {
                    advance()
                } else if !at(.jq) {
                    report(
                        .expectedToken(
                            at(.eof) ? afterPrevious : span(tok), expected: "'jq' and a `program`",
                            found: describe(tok)))
                } else {
                    report(
                        .expectedToken(
                            span(tok), expected: "'jq' before the program", found: describe(tok),
                            fix: FixIt(
                                title: "insert 'jq'", span: span(tok).emptyAtStart(),
                                replacement: "jq ")))
                }
            }
            if !errorInItem {
                if at(.jq), case .jq(let j) = parsePrimary("") {
                    program = j
                } else {
                    report(
                        .expectedToken(
                            at(.eof) ? afterPrevious : span(tok),
                            expected: "a jq program in backticks", found: describe(tok)))
                }
            }
            let sp = span(from: kw)
            return .rule(RuleDecl(trivia: finishItem(start), span: sp, name: name, program: program))
        default:
            let rule = parsePostfixExpr("after 'waive'")
            var reason = StringLiteralExpr(segments: [], span: afterPrevious)
            if !errorInItem, expect(.kwBecause, "'because'", after: "and a reason") != nil {
                if at(.string), case .string(let s) = parsePrimary("") {
                    reason = s
                } else {
                    report(
                        .expectedToken(
                            at(.eof) ? afterPrevious : span(tok), expected: "the reason as a string",
                            found: describe(tok)))
                }
            }
            let sp = span(from: kw)
            return .waive(WaiveDecl(trivia: finishItem(start), span: sp, rule: rule, reason: reason))
        }
    }
}
