import KFLang

/// A name written in a file, as it is resolved: `a`, or a qualified `a.b[i].c` as its parts,
/// with the declarations around it and the index variables in scope.
package struct NameOccurrence: Sendable {
    /// The parts of the name (`lab`, `edge` in `lab.edge[i]`).
    package var parts: [Identifier]
    /// The block declarations around it, outermost first.
    package var enclosing: [BlockDecl]
    /// Replication and comprehension variables in scope, innermost last.
    package var locals: [Identifier]
}

/// What a position in a file is on.
package enum SyntaxTarget: Sendable {
    /// Part `part` of a name.
    case name(NameOccurrence, part: Int)
    /// A block declaration's name or keyword.
    case block(BlockDecl, enclosing: [BlockDecl])
    /// A top-level `let`'s name.
    case letName(LetDecl, enclosing: [BlockDecl])
    /// A field's name in a block or record, with the block around it and the field names leading
    /// from the block to the record (`train` for `epochs` in `train: { epochs: 1 }`).
    case field(FieldDecl, enclosing: [BlockDecl], recordPath: [String])
    /// A module path of an import.
    case importModule(ImportDecl)
    /// A selected name of an import.
    case importItem(ImportDecl, ImportDecl.Item)
}

/// Walks a syntax tree for the names in it and for what lies under a position.
package enum SyntaxWalker {
    /// Every name written in `tree` (identifiers and qualified names), in source order.
    package static func names(in tree: SourceFileSyntax) -> [NameOccurrence] {
        var out: [NameOccurrence] = []
        walk(tree.items, enclosing: [], locals: []) { out.append($0) }
        return out
    }

    /// What lies under byte offset `offset` of `tree`, or nil (whitespace, a literal, a keyword).
    package static func target(at offset: Int, in tree: SourceFileSyntax) -> SyntaxTarget? {
        target(at: offset, items: tree.items, enclosing: [], locals: [])
    }

    private static func contains(_ s: Span, _ o: Int) -> Bool { s.start <= o && o <= s.end }

    private static func target(
        at o: Int, items: [Decl], enclosing: [BlockDecl], locals: [Identifier]
    ) -> SyntaxTarget? {
        for item in items where contains(item.span, o) {
            switch item {
            case .importDecl(let d):
                for it in d.items ?? [] where contains(it.name.span, o) { return .importItem(d, it) }
                return .importModule(d)
            case .letDecl(let d):
                if contains(d.name.span, o) { return .letName(d, enclosing: enclosing) }
                return target(at: o, expr: d.value, enclosing: enclosing, locals: locals, recordPath: nil)
            case .block(let b):
                if contains(b.kind.span, o) || b.name.map({ contains($0.span, o) }) == true {
                    return .block(b, enclosing: enclosing)
                }
                var inner = locals
                if let r = b.replication {
                    if contains(r.variable.span, o) {
                        return .name(
                            NameOccurrence(parts: [r.variable], enclosing: enclosing, locals: [r.variable]), part: 0)
                    }
                    if contains(r.sequence.span, o) {
                        return target(at: o, expr: r.sequence, enclosing: enclosing, locals: locals, recordPath: nil)
                    }
                    inner.append(r.variable)
                }
                return target(at: o, items: b.body.items, enclosing: enclosing + [b], locals: inner)
            case .field(let f):
                if contains(f.name.span, o) { return .field(f, enclosing: enclosing, recordPath: []) }
                return target(at: o, expr: f.value, enclosing: enclosing, locals: locals, recordPath: [f.name.name])
            default:
                for e in item.expressions where contains(e.span, o) {
                    return target(at: o, expr: e, enclosing: enclosing, locals: locals, recordPath: nil)
                }
                return nil
            }
        }
        return nil
    }

    /// `recordPath` is the chain of field names when `e` is (inside) a field's record value.
    private static func target(
        at o: Int, expr e: Expr, enclosing: [BlockDecl], locals: [Identifier], recordPath: [String]?
    ) -> SyntaxTarget? {
        if let parts = chain(e) {
            for (k, p) in parts.enumerated() where contains(p.span, o) {
                return .name(NameOccurrence(parts: parts, enclosing: enclosing, locals: locals), part: k)
            }
        }
        switch e {
        case .record(let r):
            for f in r.fields where contains(f.span, o) {
                if contains(f.name.span, o) {
                    return .field(f, enclosing: enclosing, recordPath: recordPath ?? [])
                }
                let path = recordPath.map { $0 + [f.name.name] }
                return target(at: o, expr: f.value, enclosing: enclosing, locals: locals, recordPath: path)
            }
            return nil
        case .comprehension(let c):
            if contains(c.variable.span, o) {
                return .name(NameOccurrence(parts: [c.variable], enclosing: enclosing, locals: [c.variable]), part: 0)
            }
            if contains(c.sequence.span, o) {
                return target(at: o, expr: c.sequence, enclosing: enclosing, locals: locals, recordPath: nil)
            }
            return target(at: o, expr: c.body, enclosing: enclosing, locals: locals + [c.variable], recordPath: nil)
        default:
            for child in subexpressions(e) where contains(child.span, o) {
                return target(at: o, expr: child, enclosing: enclosing, locals: locals, recordPath: nil)
            }
            return nil
        }
    }

    private static func walk(
        _ items: [Decl], enclosing: [BlockDecl], locals: [Identifier], visit: (NameOccurrence) -> Void
    ) {
        for item in items {
            switch item {
            case .block(let b):
                var inner = locals
                if let r = b.replication {
                    walk(r.sequence, enclosing: enclosing, locals: locals, visit: visit)
                    inner.append(r.variable)
                }
                walk(b.body.items, enclosing: enclosing + [b], locals: inner, visit: visit)
            default:
                for e in item.expressions { walk(e, enclosing: enclosing, locals: locals, visit: visit) }
            }
        }
    }

    private static func walk(
        _ e: Expr, enclosing: [BlockDecl], locals: [Identifier], visit: (NameOccurrence) -> Void
    ) {
        if let parts = chain(e) { visit(NameOccurrence(parts: parts, enclosing: enclosing, locals: locals)) }
        if case .comprehension(let c) = e {
            walk(c.sequence, enclosing: enclosing, locals: locals, visit: visit)
            walk(c.body, enclosing: enclosing, locals: locals + [c.variable], visit: visit)
            return
        }
        for child in subexpressions(e) { walk(child, enclosing: enclosing, locals: locals, visit: visit) }
    }

    /// The parts of a name expression (`a`, `a.b`, `a.b[i].c`), or nil for any other expression.
    package static func chain(_ e: Expr) -> [Identifier]? {
        switch e {
        case .identifier(let i): [Identifier(name: i.name, span: i.span)]
        case .member(let m): chain(m.base).map { $0 + [m.member] }
        case .index(let x): chain(x.base)
        default: nil
        }
    }

    /// The children of `e` that are not part of its own name chain.
    private static func subexpressions(_ e: Expr) -> [Expr] {
        switch e {
        case .identifier: []
        case .member(let m): chain(m.base) != nil ? subexpressions(m.base) : [m.base]
        case .index(let x): (chain(x.base) != nil ? subexpressions(x.base) : [x.base]) + [x.index]
        default: e.children
        }
    }
}
