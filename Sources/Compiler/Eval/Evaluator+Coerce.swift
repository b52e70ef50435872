import KFLang

extension Evaluator {
    /// Checks `v` against `type`, converting where the language allows (Int to Float, a plain
    /// number of cores to CPU, bytes to Memory). Reports and returns `.error` on a mismatch.
    func coerce(_ v: Value, to type: KType, at span: Span) -> Value {
        if v.isError { return .error }
        switch (type, v) {
        case (.any, _): return v
        case (.optional, .none): return .none
        case (.optional(let t), _): return coerce(v, to: t, at: span)
        case (.int(let b), .int(let n)):
            if let b, !b.contains(Double(n)) {
                if b == Bounds.port {
                    sink.report(.portOutOfRange(span, n))
                } else {
                    sink.report(.outOfRange(span, String(n), type: type.description))
                }
                return .error
            }
            return v
        case (.float(let b), .int), (.float(let b), .float):
            let d = v.asDouble!
            if let b, !b.contains(d) {
                sink.report(.outOfRange(span, describe(v), type: type.description))
                return .error
            }
            return .float(d)
        case (.cpu, .cpu), (.memory, .memory), (.duration, .duration), (.bool, .bool), (.string, .string),
            (.ip, .ip), (.cidr, .cidr), (.range, .range):
            return v
        case (.cpu, .ambiguousM), (.duration, .ambiguousM):
            return v.settled(next: type == .duration ? .duration(0) : nil)
        case (.cpu, .int(let n)):
            let (m, overflow) = n.multipliedReportingOverflow(by: 1000)
            if overflow { sink.report(.overflow(span)); return .error }
            return .cpu(m)
        case (.cpu, .float(let d)): return checkedInt(d * 1000, at: span).map(Value.cpu) ?? .error
        case (.memory, .int(let n)): return .memory(n)
        case (.list(let t), .list(let xs)):
            let out = xs.map { coerce($0, to: t, at: span) }
            return out.contains(where: \.isError) ? .error : .list(out)
        case (.record(let schema), .record(let r)):
            return coerceRecord(r, to: schema, at: span)
        case (.map(let t), .record(let r)):
            var out: [String: Value] = [:]
            for (k, x) in r { out[k] = coerce(x, to: t, at: span) }
            return .record(out)
        case (.choice(_, let cases, _), .enumCase(let c)) where cases.contains(c): return v
        case (.choice(_, _, let or?), _): return coerce(v, to: or, at: span)
        case (.ref(let kind), .decl(let i)):
            if instances[i].kind == kind { return v }
            sink.report(.wrongReference(span, expected: kind, found: instances[i].kind, name: instances[i].name))
            return .error
        case (.ref(let kind), .group(let g)):
            sink.report(
                .typeMismatch(
                    span, expected: "a \(kind)", found: "the replicated '\(groups[g].name)'",
                    note: "pick one with an index, as in '\(groups[g].name)[i]'"))
            return .error
        case (.component(let cat), .component(let c)) where c.category == cat: return v
        default:
            var d = Diagnostic.typeMismatch(span, expected: type.description, found: typeName(v))
            if let fix = Self.fixIt(for: v, expected: type, at: span) { d = d.with(fixIt: fix) }
            sink.report(d)
            return .error
        }
    }

    /// The likely fix of a literal of the wrong type: a quoted number unquoted, a unit added to
    /// a plain number where a duration is expected, `/32` added to an address where a CIDR is.
    /// Offered only when `span` is the literal itself (its length is the literal's), never for
    /// a value computed elsewhere or a field inside a record.
    static func fixIt(for v: Value, expected type: KType, at span: Span) -> FixIt? {
        let length = span.end - span.start
        switch (type, v) {
        case (.int, .string(let s)), (.float, .string(let s)), (.cpu, .string(let s)), (.memory, .string(let s)),
            (.duration, .string(let s)):
            guard length == s.utf8.count + 2, let first = s.first, first.isNumber || first == "." else { return nil }
            guard s.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" }) else { return nil }
            return FixIt(title: "remove the quotes", span: span, replacement: s)
        case (.duration, .int(let n)):
            guard length == String(n).utf8.count else { return nil }
            return FixIt(title: "add a unit: '\(n)s'", span: span, replacement: "\(n)s")
        case (.cidr, .ip(let a)):
            guard length == a.description.utf8.count else { return nil }
            return FixIt(title: "write the address as a block: '\(a)/32'", span: span, replacement: "\(a)/32")
        default: return nil
        }
    }

    private func coerceRecord(_ r: [String: Value], to schema: RecordSchema, at span: Span) -> Value {
        var out: [String: Value] = Dictionary(minimumCapacity: schema.fields.count)
        for (k, x) in r.sorted(by: { $0.key < $1.key }) {
            guard let spec = schema.field(k) else {
                sink.report(
                    .unknownField(
                        span, k, on: schema.name, suggestion: Suggest.closest(to: k, in: schema.fields.map(\.name))))
                continue
            }
            out[k] = coerce(x, to: spec.type, at: span)
        }
        for spec in schema.fields where out[spec.name] == nil && r[spec.name] == nil {
            switch spec.presence {
            case .required: sink.report(.missingField(span, spec.name, on: schema.name, type: spec.type.description))
            case .defaulted(let d): out[spec.name] = d
            case .computed: break
            }
        }
        return .record(out)
    }

    /// `d` rounded to an Int, or nil (reported as KF2019) when it is not finite or too large.
    func checkedInt(_ d: Double, at span: Span) -> Int? {
        let r = d.rounded()
        guard r.isFinite, abs(r) < 9.2e18 else {
            sink.report(.overflow(span))
            return nil
        }
        return Int(r)
    }

    /// The type of a value, as shown in messages.
    func typeName(_ v: Value) -> String {
        switch v {
        case .int: "Int"
        case .float: "Float"
        case .bool: "Bool"
        case .string: "String"
        case .duration: "Duration"
        case .cpu: "CPU"
        case .memory: "Memory"
        case .ambiguousM: "CPU or Duration"
        case .ip: "IP"
        case .cidr: "CIDR"
        case .list(let xs): xs.first.map { "[\(typeName($0))]" } ?? "an empty list"
        case .record: "a record"
        case .range: "Range"
        case .decl(let i): "\(instances[i].kind) '\(instances[i].name)'"
        case .group(let g): "the replicated \(groups[g].kind) '\(groups[g].name)'"
        case .component(let c): "\(c.category) '\(c.name)'"
        case .enumCase(let c): "'\(c)'"
        case .builtin(let b): "the function '\(b)'"
        case .module(let m): "the module '\(modules[m].displayName)'"
        case .none: "none"
        case .error: "an invalid value"
        }
    }

    /// A short text of a value for messages.
    func describe(_ v: Value) -> String {
        switch v {
        case .string(let s): "\"\(s)\""
        default: interpolated(v) ?? typeName(v)
        }
    }

    /// The text of a value inside a string interpolation, or nil when it has none.
    func interpolated(_ v: Value) -> String? {
        switch v {
        case .int(let n): String(n)
        case .float(let d): Self.format(d)
        case .bool(let b): String(b)
        case .string(let s): s
        case .cpu(let n): n % 1000 == 0 ? String(n / 1000) : "\(n)m"
        case .memory(let n): Self.formatBytes(n)
        case .ambiguousM(let x): "\(Self.format(x))m"
        case .duration(let n): Self.formatDuration(n)
        case .ip(let a): a.description
        case .cidr(let c): c.description
        case .enumCase(let c): c
        case .decl(let i): instances[i].name
        default: nil
        }
    }

    static func format(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
        return "\(d)"
    }

    static func formatBytes(_ n: Int) -> String {
        for (u, f) in [
            ("Ei", 1 << 60), ("Pi", 1 << 50), ("Ti", 1 << 40), ("Gi", 1 << 30), ("Mi", 1 << 20), ("Ki", 1 << 10),
        ]
        where n != 0 && n % f == 0 {
            return "\(n / f)\(u)"
        }
        return String(n)
    }

    static func formatDuration(_ ns: Int) -> String {
        for (u, f) in [
            ("d", 86_400_000_000_000), ("h", 3_600_000_000_000), ("m", 60_000_000_000), ("s", 1_000_000_000),
            ("ms", 1_000_000), ("us", 1000),
        ]
        where ns != 0 && ns % f == 0 {
            return "\(ns / f)\(u)"
        }
        return "\(ns)ns"
    }

    // MARK: - Types

    /// The type a `TypeRef` names, or nil after reporting.
    func resolveType(_ t: TypeRef, in scope: Scope) -> KType? {
        switch t {
        case .missing: return nil
        case .named(let n):
            let name = n.path.map(\.name).joined(separator: ".")
            if let k = Schema.namedTypes[name] { return k }
            // `models.Model`: a type named through a module binding.
            if n.path.count == 2, case .module? = scope.lookup(n.path[0].name),
                let k = Schema.namedTypes[n.path[1].name]
            {
                return k
            }
            sink.report(.unknownType(n.span, name, suggestion: Suggest.closest(to: name, in: Schema.namedTypes.keys)))
            return nil
        case .list(let l): return resolveType(l.element, in: scope).map { .list($0) }
        case .optional(let o): return resolveType(o.wrapped, in: scope).map { .optional($0) }
        case .refined(let r):
            guard let base = resolveType(r.base, in: scope) else { return nil }
            guard case .range(let re) = r.constraint else {
                sink.report(
                    .typeMismatch(
                        r.constraint.span, expected: "a range such as '1...65535'", found: "another expression"))
                return nil
            }
            var bound: [Double?] = []
            for x in [re.lower, re.upper] {
                guard let x else { bound.append(nil); continue }
                let v = eval(x, in: scope, expecting: nil)
                guard let d = v.asDouble else {
                    if !v.isError { sink.report(.typeMismatch(x.span, expected: "a number", found: typeName(v))) }
                    return nil
                }
                bound.append(d)
            }
            let b = Bounds(lower: bound[0], lowerOpen: re.lowerOpen, upper: bound[1], upperOpen: !re.closed)
            switch base {
            case .int: return .int(b)
            case .float: return .float(b)
            default:
                sink.report(.typeMismatch(r.base.span, expected: "Int or Float to refine", found: base.description))
                return nil
            }
        }
    }
}
