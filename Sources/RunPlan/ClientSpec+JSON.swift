/// A client entry written as `JSONEncoder` writes it inside a plan's `clients` array (sorted
/// keys, pretty-printed at depth 2), for `RunPlan.encoded()`.
extension ClientSpec {
    /// Whether `appendJSON(to:)` writes this client: every string is printable ASCII without a
    /// quote or a backslash (nothing to escape) and every number is finite.
    package var isWrittenDirectly: Bool {
        let doubles = [dataset.evalFraction, train.lr, train.momentum, train.weightDecay, samplingRate ?? 0]
        return [id, dataset.path, dataset.label, dataset.format.rawValue].allSatisfy(Self.needsNoEscape)
            && doubles.allSatisfy(\.isFinite) && dataset.scaling.numbers.allSatisfy(\.isFinite)
    }

    private static func needsNoEscape(_ s: String) -> Bool {
        s.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
    }

    /// Appends the entry, from its opening brace (indented) to its closing brace (no line
    /// break after). Only for clients that are `isWrittenDirectly`.
    func appendJSON(to out: inout [UInt8]) {
        var w = JSONLines(out: out)
        out = []
        w.open(depth: 2, key: nil)
        w.open(depth: 3, key: "dataset")
        w.field(depth: 4, "eval_fraction", Self.number(dataset.evalFraction))
        w.field(depth: 4, "format", Self.string(dataset.format.rawValue))
        w.field(depth: 4, "label", Self.string(dataset.label))
        w.field(depth: 4, "path", Self.string(dataset.path))
        if let records = dataset.records { w.field(depth: 4, "records", String(records)) }
        w.open(depth: 4, key: "scaling")
        switch dataset.scaling {
        case .none: w.field(depth: 5, "kind", Self.string("none"))
        case .divide(let by):
            w.field(depth: 5, "by", Self.number(by))
            w.field(depth: 5, "kind", Self.string("divide"))
        case .affine(let scale, let shift):
            w.field(depth: 5, "kind", Self.string("affine"))
            w.field(depth: 5, "scale", Self.number(scale))
            w.field(depth: 5, "shift", Self.number(shift))
        case .minmax: w.field(depth: 5, "kind", Self.string("minmax"))
        case .standardize: w.field(depth: 5, "kind", Self.string("standardize"))
        }
        w.close(depth: 4)
        w.close(depth: 3)
        w.field(depth: 3, "id", Self.string(id))
        if let samplingRate { w.field(depth: 3, "sampling_rate", Self.number(samplingRate)) }
        if let stepsPerRound { w.field(depth: 3, "steps_per_round", String(stepsPerRound)) }
        w.open(depth: 3, key: "train")
        w.field(depth: 4, "batch", String(train.batch))
        w.field(depth: 4, "epochs", String(train.epochs))
        w.field(depth: 4, "lr", Self.number(train.lr))
        w.field(depth: 4, "momentum", Self.number(train.momentum))
        w.field(depth: 4, "weight_decay", Self.number(train.weightDecay))
        w.close(depth: 3)
        w.close(depth: 2)
        out = w.out
    }

    /// A finite double as JSONEncoder writes it: its shortest round-trip form, without `.0`.
    static func number(_ d: Double) -> String {
        var s = d.description
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s
    }

    private static func string(_ s: String) -> String { "\"" + s + "\"" }
}

extension Scaling {
    /// The numbers of the scaling.
    var numbers: [Double] {
        switch self {
        case .divide(let by): return [by]
        case .affine(let scale, let shift): return [scale, shift]
        case .none, .minmax, .standardize: return []
        }
    }
}

/// Pretty-printed JSON lines: two spaces per depth, `"key" : value`, a comma before every
/// member but the first of its object.
private struct JSONLines {
    var out: [UInt8]
    /// Whether the object being written has a member yet, per depth.
    private var hasMember: [Bool] = []

    init(out: [UInt8]) { self.out = out }

    private mutating func member(depth: Int, key: String?) {
        if let last = hasMember.indices.last {
            if hasMember[last] { out += ",".utf8 }
            hasMember[last] = true
            out.append(UInt8(ascii: "\n"))
        }
        out += repeatElement(UInt8(ascii: " "), count: 2 * depth)
        if let key {
            out.append(UInt8(ascii: "\""))
            out += key.utf8
            out += "\" : ".utf8
        }
    }

    mutating func open(depth: Int, key: String?) {
        member(depth: depth, key: key)
        out.append(UInt8(ascii: "{"))
        hasMember.append(false)
    }

    mutating func field(depth: Int, _ key: String, _ value: String) {
        member(depth: depth, key: key)
        out += value.utf8
    }

    mutating func close(depth: Int) {
        hasMember.removeLast()
        out.append(UInt8(ascii: "\n"))
        out += repeatElement(UInt8(ascii: " "), count: 2 * depth)
        out.append(UInt8(ascii: "}"))
    }
}
