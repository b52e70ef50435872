import KFLang

extension Evaluator {
    /// Evaluates `e` in `scope`. `expected` guides literals whose meaning depends on the
    /// context (units, bare enum names, record schemas); the caller still coerces the result.
    func eval(_ e: Expr, in scope: Scope, expecting expected: KType?) -> Value {
        guard step(e.span) else { return .error }
        switch e {
        case .integer(let i):
            guard let v = i.value else { return .error }
            return .int(v)
        case .float(let f): return .float(f.value)
        case .bool(let b): return .bool(b.value)
        case .none: return .none
        case .string(let s): return evalString(s, in: scope)
        case .ip(let ip):
            return .ip(IPv4Address(ip.octets.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }))
        case .cidr(let c):
            let addr = IPv4Address(c.octets.reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            let block = CIDRBlock(base: addr, prefix: min(32, max(0, c.prefixLength)))
            if !block.isCanonical {
                sink.report(.cidrHostBits(c.span, c.text, canonical: block.canonical.description))
                return .error
            }
            return .cidr(block)
        case .quantity(let q): return evalQuantity(q, expecting: expected)
        case .jq(let j): return .string(j.program)
        case .list(let l):
            let elementType: KType? = if case .list(let t) = expected?.unwrapped { t } else { nil }
            return sized(.list(l.elements.map { eval($0.value, in: scope, expecting: elementType) }), l.span)
        case .comprehension(let c): return evalComprehension(c, in: scope, expecting: expected)
        case .record(let r):
            // A record literal where a choice also takes a record (`train: auto | Training`) is that record.
            var target = expected?.unwrapped
            if case .choice(_, _, let or?)? = target { target = or.unwrapped }
            switch target {
            case .record(let schema)?:
                return .record(
                    evalFields(r.fields, schema: schema.fields, owner: schema.name, ownerSpan: r.span, in: scope))
            case .map(let t)?:
                return .record(evalFields(r.fields, valueType: t, in: scope))
            default:
                return .record(evalFields(r.fields, valueType: nil, in: scope))
            }
        case .paren(let p): return eval(p.inner, in: scope, expecting: expected)
        case .unary(let u): return evalUnary(u, in: scope, expecting: expected)
        case .binary(let b): return evalBinary(b, in: scope, expecting: expected)
        case .range(let r):
            let lo = r.lower.map { eval($0, in: scope, expecting: .int(nil)) }
            let hi = r.upper.map { eval($0, in: scope, expecting: .int(nil)) }
            var bounds: [Int?] = []
            for (v, x) in [(lo, r.lower), (hi, r.upper)] {
                guard let v, let x else { bounds.append(nil); continue }
                if v.isError { return .error }
                guard case .int(let n) = v else {
                    sink.report(.typeMismatch(x.span, expected: "Int", found: typeName(v)))
                    return .error
                }
                bounds.append(n)
            }
            return .range(lower: bounds[0], upper: bounds[1], closed: r.closed)
        case .identifier(let id): return evalIdentifier(id, in: scope, expecting: expected)
        case .member(let m): return evalMember(m, in: scope)
        case .index(let i): return evalIndex(i, in: scope)
        case .call(let c): return evalCall(c, in: scope, expecting: expected)
        case .conditional(let c): return evalConditional(c, in: scope, expecting: expected)
        case .missing: return .error
        }
    }

    private func evalIdentifier(_ id: IdentifierExpr, in scope: Scope, expecting expected: KType?) -> Value {
        if case .choice(_, let cases, _)? = expected?.unwrapped, cases.contains(id.name) { return .enumCase(id.name) }
        guard let b = scope.lookup(id.name) else {
            if case .choice(let name, let cases, let or)? = expected?.unwrapped, or == nil {
                sink.report(
                    .unknownCase(
                        id.span, id.name, type: name, cases: cases,
                        suggestion: Suggest.closest(to: id.name, in: cases)))
                return .error
            }
            var candidates = scope.visibleNames
            if case .choice(_, let cases, _)? = expected?.unwrapped { candidates += cases }
            // A name some loaded module declares is most likely a missing import, not a typo.
            let fix = importFix(for: id)
            var d = Diagnostic.unknownName(
                id.span, id.name, suggestion: fix == nil ? Suggest.closest(to: id.name, in: candidates) : nil)
            if let fix { d = d.with(fixIt: fix) }
            sink.report(d)
            return .error
        }
        return value(of: b, usedAt: id.span)
    }

    /// For a name that a module the file imports (or another loaded module) declares but the
    /// file did not import: the fix-it that imports it. nil when no loaded module has it, or the
    /// diagnostic already suggests a close name in scope.
    func importFix(for id: IdentifierExpr) -> FixIt? {
        guard let m = modules.first(where: { $0.file == id.span.file }) else { return nil }
        // A module this file imports with a selection: add the name to it.
        for (imp, target) in zip(m.syntax.imports, m.resolved) {
            guard let target, moduleScopes[target].own(id.name) != nil else { continue }
            let module = modules[target].displayName
            if let items = imp.items, let last = items.last {
                let end = (last.alias ?? last.name).span
                let at = Span(file: end.file, start: end.end, end: end.end, line: end.line, column: end.column)
                return FixIt(title: "import '\(id.name)' from \(module)", span: at, replacement: ", \(id.name)")
            }
            if let alias = imp.alias ?? { if case .module(let p) = imp.source { p.last } else { nil } }() {
                return FixIt(
                    title: "use '\(alias.name).\(id.name)'", span: id.span, replacement: "\(alias.name).\(id.name)")
            }
        }
        // A standard-library module loaded for another file: import it here.
        for other in modules where other.id != m.id && moduleScopes[other.id].own(id.name) != nil {
            guard other.path.hasPrefix("stdlib/"), other.displayName != other.path else { continue }
            let anchor = m.syntax.imports.last?.span
            let at =
                anchor.map { Span(file: $0.file, start: $0.end, end: $0.end, line: $0.line, column: $0.column) }
                ?? Span(file: id.span.file, start: 0, end: 0, line: 1, column: 1)
            let text = "import \(other.displayName) { \(id.name) }"
            return FixIt(
                title: "import '\(id.name)' from \(other.displayName)", span: at,
                replacement: anchor == nil ? text + "\n" : "\n" + text)
        }
        return nil
    }

    /// The value a binding stands for.
    func value(of b: Binding, usedAt span: Span) -> Value {
        switch b {
        case .value(let v, _): return v
        case .letSlot(let k): return value(ofLet: k, usedAt: span)
        case .group(let g): return groupValue(g, usedAt: span)
        case .component(let c): return instantiate(c, arguments: [], in: nil, span: span)
        case .module(let m): return .module(m)
        }
    }

    /// Only the selected branch is evaluated, like the body of a comprehension over an empty
    /// sequence; `else if` chains are iterated, not recursed. Kept out of `eval` so that its
    /// locals do not enlarge the frame every level of evaluation pays for.
    @inline(never)
    private func evalConditional(_ c: ConditionalExpr, in scope: Scope, expecting expected: KType?) -> Value {
        var current = c
        while true {
            let cond = eval(current.condition, in: scope, expecting: .bool)
            if cond.isError { return .error }
            guard case .bool(let holds) = cond else {
                sink.report(.typeMismatch(current.condition.span, expected: "Bool", found: typeName(cond)))
                return .error
            }
            let branch = holds ? current.then : current.otherwise
            guard !holds, case .conditional(let next) = branch else {
                return eval(branch, in: scope, expecting: expected)
            }
            current = next
        }
    }

    private func evalString(_ s: StringLiteralExpr, in scope: Scope) -> Value {
        var out = ""
        for seg in s.segments {
            switch seg {
            case .text(let t, _): out += t
            case .interpolation(let e, _):
                let v = eval(e, in: scope, expecting: nil)
                if v.isError { return .error }
                guard let text = interpolated(v) else {
                    sink.report(
                        .typeMismatch(e.span, expected: "a value that can be written in a string", found: typeName(v)))
                    return .error
                }
                out += text
                guard out.utf8.count <= Self.maxStringBytes else { return sized(.string(out), s.span) }
            }
        }
        return sized(.string(out), s.span)
    }

    private func evalComprehension(_ c: ComprehensionExpr, in scope: Scope, expecting expected: KType?) -> Value {
        let seq = eval(c.sequence, in: scope, expecting: nil)
        guard let items = elements(of: seq, at: c.sequence.span) else { return .error }
        guard items.count <= Self.maxListElements else { return sized(.list(items), c.sequence.span) }
        let elementType: KType? = if case .list(let t) = expected?.unwrapped { t } else { nil }
        var out: [Value] = []
        out.reserveCapacity(items.count)
        for item in items {
            let inner = Scope(parent: scope)
            inner.bind(c.variable.name, .value(item, c.variable.span), at: c.variable.span)
            let v = eval(c.body, in: inner, expecting: elementType)
            if aborted { return .error }
            out.append(v)
        }
        return sized(.list(out), c.span)
    }

    /// The number of elements of a finite range, charged as steps (it is what iterating it
    /// costs); nil after KF2001.
    func count(ofRange v: Value, at span: Span) -> Int? {
        guard case .range(let lo?, let hi?, let closed) = v else { return nil }
        let end = closed ? hi.addingReportingOverflow(1) : (hi, false)
        let diff = end.0.subtractingReportingOverflow(lo)
        let count = end.1 || diff.1 ? Int.max : max(0, diff.0)
        return step(span, count: count) ? count : nil
    }

    /// The elements of a finite range or list; reports KF2020, KF2001 or KF2027 (a range
    /// past the list size limit) otherwise.
    func elements(of v: Value, at span: Span) -> [Value]? {
        switch v {
        case .error: return nil
        case .list(let xs): return xs
        case .range(let lo?, let hi?, let closed):
            // A range longer than Int.max counts as Int.max: the step limit stops it either way.
            let end = closed ? hi.addingReportingOverflow(1) : (hi, false)
            let diff = end.0.subtractingReportingOverflow(lo)
            let count = end.1 || diff.1 ? Int.max : max(0, diff.0)
            guard step(span, count: count) else { return nil }
            guard count <= Self.maxListElements else {
                sink.report(
                    .valueTooLarge(
                        span, what: "a range of \(count) elements", limit: "\(Self.maxListElements) elements"))
                return nil
            }
            return count == 0 ? [] : (lo..<(lo + count)).map { .int($0) }
        default:
            sink.report(.notIterable(span, found: typeName(v)))
            return nil
        }
    }

    private func evalMember(_ m: MemberExpr, in scope: Scope) -> Value {
        let base = eval(m.base, in: scope, expecting: nil)
        let name = m.member.name
        switch base {
        case .error: return .error
        case .module(let id):
            let exported = moduleScopes[id]
            guard let b = exported.own(name) else {
                sink.report(
                    .unknownMember(
                        m.member.span, name, of: modules[id].displayName,
                        suggestion: Suggest.closest(to: name, in: exported.names.keys)))
                return .error
            }
            return value(of: b.0, usedAt: m.member.span)
        case .decl(let i):
            if let g = instances[i].children[name] { return groupValue(g, usedAt: m.member.span) }
            let schema = Schema.kinds[instances[i].kind]
            if let spec = schema?.field(name) {
                if let v = fieldValue(i, name, usedAt: m.member.span) { return v }
                if case .defaulted(let d) = spec.presence { return d }
                if name == "hostname" { return .string(KubeName.label(instances[i].localName)) }
                return .error
            }
            let candidates = Array(instances[i].children.keys) + (schema?.fields.map(\.name) ?? [])
            sink.report(
                .unknownMember(
                    m.member.span, name, of: instances[i].name,
                    suggestion: Suggest.closest(to: name, in: candidates)))
            return .error
        case .record(let r):
            if let v = r[name] { return v }
            sink.report(
                .unknownMember(m.member.span, name, of: "record", suggestion: Suggest.closest(to: name, in: r.keys)))
            return .error
        case .component(let c):
            if let v = c.params[name] { return v }
            sink.report(
                .unknownMember(
                    m.member.span, name, of: c.name, suggestion: Suggest.closest(to: name, in: c.params.keys)))
            return .error
        case .group(let g):
            sink.report(
                .unknownMember(m.member.span, name, of: groups[g].name, suggestion: nil)
                    .with(
                        help:
                            "'\(groups[g].name)' is replicated; pick one with an index, as in '\(groups[g].name)[0].\(name)'"
                    ))
            return .error
        default:
            sink.report(.unknownMember(m.member.span, name, of: typeName(base), suggestion: nil))
            return .error
        }
    }

    private func evalIndex(_ x: IndexExpr, in scope: Scope) -> Value {
        let base = eval(x.base, in: scope, expecting: nil)
        let index = eval(x.index, in: scope, expecting: nil)
        if base.isError || index.isError { return .error }
        switch base {
        case .group(let g):
            ensureExpanded(g, usedAt: x.span)
            if let pos = position(of: index, in: g) { return .decl(groups[g].instances[pos]) }
            sink.report(
                .indexOutOfRange(
                    x.index.span, index: describe(index), of: groups[g].name,
                    valid: validIndices(groups[g].keys)))
            return .error
        case .list(let xs):
            guard case .int(let n) = index else {
                sink.report(.typeMismatch(x.index.span, expected: "Int", found: typeName(index)))
                return .error
            }
            guard n >= 0, n < xs.count else {
                sink.report(
                    .indexOutOfRange(
                        x.index.span, index: String(n), of: "list", valid: xs.isEmpty ? "none" : "0..<\(xs.count)"))
                return .error
            }
            return xs[n]
        default:
            sink.report(.notIndexable(x.base.span, typeName(base)))
            return .error
        }
    }

    /// The position of the replica of group `g` whose key is `key` (each field read on its
    /// own: a method of the group would copy it out of the array).
    private func position(of key: Value, in g: Int) -> Int? {
        if let k0 = groups[g].firstKey {
            guard case .int(let k) = key, k >= k0 else { return nil }
            let (offset, overflow) = k.subtractingReportingOverflow(k0)
            return !overflow && offset < groups[g].instances.count ? offset : nil
        }
        return groups[g].keyIndex[key]
    }

    private func validIndices(_ keys: [Value]) -> String {
        if keys.isEmpty { return "none" }
        if case .int(let a) = keys.first!, case .int(let b) = keys.last!,
            b.subtractingReportingOverflow(a) == (keys.count - 1, false)
        {
            return "\(a)...\(b)"
        }
        return keys.prefix(5).map(describe).joined(separator: ", ") + (keys.count > 5 ? ", …" : "")
    }
}
