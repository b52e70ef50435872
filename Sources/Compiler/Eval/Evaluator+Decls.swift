import KFLang

extension Evaluator {
    /// The value a group name stands for: the group if replicated, else its one instance.
    func groupValue(_ g: Int, usedAt span: Span) -> Value {
        ensureExpanded(g, usedAt: span)
        if groups[g].replicated { return .group(g) }
        return groups[g].instances.first.map { .decl($0) } ?? .error
    }

    /// Expands every group, top-level ones in order and their nested groups depth first.
    func expandAll() {
        for g in topGroups { ensureExpanded(g, usedAt: groups[g].nameSpan) }
    }

    /// Creates the instances of a group (once), then those of its nested groups.
    func ensureExpanded(_ g: Int, usedAt span: Span) {
        switch groups[g].expansion {
        case .done: return
        case .running:
            sink.report(.cyclicDefinition(span, groups[g].name))
            return
        case .pending: break
        }
        guard enter(span) else { return }
        defer { depth -= 1 }
        lazyWork += 1
        groups[g].expansion = .running
        let group = groups[g]
        if let rep = group.syntax.replication {
            let seq = eval(rep.sequence, in: group.scope, expecting: nil)
            var keys = elements(of: seq, at: rep.sequence.span) ?? []
            var capped = false
            if keys.count > Self.maxInstances - instances.count {
                // Reported once; the groups after it fail quietly, as their replicas would.
                if !instancesCapped {
                    sink.report(
                        .valueTooLarge(
                            rep.sequence.span,
                            what: "\(keys.count) more replicas after \(instances.count) declarations",
                            limit: "\(Self.maxInstances) declarations in a deployment"))
                }
                instancesCapped = true
                capped = true
                keys = []
            }
            if seq.isError || aborted || capped { groups[g].failed = true }
            groups[g].keys = keys
            groups[g].instances.reserveCapacity(keys.count)
            if case .int(let k0)? = keys.first, case .int(let kn)? = keys.last,
                kn.subtractingReportingOverflow(k0) == (keys.count - 1, false),
                keys.enumerated().allSatisfy({ $0.element == .int(k0 &+ $0.offset) })
            {
                groups[g].firstKey = k0
            }
            let computed = groups[g].firstKey != nil
            for (pos, key) in keys.enumerated() {
                let scope = Scope(parent: group.scope)
                scope.bind(rep.variable.name, .value(key, rep.variable.span), at: rep.variable.span)
                let suffix = "[\(describe(key))]"
                if !computed, groups[g].keyIndex[key] == nil { groups[g].keyIndex[key] = pos }
                makeInstance(
                    g, name: group.name + suffix, local: (group.syntax.name?.name ?? group.kind) + suffix, scope: scope)
            }
        } else {
            makeInstance(
                g, name: group.name, local: group.syntax.name?.name ?? group.kind, scope: Scope(parent: group.scope))
        }
        groups[g].expansion = .done
        for i in groups[g].instances {
            for child in instances[i].childOrder { ensureExpanded(child, usedAt: groups[child].nameSpan) }
            gatherByKind(i)
        }
    }

    /// Makes `parent.KIND` name all the children of that kind when they are declared in
    /// several named groups and no child is called KIND itself.
    private func gatherByKind(_ i: Int) {
        var byKind: [String: [Int]] = [:]
        var order: [String] = []
        for child in instances[i].childOrder where groups[child].syntax.name != nil {
            if byKind[groups[child].kind] == nil { order.append(groups[child].kind) }
            byKind[groups[child].kind, default: []].append(child)
        }
        for kind in order where instances[i].children[kind] == nil {
            let members = byKind[kind]!.flatMap { groups[$0].instances }
            var agg = DeclGroup(
                kind: kind, name: instances[i].name + "." + kind, syntax: groups[byKind[kind]![0]].syntax,
                scope: instances[i].scope, parent: i, aggregate: true)
            agg.instances = members
            agg.keys = members.indices.map { .int($0) }
            agg.firstKey = 0
            agg.expansion = .done
            groups.append(agg)
            instances[i].children[kind] = groups.count - 1
        }
    }

    private func makeInstance(_ g: Int, name: String, local: String, scope: Scope) {
        let id = instances.count
        instances.append(DeclInstance(group: g, kind: groups[g].kind, name: name, localName: local, scope: scope))
        groups[g].instances.append(id)
        let body = groups[g].syntax.body
        let isFirst = groups[g].instances.count == 1
        var singles: [String: Span] = [:]
        for item in body.items {
            switch item {
            case .letDecl(let d):
                declareLet(d, in: scope, warnShadowing: isFirst)
            case .block(let b):
                // Diagnostics about the shape of the body are reported for the first replica only.
                let sink = isFirst ? self.sink : DiagnosticSink()
                guard let schema = Schema.kinds[b.kind.name] else {
                    sink.report(
                        .unknownKind(
                            b.kind.span, b.kind.name,
                            suggestion: Suggest.closest(to: b.kind.name, in: Schema.kinds.keys)))
                    continue
                }
                guard schema.parents.contains(groups[g].kind) else {
                    let allowed =
                        schema.parents.isEmpty ? "at the top level of a file" : "inside a '\(schema.parents[0])'"
                    sink.report(.misplacedDeclaration(b.kind.span, b.kind.name, allowed: allowed))
                    continue
                }
                if schema.named, b.name == nil {
                    sink.report(.missingName(b.kind.span, kind: b.kind.name))
                    continue
                }
                if schema.single {
                    if let first = singles[b.kind.name] {
                        sink.report(.repeatedBlock(b.kind.span, kind: b.kind.name, first: first))
                        continue
                    }
                    singles[b.kind.name] = b.kind.span
                }
                let child = newGroup(b, scope: scope, parent: id, qualifiedPrefix: name)
                let localName = b.name?.name ?? b.kind.name
                // Nested declarations are reached through their parent (`lab.edge`), so a client
                // group named `north` does not hide a cluster `north` inside the federation.
                if let first = instances[id].children[localName] {
                    if isFirst {
                        self.sink.report(
                            .duplicateDeclaration(b.name?.span ?? b.kind.span, localName, first: groups[first].nameSpan)
                        )
                    }
                    continue
                }
                instances[id].children[localName] = child
                instances[id].childOrder.append(child)
            case .importDecl, .missing:
                break
            case .require(let d) where groups[g].kind != "policy" && isFirst:
                sink.report(.misplacedDeclaration(d.span, "require", allowed: "inside a 'policy { … }' block"))
            case .rule(let d) where groups[g].kind != "policy" && isFirst:
                sink.report(.misplacedDeclaration(d.span, "rule", allowed: "inside a 'policy { … }' block"))
            case .waive(let d) where groups[g].kind != "policy" && isFirst:
                sink.report(.misplacedDeclaration(d.span, "waive", allowed: "inside a 'policy { … }' block"))
            case .field, .require, .rule, .waive:
                break
            }
        }
    }

    // MARK: - Fields

    /// The checked fields of an instance, in the order of its kind's schema (nil: a computed
    /// field left to the IR builder), computed on first use; empty after a cycle.
    @discardableResult
    func fields(of i: Int, usedAt span: Span) -> [Value?] {
        if let f = instances[i].fields { return f }
        if instances[i].evaluating {
            sink.report(.cyclicDefinition(span, instances[i].name))
            return []
        }
        guard enter(span) else { return [] }
        defer { depth -= 1 }
        lazyWork += 1
        instances[i].evaluating = true
        let g = instances[i].group
        let values: [Value?]
        if groups[g].instances.first != i {
            // A later replica: the body's shape was checked on the first.
            values = replicaFields(i, group: g)
        } else {
            values = evalFieldSlots(
                groups[g].fieldDecls, schema: groups[g].schemaFields, owner: instances[i].kind,
                ownerSpan: groups[g].nameSpan, in: instances[i].scope)
        }
        instances[i].fields = values
        instances[i].evaluating = false
        return values
    }

    /// The slot of field `name` in the schema of instance `i`'s kind.
    func slot(of name: String, in i: Int) -> Int? {
        groups[instances[i].group].schemaFieldNames.firstIndex(of: name)
    }

    /// The value of field `name` of instance `i` (nil when it is computed later or failed).
    func fieldValue(_ i: Int, _ name: String, usedAt span: Span) -> Value? {
        guard let idx = slot(of: name, in: i) else { return nil }
        let f = instances[i].fields ?? fields(of: i, usedAt: span)
        return idx < f.count ? f[idx] : nil
    }

    /// Evaluates written fields against a schema, as a record.
    func evalFields(_ decls: [FieldDecl], schema: [FieldSpec], owner: String, ownerSpan: Span, in scope: Scope)
        -> [String: Value]
    {
        let slots = evalFieldSlots(decls, schema: schema, owner: owner, ownerSpan: ownerSpan, in: scope)
        var out: [String: Value] = Dictionary(minimumCapacity: schema.count)
        for (spec, v) in zip(schema, slots) { if let v { out[spec.name] = v } }
        return out
    }

    /// Evaluates written fields against a schema: unknown, duplicate and missing fields are
    /// reported, defaults filled in; the result is aligned with `schema`.
    func evalFieldSlots(_ decls: [FieldDecl], schema: [FieldSpec], owner: String, ownerSpan: Span, in scope: Scope)
        -> [Value?]
    {
        var values: [(slot: Int, value: Value)] = []
        values.reserveCapacity(decls.count)
        var out = shapeFields(decls, schema: schema, owner: owner, ownerSpan: ownerSpan, report: true) { k, idx in
            let f = decls[k]
            let v = eval(f.value, in: scope, expecting: schema[idx].type)
            values.append((idx, coerce(v, to: schema[idx].type, at: f.value.span)))
        }
        for (idx, v) in values { out[idx] = v }
        return out
    }

    /// Matches written fields with a schema in source order: reports (if `report`) duplicate,
    /// unknown and missing fields, calls `visit` with each field to evaluate (its index in
    /// `decls`, its slot in `schema`) as it goes, and returns the slots' values before
    /// evaluation: `.error` for a written or missing required field, the default of a defaulted
    /// one, nil for a computed one.
    func shapeFields(
        _ decls: [FieldDecl], schema: [FieldSpec], owner: String, ownerSpan: Span, report: Bool,
        visit: (Int, Int) -> Void
    ) -> [Value?] {
        var out = [Value?](repeating: .error, count: schema.count)
        // Bodies are small: a linear scan beats hashing here.
        var seen: [(String, Span)] = []
        seen.reserveCapacity(decls.count)
        for (k, f) in decls.enumerated() {
            let name = f.name.name
            if let first = seen.first(where: { $0.0 == name }) {
                if report { sink.report(.duplicateField(f.name.span, name, first: first.1)) }
                continue
            }
            seen.append((name, f.name.span))
            guard let idx = schema.firstIndex(where: { $0.name == name }) else {
                if report {
                    sink.report(
                        .unknownField(
                            f.name.span, name, on: owner,
                            suggestion: Suggest.closest(to: name, in: schema.map(\.name))))
                }
                continue
            }
            visit(k, idx)
        }
        for (idx, spec) in schema.enumerated() where !seen.contains(where: { $0.0 == spec.name }) {
            switch spec.presence {
            case .required:
                if report { sink.report(.missingField(ownerSpan, spec.name, on: owner, type: spec.type.description)) }
            case .defaulted(let d): out[idx] = d
            case .computed: out[idx] = nil
            }
        }
        return out
    }

    /// Evaluates the fields of a record literal with no schema (or one value type for all).
    func evalFields(_ decls: [FieldDecl], valueType: KType?, in scope: Scope) -> [String: Value] {
        var out: [String: Value] = [:]
        var seen: [String: Span] = [:]
        for f in decls {
            if let first = seen[f.name.name] {
                sink.report(.duplicateField(f.name.span, f.name.name, first: first))
                continue
            }
            seen[f.name.name] = f.name.span
            let v = eval(f.value, in: scope, expecting: valueType)
            out[f.name.name] = valueType.map { coerce(v, to: $0, at: f.value.span) } ?? v
        }
        return out
    }
}
