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
        w.numberField(depth: 4, "eval_fraction", dataset.evalFraction)
        w.stringField(depth: 4, "format", dataset.format.rawValue)
        w.stringField(depth: 4, "label", dataset.label)
        w.stringField(depth: 4, "path", dataset.path)
        if let records = dataset.records { w.field(depth: 4, "records", String(records)) }
        w.open(depth: 4, key: "scaling")
        switch dataset.scaling {
        case .none: w.stringField(depth: 5, "kind", "none")
        case .divide(let by):
            w.numberField(depth: 5, "by", by)
            w.stringField(depth: 5, "kind", "divide")
        case .affine(let scale, let shift):
            w.stringField(depth: 5, "kind", "affine")
            w.numberField(depth: 5, "scale", scale)
            w.numberField(depth: 5, "shift", shift)
        case .minmax: w.stringField(depth: 5, "kind", "minmax")
        case .standardize: w.stringField(depth: 5, "kind", "standardize")
        }
        w.close(depth: 4)
        w.close(depth: 3)
        w.stringField(depth: 3, "id", id)
        if let samplingRate { w.numberField(depth: 3, "sampling_rate", samplingRate) }
        if let stepsPerRound { w.field(depth: 3, "steps_per_round", String(stepsPerRound)) }
        w.open(depth: 3, key: "train")
        w.field(depth: 4, "batch", String(train.batch))
        w.field(depth: 4, "epochs", String(train.epochs))
        w.numberField(depth: 4, "lr", train.lr)
        w.numberField(depth: 4, "momentum", train.momentum)
        w.numberField(depth: 4, "weight_decay", train.weightDecay)
        w.close(depth: 3)
        w.close(depth: 2)
        out = w.out
    }
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

    // Bytes are appended one by one: appending a string's UTF-8 view or a repeated element
    // goes through a generic call each (a plan of 10,000 clients makes 360,000 members).
    private mutating func member(depth: Int, key: String?) {
        if let last = hasMember.indices.last {
            if hasMember[last] { out.append(UInt8(ascii: ",")) }
            hasMember[last] = true
            out.append(UInt8(ascii: "\n"))
        }
        indent(depth)
        if let key {
            out.append(UInt8(ascii: "\""))
            out += key.utf8
            out.append(UInt8(ascii: "\""))
            out.append(UInt8(ascii: " "))
            out.append(UInt8(ascii: ":"))
            out.append(UInt8(ascii: " "))
        }
    }

    private mutating func indent(_ depth: Int) {
        for _ in 0..<(2 * depth) { out.append(UInt8(ascii: " ")) }
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

    /// A string member, quoted (the caller checked it needs no escape).
    mutating func stringField(depth: Int, _ key: String, _ value: String) {
        member(depth: depth, key: key)
        out.append(UInt8(ascii: "\""))
        out += value.utf8
        out.append(UInt8(ascii: "\""))
    }

    /// A finite double as JSONEncoder writes it: its shortest round-trip form, without `.0`.
    mutating func numberField(depth: Int, _ key: String, _ value: Double) {
        member(depth: depth, key: key)
        var text = value.description
        text.withUTF8 { b in
            let dotZero = b.count >= 2 && b[b.count - 2] == UInt8(ascii: ".") && b[b.count - 1] == UInt8(ascii: "0")
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[..<(dotZero ? b.count - 2 : b.count)]))
        }
    }

    mutating func close(depth: Int) {
        hasMember.removeLast()
        out.append(UInt8(ascii: "\n"))
        indent(depth)
        out.append(UInt8(ascii: "}"))
    }
}
