import KFLang

/// How the written fields of a declaration map onto its kind's schema, computed once per group
/// and shared by every replica after the first (the first reports the body's shape), with the
/// values of the fields that are the same in every replica.
struct FieldPlan {
    /// A written field to evaluate.
    struct Entry {
        /// Index in the group's `fieldDecls`.
        var decl: Int
        /// Slot in the schema.
        var slot: Int
        /// Whether the value reads nothing a replica binds (its index variable, the body's
        /// lets): every name in it resolves to the same binding in every replica.
        var invariant: Bool
        /// An invariant field's value as one replica computed it, with what that cost.
        var shared: Shared?
    }

    /// An invariant field's checked value and the evaluation it stands for: the steps counted
    /// and the list elements built, charged again at every replica that reuses it.
    struct Shared {
        var value: Value
        var steps: Int
        var elements: Int
    }

    var entries: [Entry]
    /// The slots' values before evaluation (defaults filled in).
    var initial: [Value?]
}

extension Evaluator {
    /// The checked fields of a replica after the first: its group's plan, each field evaluated
    /// in its scope, except that an invariant field takes the value a previous replica computed.
    ///
    /// Sharing changes nothing observable. An invariant field reads the same bindings in every
    /// replica; a value is shared only from an evaluation that reported nothing and computed
    /// nothing lazily (no `let`, expansion or fields evaluated for the first time, which is also
    /// the only place the depth limit is checked), so evaluating it again would read the same
    /// memoised values, give the same value and cost the same steps. That cost is charged again
    /// at each reuse, unless it would pass the step or element limit, in which case the field
    /// is evaluated for real, so KF2001 and KF2027 are reported exactly where and when they
    /// would be without sharing.
    func replicaFields(_ i: Int, group g: Int) -> [Value?] {
        if groups[g].fieldPlan == nil { groups[g].fieldPlan = fieldPlan(of: g) }
        let decls = groups[g].fieldDecls
        let schema = groups[g].schemaFields
        let scope = instances[i].scope
        let plan = groups[g].fieldPlan!
        var out = plan.initial
        for (k, e) in plan.entries.enumerated() {
            if let s = e.shared, chargeShared(s) {
                out[e.slot] = s.value
                continue
            }
            let f = decls[e.decl]
            let type = schema[e.slot].type
            let (steps0, elements0, reports0, lazy0) = (steps, builtElements, sink.diagnostics.count, lazyWork)
            let v = coerce(eval(f.value, in: scope, expecting: type), to: type, at: f.value.span)
            out[e.slot] = v
            if e.invariant, sharesInvariantFields, e.shared == nil, !aborted, sink.diagnostics.count == reports0,
                lazyWork == lazy0
            {
                groups[g].fieldPlan!.entries[k].shared = FieldPlan.Shared(
                    value: v, steps: steps - steps0, elements: builtElements - elements0)
            }
        }
        return out
    }

    /// Counts a shared value's evaluation again; false (nothing counted) when that would pass a
    /// limit or evaluation already stopped: the caller then evaluates it for real.
    private func chargeShared(_ s: FieldPlan.Shared) -> Bool {
        guard !aborted else { return false }
        let (total, overflow) = steps.addingReportingOverflow(s.steps)
        guard !overflow, total <= stepLimit, builtElements <= Self.maxBuiltElements - s.elements else { return false }
        steps = total
        builtElements += s.elements
        return true
    }

    /// The plan of group `g`'s body (its shape was reported with its first replica).
    private func fieldPlan(of g: Int) -> FieldPlan {
        let decls = groups[g].fieldDecls
        // What a replica's scope binds: the index variable and the body's lets. A field that
        // reads none of them resolves every name to the same binding in every replica.
        var own: Set<String> = []
        if let rep = groups[g].syntax.replication { own.insert(rep.variable.name) }
        for case .letDecl(let d) in groups[g].syntax.body.items { own.insert(d.name.name) }
        var entries: [FieldPlan.Entry] = []
        let initial = shapeFields(
            decls, schema: groups[g].schemaFields, owner: groups[g].kind, ownerSpan: groups[g].nameSpan, report: false
        ) { k, slot in
            entries.append(FieldPlan.Entry(decl: k, slot: slot, invariant: !Self.mayRead(decls[k].value, own)))
        }
        return FieldPlan(entries: entries, initial: initial)
    }

    /// Whether `e` may read one of `names`: it has an identifier spelled like one, anywhere
    /// (conservative: a comprehension's own variable of that name counts too).
    static func mayRead(_ e: Expr, _ names: Set<String>) -> Bool {
        switch e {
        case .identifier(let id): names.contains(id.name)
        case .integer, .float, .bool, .none, .ip, .cidr, .quantity, .jq: false
        case .string(let s):
            s.segments.contains { if case .interpolation(let x, _) = $0 { mayRead(x, names) } else { false } }
        case .list(let l): l.elements.contains { mayRead($0.value, names) }
        case .comprehension(let c): mayRead(c.body, names) || mayRead(c.sequence, names)
        case .record(let r): r.fields.contains { mayRead($0.value, names) }
        case .paren(let p): mayRead(p.inner, names)
        case .unary(let u): mayRead(u.operand, names)
        case .binary(let b): mayRead(b.lhs, names) || mayRead(b.rhs, names)
        case .range(let r): r.lower.map { mayRead($0, names) } ?? false || r.upper.map { mayRead($0, names) } ?? false
        case .member(let m): mayRead(m.base, names)
        case .index(let x): mayRead(x.base, names) || mayRead(x.index, names)
        case .call(let c): mayRead(c.callee, names) || c.arguments.contains { mayRead($0.value, names) }
        case .conditional(let c):
            mayRead(c.condition, names) || mayRead(c.then, names) || mayRead(c.otherwise, names)
        case .missing: true
        }
    }
}
