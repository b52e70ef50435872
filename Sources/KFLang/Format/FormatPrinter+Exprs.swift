/// Expressions and types.
extension FormatPrinter {
    mutating func expr(_ e: Expr) {
        switch e {
        case .identifier(let x): write(x.name)
        case .integer(let x): write(x.text)
        case .float(let x): write(x.text)
        case .quantity(let x): raw(x.span)
        case .bool(let x): write(x.value ? "true" : "false")
        case .none: write("none")
        case .string(let x): raw(x.span)
        case .ip(let x): write(x.text)
        case .cidr(let x): write(x.text)
        case .jq(let x): raw(x.span)
        case .list(let x):
            let multi =
                x.multiline || !x.endComments.isEmpty || !x.openComments.isEmpty
                || x.elements.contains { hasComments($0.trivia) }
            delimited(
                "[", "]", count: x.elements.count, multi: multi, openComments: x.openComments,
                endComments: x.endComments,
                trivia: { x.elements[$0].trivia },
                element: { p, k in p.expr(x.elements[k].value) })
        case .comprehension(let x):
            write("[")
            expr(x.body)
            write(" for \(x.variable.name) in ")
            expr(x.sequence)
            write("]")
        case .record(let x):
            let items = x.fields.map { Decl.field($0) }
            body(items, openComments: x.openComments, endComments: x.endComments, multiline: x.multiline)
        case .paren(let x):
            write("(")
            expr(x.inner)
            write(")")
        case .unary(let x):
            write(x.op.rawValue)
            expr(x.operand)
        case .binary(let x):
            expr(x.lhs)
            write(" \(x.op.rawValue) ")
            expr(x.rhs)
        case .range(let x):
            if let l = x.lower { expr(l) }
            write(x.lowerOpen ? (x.closed ? "<.." : "<..<") : (x.closed ? "..." : "..<"))
            if let u = x.upper { expr(u) }
        case .member(let x):
            expr(x.base)
            write(".\(x.member.name)")
        case .index(let x):
            expr(x.base)
            write("[")
            expr(x.index)
            write("]")
        case .call(let x):
            expr(x.callee)
            let multi =
                x.multiline || !x.endComments.isEmpty || !x.openComments.isEmpty
                || x.arguments.contains { hasComments($0.trivia) }
            delimited(
                "(", ")", count: x.arguments.count, multi: multi, openComments: x.openComments,
                endComments: x.endComments,
                trivia: { x.arguments[$0].trivia },
                element: { p, k in
                    let a = x.arguments[k]
                    if let l = a.label { p.write("\(l.name): ") }
                    p.expr(a.value)
                })
        case .conditional(let x):
            write("if ")
            expr(x.condition)
            write(" { ")
            expr(x.then)
            write(" } else ")
            if case .conditional = x.otherwise {
                expr(x.otherwise)
            } else {
                write("{ ")
                expr(x.otherwise)
                write(" }")
            }
        case .missing(let x): raw(x.span)
        }
    }

    /// `(a, b)` inline, or one element per line each followed by a comma.
    mutating func delimited(
        _ open: String, _ close: String, count: Int, multi: Bool, openComments: [Comment],
        endComments: [Comment],
        trivia: (Int) -> Trivia, element: (inout FormatPrinter, Int) -> Void
    ) {
        write(open)
        if !multi {
            for k in 0..<count {
                if k > 0 { write(", ") }
                element(&self, k)
            }
            write(close)
            return
        }
        trailing(openComments)
        indent += 1
        for k in 0..<count {
            let tv = trivia(k)
            if k > 0, tv.blankLineBefore { blankLine() }
            leading(tv.leading, first: k == 0)
            freshLine()
            element(&self, k)
            write(",")
            trailing(tv.trailing)
        }
        leading(endComments, first: count == 0)
        indent -= 1
        freshLine()
        write(close)
    }

    mutating func type(_ t: TypeRef) {
        switch t {
        case .named(let n): write(n.path.map(\.name).joined(separator: "."))
        case .list(let l):
            write("[")
            type(l.element)
            write("]")
        case .optional(let o):
            type(o.wrapped)
            write("?")
        case .refined(let r):
            type(r.base)
            write("(")
            expr(r.constraint)
            write(")")
        case .missing(let s): raw(s)
        }
    }
}
