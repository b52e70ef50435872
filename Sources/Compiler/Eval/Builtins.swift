import KFLang

/// The built-in functions, always in scope (a `let` of the same name shadows them).
///
/// `len(x)`, `min(a, b, …)`/`min(list)`, `max(…)`, `range(n)`/`range(a, b)`, `carve(pool,
/// prefix, index)` (the `index`-th block of size `/prefix` in `pool`), `host(cidr, n)` (the
/// `n`-th address of a block), and the dataset helpers `csv(label:)`, `parquet(label:)`,
/// `divide(by)` and `affine(scale:shift:)`.
enum Builtins {
    static let names = ["len", "min", "max", "range", "carve", "host", "csv", "parquet", "divide", "affine"]
}

extension Evaluator {
    func evalCall(_ c: CallExpr, in scope: Scope, expecting expected: KType?) -> Value {
        let callee = eval(c.callee, in: scope, expecting: nil)
        switch callee {
        case .error: return .error
        case .builtin(let name): return callBuiltin(name, c, in: scope)
        default: break
        }
        // A component named directly is instantiated with the call's arguments.
        if case .identifier(let id) = c.callee, case .component(let k)? = scope.lookup(id.name) {
            return instantiate(k, arguments: c.arguments, in: scope, span: c.span)
        }
        if case .member(let m) = c.callee, case .module(let mod) = eval(m.base, in: scope, expecting: nil),
            case .component(let k)? = moduleScopes[mod].own(m.member.name)?.0
        {
            return instantiate(k, arguments: c.arguments, in: scope, span: c.span)
        }
        if case .component(let cv) = callee,
            let k = components.firstIndex(where: { $0.category == cv.category && $0.name == cv.name })
        {
            return instantiate(k, arguments: c.arguments, in: scope, span: c.span)
        }
        sink.report(.notCallable(c.callee.span, typeName(callee)))
        return .error
    }

    /// Binds arguments to a component's parameters (its body's `let`s), defaults filled in.
    func instantiate(_ k: Int, arguments: [Argument], in scope: Scope?, span: Span) -> Value {
        let t = components[k]
        let params = t.syntax.body.items.compactMap { if case .letDecl(let d) = $0 { d } else { nil } }
        var given: [String: (Argument, Value)] = [:]
        for (pos, a) in arguments.enumerated() {
            let name: String
            if let label = a.label {
                guard params.contains(where: { $0.name.name == label.name }) else {
                    sink.report(
                        .badArgument(
                            label.span, "'\(t.name)' has no parameter '\(label.name)'",
                            suggestion: Suggest.closest(to: label.name, in: params.map(\.name.name))))
                    continue
                }
                name = label.name
            } else {
                guard pos < params.count else {
                    sink.report(
                        .badArgument(a.span, "'\(t.name)' takes \(params.count) parameters, found \(arguments.count)"))
                    continue
                }
                name = params[pos].name.name
            }
            if given[name] != nil {
                sink.report(.badArgument(a.span, "parameter '\(name)' is given twice"))
                continue
            }
            let type = params.first { $0.name.name == name }?.type.flatMap { resolveType($0, in: t.scope) }
            let v = eval(a.value, in: scope ?? t.scope, expecting: type)
            given[name] = (a, type.map { coerce(v, to: $0, at: a.value.span) } ?? v)
        }
        let inner = Scope(parent: t.scope)
        var out: [String: Value] = [:]
        for p in params {
            var v: Value
            if let g = given[p.name.name] {
                v = g.1
            } else {
                let type = p.type.flatMap { resolveType($0, in: t.scope) }
                v = eval(p.value, in: inner, expecting: type)
                if let type { v = coerce(v, to: type, at: p.value.span) }
            }
            inner.bind(p.name.name, .value(v, p.name.span), at: p.name.span)
            out[p.name.name] = v
        }
        if out.values.contains(where: \.isError) { return .error }
        return .component(ComponentValue(category: t.category, name: t.name, params: out))
    }

    private func callBuiltin(_ name: String, _ c: CallExpr, in scope: Scope) -> Value {
        let args = c.arguments.map { eval($0.value, in: scope, expecting: nil).settled() }
        if args.contains(where: \.isError) { return .error }
        func arity(_ n: ClosedRange<Int>) -> Bool {
            if n.contains(args.count) { return true }
            let count =
                n.lowerBound == n.upperBound
                ? "\(n.lowerBound)"
                : n.upperBound == .max ? "at least \(n.lowerBound)" : "\(n.lowerBound) to \(n.upperBound)"
            sink.report(
                .badArgument(
                    c.span, "'\(name)' takes \(count) argument\(n.upperBound == 1 ? "" : "s"), found \(args.count)"))
            return false
        }
        func int(_ i: Int) -> Int? {
            if case .int(let n) = args[i] { return n }
            sink.report(.typeMismatch(c.arguments[i].value.span, expected: "Int", found: typeName(args[i])))
            return nil
        }
        switch name {
        case "len":
            guard arity(1...1) else { return .error }
            switch args[0] {
            case .list(let xs): return .int(xs.count)
            case .string(let s): return .int(s.count)
            case .record(let r): return .int(r.count)
            case .group(let g): return .int(groups[g].instances.count)
            case .range(_?, _?, _):
                if let n = count(ofRange: args[0], at: c.span) { return .int(n) }
            case .range: _ = elements(of: args[0], at: c.span)
            default:
                sink.report(
                    .typeMismatch(
                        c.arguments[0].value.span, expected: "a list, string or replicated declaration",
                        found: typeName(args[0])))
            }
            return .error
        case "min", "max":
            guard arity(1...Int.max) else { return .error }
            var xs = args
            if args.count == 1, case .list(let l) = args[0] { xs = l }
            guard var best = xs.first else {
                sink.report(.badArgument(c.span, "'\(name)' of an empty list"))
                return .error
            }
            for x in xs.dropFirst() {
                guard let less = lessThan(x, best) else {
                    sink.report(
                        .typeMismatch(
                            c.span, expected: "values of one ordered type",
                            found: "\(typeName(best)) and \(typeName(x))"))
                    return .error
                }
                if less == (name == "min") && x != best { best = x }
            }
            return best
        case "range":
            guard arity(1...2) else { return .error }
            if args.count == 1 { return int(0).map { .range(lower: 0, upper: $0, closed: false) } ?? .error }
            guard let a = int(0), let b = int(1) else { return .error }
            return .range(lower: a, upper: b, closed: false)
        case "carve":
            guard arity(3...3), case .cidr(let pool) = args[0] else {
                if args.count == 3 {
                    sink.report(.typeMismatch(c.arguments[0].value.span, expected: "CIDR", found: typeName(args[0])))
                }
                return .error
            }
            guard let prefix = int(1), let index = int(2) else { return .error }
            let count = prefix >= pool.prefix && prefix <= 32 ? UInt64(1) << UInt64(prefix - pool.prefix) : 0
            guard index >= 0, UInt64(index) < count else {
                sink.report(
                    .indexOutOfRange(
                        c.arguments[2].value.span, index: String(index), of: "carve(\(pool), \(prefix))",
                        valid: count == 0 ? "none" : "0..<\(count)"))
                return .error
            }
            let size = UInt64(1) << UInt64(32 - prefix)
            return .cidr(
                CIDRBlock(base: IPv4Address(UInt32(UInt64(pool.first.value) + UInt64(index) * size)), prefix: prefix))
        case "host":
            guard arity(2...2), case .cidr(let block) = args[0] else {
                if args.count == 2 {
                    sink.report(.typeMismatch(c.arguments[0].value.span, expected: "CIDR", found: typeName(args[0])))
                }
                return .error
            }
            guard let n = int(1) else { return .error }
            guard n >= 0, UInt64(n) < block.size else {
                sink.report(
                    .indexOutOfRange(
                        c.arguments[1].value.span, index: String(n), of: block.description, valid: "0..<\(block.size)"))
                return .error
            }
            return .ip(block.address(UInt32(n)))
        case "csv", "parquet":
            var label = "label"
            for (a, v) in zip(c.arguments, args) {
                guard a.label == nil || a.label?.name == "label" else {
                    sink.report(
                        .badArgument(a.span, "'\(name)' has no parameter '\(a.label!.name)'", suggestion: "label"))
                    return .error
                }
                guard case .string(let s) = v else {
                    sink.report(.typeMismatch(a.value.span, expected: "String", found: typeName(v)))
                    return .error
                }
                label = s
            }
            return .component(ComponentValue(category: "format", name: name, params: ["label": .string(label)]))
        case "divide":
            guard arity(1...1) else { return .error }
            guard let v = args[0].asDouble, v > 0 else {
                sink.report(
                    .typeMismatch(c.arguments[0].value.span, expected: "a positive number", found: describe(args[0])))
                return .error
            }
            return .component(ComponentValue(category: "scaling", name: "divide", params: ["by": .float(v)]))
        case "affine":
            // `affine(scale, shift)`: scale × x + shift with public constants; labels are optional
            // and, when written, name the parameter in its place.
            guard arity(2...2) else { return .error }
            var values: [Double] = []
            for (i, (a, v)) in zip(c.arguments, args).enumerated() {
                let param = i == 0 ? "scale" : "shift"
                guard a.label == nil || a.label?.name == param else {
                    sink.report(
                        .badArgument(
                            a.span, "'affine' takes 'scale' then 'shift', not '\(a.label!.name)'", suggestion: param))
                    return .error
                }
                guard let x = v.asDouble, x.isFinite, i == 1 || x != 0 else {
                    sink.report(
                        .typeMismatch(
                            a.value.span, expected: i == 0 ? "a non-zero number" : "a finite number", found: describe(v)
                        ))
                    return .error
                }
                values.append(x)
            }
            return .component(
                ComponentValue(
                    category: "scaling", name: "affine",
                    params: ["scale": .float(values[0]), "shift": .float(values[1])]))
        default:
            return .error
        }
    }

    private func lessThan(_ a: Value, _ b: Value) -> Bool? {
        switch (a, b) {
        case (.int(let x), .int(let y)), (.cpu(let x), .cpu(let y)), (.memory(let x), .memory(let y)),
            (.duration(let x), .duration(let y)):
            x < y
        case (.float, .float), (.int, .float), (.float, .int): a.asDouble! < b.asDouble!
        case (.string(let x), .string(let y)): x < y
        default: nil
        }
    }
}
