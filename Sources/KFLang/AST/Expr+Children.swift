/// Generic traversal helpers, so later stages can walk the tree without a case per node kind.
extension Expr {
    /// The direct subexpressions, in source order (interpolations included).
    package var children: [Expr] {
        switch self {
        case .identifier, .integer, .float, .quantity, .bool, .none, .ip, .cidr, .jq, .missing: []
        case .string(let x):
            x.segments.compactMap { if case .interpolation(let e, _) = $0 { e } else { nil } }
        case .list(let x): x.elements.map(\.value)
        case .comprehension(let x): [x.body, x.sequence]
        case .record(let x): x.fields.map(\.value)
        case .paren(let x): [x.inner]
        case .unary(let x): [x.operand]
        case .binary(let x): [x.lhs, x.rhs]
        case .range(let x): [x.lower, x.upper].compactMap { $0 }
        case .member(let x): [x.base]
        case .index(let x): [x.base, x.index]
        case .call(let x): [x.callee] + x.arguments.map(\.value)
        case .conditional(let x): [x.condition, x.then, x.otherwise]
        }
    }

    /// Calls `visit` on this expression and every expression inside it, parents first.
    /// Iterative, so it needs no stack proportional to the tree's depth.
    package func forEachDescendant(_ visit: (Expr) -> Void) {
        var stack = [self]
        while let e = stack.popLast() {
            visit(e)
            stack.append(contentsOf: e.children.reversed())
        }
    }
}

extension Decl {
    /// The expressions written directly in this item (not in nested declarations).
    package var expressions: [Expr] {
        switch self {
        case .importDecl, .missing: []
        case .letDecl(let d): [d.value]
        case .block(let d): d.replication.map { [$0.sequence] } ?? []
        case .field(let d): [d.value]
        case .require(let d): [d.condition]
        case .rule(let d): [.string(d.name), .jq(d.program)]
        case .waive(let d): [d.rule, .string(d.reason)]
        }
    }

    /// The nested items of a block declaration (empty for other items).
    package var children: [Decl] {
        if case .block(let b) = self { b.body.items } else { [] }
    }
}
