import KFLang

extension Evaluator {
    func evalUnary(_ u: UnaryExpr, in scope: Scope, expecting expected: KType?) -> Value {
        let v = eval(u.operand, in: scope, expecting: u.op == .not ? .bool : expected)
        switch (u.op, v) {
        case (_, .error): return .error
        case (.not, .bool(let b)): return .bool(!b)
        case (.negate, .int(let n)):
            guard n != .min else { sink.report(.overflow(u.span)); return .error }
            return .int(-n)
        case (.negate, .float(let d)): return .float(-d)
        case (.negate, .cpu(let n)), (.negate, .memory(let n)), (.negate, .duration(let n)):
            guard n != .min else { sink.report(.overflow(u.span)); return .error }
            return v.withQuantityBase(-n)
        case (.negate, .ambiguousM(let x)): return .ambiguousM(-x)
        default:
            sink.report(.typeMismatch(u.operand.span, expected: u.op == .not ? "Bool" : "a number", found: typeName(v)))
            return .error
        }
    }

    func evalBinary(_ b: BinaryExpr, in scope: Scope, expecting expected: KType?) -> Value {
        if b.op == .and || b.op == .or {
            let l = eval(b.lhs, in: scope, expecting: .bool)
            guard case .bool(let lv) = l else { return boolError(l, b.lhs.span) }
            if (b.op == .and && !lv) || (b.op == .or && lv) { return .bool(lv) }
            let r = eval(b.rhs, in: scope, expecting: .bool)
            guard case .bool(let rv) = r else { return boolError(r, b.rhs.span) }
            return .bool(rv)
        }
        let hint: KType? = b.op.isComparison ? nil : expected
        var l = eval(b.lhs, in: scope, expecting: hint)
        // `90s + 1m`: a unit on the right is read in the kind of the left operand.
        let rightHint: KType? =
            switch l {
            case .duration: .duration
            case .memory: .memory
            case .cpu: .cpu
            default: hint
            }
        var r = eval(b.rhs, in: scope, expecting: rightHint)
        if l.isError || r.isError { return .error }
        (l, r) = (l.settled(next: r), r.settled(next: l))
        // A plain number next to a quantity takes the quantity's unit (`cpu + 1` is one core).
        (l, r) = (promote(l, like: r, op: b.op), promote(r, like: l, op: b.op))
        if b.op.isComparison { return compare(l, r, b) }
        if let v = arithmetic(l, r, b) { return v }
        if !aborted, l != .error {
            sink.report(
                .typeMismatch(
                    b.opSpan, expected: "operands that support '\(b.op.rawValue)'",
                    found: "\(typeName(l)) \(b.op.rawValue) \(typeName(r))"))
        }
        return .error
    }

    private func boolError(_ v: Value, _ span: Span) -> Value {
        if !v.isError { sink.report(.typeMismatch(span, expected: "Bool", found: typeName(v))) }
        return .error
    }

    private func promote(_ v: Value, like other: Value, op: BinaryOperator) -> Value {
        guard op == .add || op == .subtract || op.isComparison else { return v }
        switch (v, other) {
        case (.int(let n), .cpu):
            let (m, overflow) = n.multipliedReportingOverflow(by: 1000)
            return overflow ? v : .cpu(m)
        case (.float(let d), .cpu):
            let r = (d * 1000).rounded()
            return r.isFinite && abs(r) < 9.2e18 ? .cpu(Int(r)) : v
        case (.int(let n), .memory): return .memory(n)
        case (.int(let n), .float): return .float(Double(n))
        default: return v
        }
    }

    private func compare(_ l: Value, _ r: Value, _ b: BinaryExpr) -> Value {
        if b.op == .equal { return .bool(l == r) }
        if b.op == .notEqual { return .bool(l != r) }
        let ord: Int?
        switch (l, r) {
        case (.int(let x), .int(let y)), (.cpu(let x), .cpu(let y)), (.memory(let x), .memory(let y)),
            (.duration(let x), .duration(let y)):
            ord = x < y ? -1 : (x == y ? 0 : 1)
        case (.float(let x), .float(let y)): ord = x < y ? -1 : (x == y ? 0 : 1)
        case (.int(let x), .float(let y)): ord = Double(x) < y ? -1 : (Double(x) == y ? 0 : 1)
        case (.string(let x), .string(let y)): ord = x < y ? -1 : (x == y ? 0 : 1)
        case (.ip(let x), .ip(let y)): ord = x < y ? -1 : (x == y ? 0 : 1)
        default: ord = nil
        }
        guard let ord else {
            sink.report(
                .typeMismatch(
                    b.opSpan, expected: "two values of one ordered type",
                    found: "\(typeName(l)) \(b.op.rawValue) \(typeName(r))"))
            return .error
        }
        switch b.op {
        case .less: return .bool(ord < 0)
        case .lessEqual: return .bool(ord <= 0)
        case .greater: return .bool(ord > 0)
        default: return .bool(ord >= 0)
        }
    }

    private func intOp(_ x: Int, _ y: Int, _ b: BinaryExpr) -> Int? {
        let r: (Int, Bool)
        switch b.op {
        case .add: r = x.addingReportingOverflow(y)
        case .subtract: r = x.subtractingReportingOverflow(y)
        case .multiply: r = x.multipliedReportingOverflow(by: y)
        case .divide, .remainder:
            if y == 0 { sink.report(.divisionByZero(b.rhs.span)); return nil }
            r = b.op == .divide ? x.dividedReportingOverflow(by: y) : x.remainderReportingOverflow(dividingBy: y)
        default: return nil
        }
        if r.1 { sink.report(.overflow(b.span)); return nil }
        return r.0
    }

    /// Arithmetic; nil when the operands do not support the operator (not yet reported), or
    /// `.error` when it failed and was reported.
    private func arithmetic(_ l: Value, _ r: Value, _ b: BinaryExpr) -> Value? {
        func wrap(_ f: (Int) -> Value, _ n: Int?) -> Value { n.map(f) ?? .error }
        switch (l, r) {
        case (.int(let x), .int(let y)): return wrap(Value.int, intOp(x, y, b))
        case (.float, .float), (.int, .float), (.float, .int):
            let x = l.asDouble!, y = r.asDouble!
            switch b.op {
            case .add: return .float(x + y)
            case .subtract: return .float(x - y)
            case .multiply: return .float(x * y)
            case .divide:
                if y == 0 { sink.report(.divisionByZero(b.rhs.span)); return .error }
                return .float(x / y)
            default: return nil
            }
        case (.string(let x), .string(let y)) where b.op == .add:
            // Checked before building, so a doubling chain never allocates past the limit.
            let bytes = x.utf8.count + y.utf8.count
            guard bytes <= Self.maxStringBytes else {
                sink.report(
                    .valueTooLarge(b.span, what: "a string of \(bytes) bytes", limit: "\(Self.maxStringBytes) bytes"))
                return .error
            }
            return sized(.string(x + y), b.span)
        case (.list(let x), .list(let y)) where b.op == .add:
            guard x.count + y.count <= Self.maxListElements else {
                sink.report(
                    .valueTooLarge(
                        b.span, what: "a list of \(x.count + y.count) elements",
                        limit: "\(Self.maxListElements) elements"))
                return .error
            }
            return sized(.list(x + y), b.span)
        case (.cpu(let x), .cpu(let y)) where b.op == .add || b.op == .subtract: return wrap(Value.cpu, intOp(x, y, b))
        case (.memory(let x), .memory(let y)) where b.op == .add || b.op == .subtract:
            return wrap(Value.memory, intOp(x, y, b))
        case (.duration(let x), .duration(let y)) where b.op == .add || b.op == .subtract:
            return wrap(Value.duration, intOp(x, y, b))
        case (.cpu(let x), .cpu(let y)) where b.op == .divide, (.memory(let x), .memory(let y)) where b.op == .divide,
            (.duration(let x), .duration(let y)) where b.op == .divide:
            if y == 0 { sink.report(.divisionByZero(b.rhs.span)); return .error }
            return .float(Double(x) / Double(y))
        case (.cpu, .int), (.cpu, .float), (.memory, .int), (.memory, .float), (.duration, .int), (.duration, .float),
            (.int, .cpu), (.float, .cpu), (.int, .memory), (.float, .memory), (.int, .duration), (.float, .duration):
            guard b.op == .multiply || (b.op == .divide && r.asDouble != nil) else { return nil }
            let (q, k) = l.asDouble == nil ? (l, r.asDouble!) : (r, l.asDouble!)
            if b.op == .divide && k == 0 { sink.report(.divisionByZero(b.rhs.span)); return .error }
            let factor = b.op == .divide ? 1 / k : k
            guard let base = q.quantityBase else { return nil }
            guard let scaled = checkedInt(Double(base) * factor, at: b.span) else { return .error }
            return q.withQuantityBase(scaled)
        default: return nil
        }
    }

    // MARK: - Quantities

    /// Nanoseconds per duration unit.
    private static let durationUnits: [String: Double] = [
        "ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9, "m": 60e9, "h": 3600e9, "d": 86400e9,
    ]

    /// Bytes per memory unit.
    private static let memoryUnits: [String: Double] = [
        "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18,
        "Ki": 1024, "Mi": 1_048_576, "Gi": 1_073_741_824, "Ti": 1_099_511_627_776,
        "Pi": 1_125_899_906_842_624, "Ei": 1_152_921_504_606_846_976,
    ]

    /// Interprets a number with a unit by the type the context expects.
    func evalQuantity(_ q: QuantityLiteralExpr, expecting expected: KType?) -> Value {
        let durations = Self.durationUnits
        let memory = Self.memoryUnits
        func make(_ f: (Int) -> Value, _ factor: Double) -> Value {
            return checkedInt(q.value * factor, at: q.span).map(f) ?? .error
        }
        switch expected?.unwrapped {
        case .cpu?:
            if q.unit == "m" { return make(Value.cpu, 1) }
            sink.report(
                .wrongUnit(
                    q.span, unit: q.unit, expected: "CPU", help: "write cores ('2', '0.5') or millicores ('500m')"))
            return .error
        case .memory?:
            if let f = memory[q.unit] { return make(Value.memory, f) }
            sink.report(
                .wrongUnit(
                    q.span, unit: q.unit, expected: "Memory", help: "write bytes with Ki, Mi, Gi, Ti (or k, M, G, T)"))
            return .error
        case .duration?:
            if let f = durations[q.unit] { return make(Value.duration, f) }
            sink.report(.wrongUnit(q.span, unit: q.unit, expected: "Duration", help: "write ns, us, ms, s, m, h or d"))
            return .error
        default:
            if q.unit == "m" {
                // Either reading must fit: minutes in nanoseconds are the larger.
                guard checkedInt(q.value * 60e9, at: q.span) != nil else { return .error }
                return .ambiguousM(q.value)
            }
            if let f = durations[q.unit] { return make(Value.duration, f) }
            if let f = memory[q.unit] { return make(Value.memory, f) }
            sink.report(
                .wrongUnit(
                    q.span, unit: q.unit, expected: "CPU, Memory or Duration",
                    help: "CPU takes 'm', memory Ki/Mi/Gi, durations s/m/h"))
            return .error
        }
    }
}

extension Value {
    var asDouble: Double? {
        switch self {
        case .int(let n): Double(n)
        case .float(let d): d
        default: nil
        }
    }

    var quantityBase: Int? {
        switch self {
        case .cpu(let n), .memory(let n), .duration(let n): n
        default: nil
        }
    }

    func withQuantityBase(_ n: Int) -> Value {
        switch self {
        case .cpu: .cpu(n)
        case .memory: .memory(n)
        case .duration: .duration(n)
        default: self
        }
    }
}
