/// The formatter's output buffer and the rules for items and comments.
struct FormatPrinter {
    let source: SourceFile
    var out: [UInt8] = []
    var indent = 0

    init(source: SourceFile) {
        self.source = source
        out.reserveCapacity(source.bytes.count + source.bytes.count / 8)
    }

    mutating func finish() -> String {
        while out.last == 0x0A || out.last == 0x20 { out.removeLast() }
        if !out.isEmpty { out.append(0x0A) }
        return String(decoding: out, as: UTF8.self)
    }

    mutating func write(_ s: String) { out.append(contentsOf: s.utf8) }

    mutating func raw(_ span: Span) { out.append(contentsOf: source.bytes[span.start..<span.end]) }

    mutating func newline() {
        while out.last == 0x20 { out.removeLast() }
        out.append(0x0A)
        for _ in 0..<indent {
            out.append(0x20)
            out.append(0x20)
        }
    }

    /// Starts a fresh line at the current indentation (no-op if already at one).
    mutating func freshLine() {
        var k = out.count
        while k > 0, out[k - 1] == 0x20 { k -= 1 }
        if k == 0 || out[k - 1] == 0x0A {
            out.removeSubrange(k...)
            for _ in 0..<indent {
                out.append(0x20)
                out.append(0x20)
            }
        } else {
            newline()
        }
    }

    mutating func blankLine() {
        freshLine()
        // An empty line: the line we are on stays, plus one newline with no indentation.
        var k = out.count
        while k > 0, out[k - 1] == 0x20 { k -= 1 }
        out.removeSubrange(k...)
        if k == 0 { return }
        if k >= 2, out[k - 1] == 0x0A, out[k - 2] == 0x0A {
            freshLine()
            return
        }
        out.append(0x0A)
        freshLine()
    }

    // MARK: - Comments

    mutating func comment(_ c: Comment) {
        write(c.text)
    }

    /// Leading comments, each on its own line, with the empty lines the author put between them.
    mutating func leading(_ cs: [Comment], first: Bool) {
        for (k, c) in cs.enumerated() {
            if c.blankLineBefore, !(first && k == 0) { blankLine() } else { freshLine() }
            comment(c)
            newline()
        }
    }

    mutating func trailing(_ cs: [Comment]) {
        for c in cs {
            write(" ")
            comment(c)
        }
    }

    func hasComments(_ t: Trivia) -> Bool { !t.leading.isEmpty || !t.trailing.isEmpty }

    // MARK: - Items

    /// Prints items one per line (bodies, top level).
    mutating func items(_ items: [Decl], endComments: [Comment], topLevel: Bool) {
        for (k, item) in items.enumerated() {
            let tv = item.trivia
            if k > 0 || topLevel {
                if tv.blankLineBefore, k > 0 { blankLine() } else { freshLine() }
            }
            leading(tv.leading, first: k == 0)
            if !tv.leading.isEmpty, tv.nodeBlankLineBefore { blankLine() }
            freshLine()
            decl(item)
            trailing(tv.trailing)
        }
        if !endComments.isEmpty {
            if let c = endComments.first, c.blankLineBefore, !items.isEmpty { blankLine() }
            leading(endComments, first: items.isEmpty)
        }
    }

    mutating func decl(_ d: Decl) {
        switch d {
        case .importDecl(let d): importDecl(d)
        case .letDecl(let d):
            write("let \(d.name.name)")
            if let t = d.type {
                write(": ")
                type(t)
            }
            write(" = ")
            expr(d.value)
        case .block(let b): block(b)
        case .field(let f): field(f)
        case .require(let r):
            write("require ")
            expr(r.condition)
        case .rule(let r):
            write("rule ")
            raw(r.name.span)
            write(" jq ")
            raw(r.program.span)
        case .waive(let w):
            write("waive ")
            expr(w.rule)
            write(" because ")
            raw(w.reason.span)
        case .missing(let m):
            raw(m.span)
        }
    }

    mutating func importDecl(_ d: ImportDecl) {
        write("import ")
        switch d.source {
        case .module(let path): write(path.map(\.name).joined(separator: "/"))
        case .file(let s): raw(s.span)
        }
        if let a = d.alias { write(" as \(a.name)") }
        guard let items = d.items else { return }
        let multi = d.multiline || !d.endComments.isEmpty || items.contains { hasComments($0.trivia) }
        func one(_ p: inout FormatPrinter, _ it: ImportDecl.Item) {
            p.write(it.name.name)
            if let a = it.alias { p.write(" as \(a.name)") }
        }
        if items.isEmpty, !multi {
            write(" {}")
            return
        }
        if !multi {
            write(" { ")
            for (k, it) in items.enumerated() {
                if k > 0 { write(", ") }
                one(&self, it)
            }
            write(" }")
            return
        }
        write(" {")
        indent += 1
        for it in items {
            leading(it.trivia.leading, first: false)
            freshLine()
            one(&self, it)
            trailing(it.trivia.trailing)
        }
        leading(d.endComments, first: false)
        indent -= 1
        freshLine()
        write("}")
    }

    mutating func block(_ b: BlockDecl) {
        write(b.kind.name)
        if let n = b.name { write(" \(n.name)") }
        if let r = b.replication {
            write(b.name == nil ? "[" : "[")
            write("\(r.variable.name) in ")
            expr(r.sequence)
            write("]")
        }
        write(" ")
        body(
            b.body.items, openComments: b.body.openComments, endComments: b.body.endComments,
            multiline: b.body.multiline)
    }

    /// `{ a: 1, b: 2 }` inline, or one item per line.
    mutating func body(_ items: [Decl], openComments: [Comment], endComments: [Comment], multiline: Bool) {
        if items.isEmpty, endComments.isEmpty, openComments.isEmpty {
            write("{}")
            return
        }
        let multi =
            multiline || !endComments.isEmpty || !openComments.isEmpty
            || items.contains { hasComments($0.trivia) }
        if !multi {
            write("{ ")
            for (k, item) in items.enumerated() {
                if k > 0 { write(", ") }
                decl(item)
            }
            write(" }")
            return
        }
        write("{")
        trailing(openComments)
        indent += 1
        self.items(items, endComments: endComments, topLevel: false)
        indent -= 1
        freshLine()
        write("}")
    }

    mutating func field(_ f: FieldDecl) {
        write("\(f.name.name): ")
        expr(f.value)
    }
}
