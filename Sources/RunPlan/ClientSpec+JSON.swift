/// A client entry written as `JSONEncoder` writes it inside a plan's `clients` array (sorted
/// keys, pretty-printed at depth 2), for `RunPlan.encoded()`.
extension ClientSpec {
    /// Whether `appendJSON(to:)` writes this client: every string is printable ASCII without a
    /// quote or a backslash (nothing to escape) and every number is finite.
    package var isWrittenDirectly: Bool {
        // Field by field: arrays of the strings and numbers were two allocations a client.
        Self.needsNoEscape(id) && Self.needsNoEscape(dataset.path) && Self.needsNoEscape(dataset.label)
            && Self.needsNoEscape(dataset.format.rawValue) && dataset.evalFraction.isFinite && train.lr.isFinite
            && train.momentum.isFinite && train.weightDecay.isFinite && (samplingRate ?? 0).isFinite
            && dataset.scaling.numbers.allSatisfy(\.isFinite)
    }

    private static func needsNoEscape(_ s: String) -> Bool {
        s.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
    }

    /// Appends the entry, from its opening brace (indented) to its closing brace (no line
    /// break after). Only for clients that are `isWrittenDirectly`. `numbers` keeps the text
    /// of the numbers written before: a plan's clients mostly share theirs.
    func appendJSON(to out: inout [UInt8], numbers: inout JSONNumbers) {
        var w = JSONLines(out: out, numbers: numbers)
        defer { numbers = w.numbers }
        out = []
        w.open(K.entry)
        w.open(K.dataset)
        w.numberField(K.evalFraction, dataset.evalFraction)
        w.stringField(K.format, dataset.format.rawValue)
        w.stringField(K.label, dataset.label)
        w.stringField(K.path, dataset.path)
        if let records = dataset.records { w.field(K.records, String(records)) }
        w.open(K.scaling)
        switch dataset.scaling {
        case .none: w.stringField(K.kind, "none")
        case .divide(let by):
            w.numberField(K.by, by)
            w.stringField(K.kind, "divide")
        case .affine(let scale, let shift):
            w.stringField(K.kind, "affine")
            w.numberField(K.scale, scale)
            w.numberField(K.shift, shift)
        case .minmax: w.stringField(K.kind, "minmax")
        case .standardize: w.stringField(K.kind, "standardize")
        }
        w.close(depth: 4)
        w.close(depth: 3)
        w.stringField(K.id, id)
        if let samplingRate { w.numberField(K.samplingRate, samplingRate) }
        if let stepsPerRound { w.field(K.stepsPerRound, String(stepsPerRound)) }
        w.open(K.train)
        w.field(K.batch, String(train.batch))
        w.field(K.epochs, String(train.epochs))
        w.numberField(K.lr, train.lr)
        w.numberField(K.momentum, train.momentum)
        w.numberField(K.weightDecay, train.weightDecay)
        w.close(depth: 3)
        w.close(depth: 2)
        out = w.out
    }
}

/// The members of a client entry, each its line start made once (`JSONKey`).
private enum K {
    static let entry = JSONKey(depth: 2, nil)
    static let dataset = JSONKey(depth: 3, "dataset")
    static let evalFraction = JSONKey(depth: 4, "eval_fraction")
    static let format = JSONKey(depth: 4, "format")
    static let label = JSONKey(depth: 4, "label")
    static let path = JSONKey(depth: 4, "path")
    static let records = JSONKey(depth: 4, "records")
    static let scaling = JSONKey(depth: 4, "scaling")
    static let kind = JSONKey(depth: 5, "kind")
    static let by = JSONKey(depth: 5, "by")
    static let scale = JSONKey(depth: 5, "scale")
    static let shift = JSONKey(depth: 5, "shift")
    static let id = JSONKey(depth: 3, "id")
    static let samplingRate = JSONKey(depth: 3, "sampling_rate")
    static let stepsPerRound = JSONKey(depth: 3, "steps_per_round")
    static let train = JSONKey(depth: 3, "train")
    static let batch = JSONKey(depth: 4, "batch")
    static let epochs = JSONKey(depth: 4, "epochs")
    static let lr = JSONKey(depth: 4, "lr")
    static let momentum = JSONKey(depth: 4, "momentum")
    static let weightDecay = JSONKey(depth: 4, "weight_decay")
}

/// A member's line start: a line break, two spaces per depth and `"key" : ` (no key for an
/// array's element), appended in one go.
private struct JSONKey {
    let bytes: [UInt8]

    init(depth: Int, _ key: String?) {
        var b: [UInt8] = [UInt8(ascii: "\n")] + Array(repeating: UInt8(ascii: " "), count: 2 * depth)
        if let key { b += Array("\"\(key)\" : ".utf8) }
        bytes = b
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

/// The text of the last numbers written, by bit pattern: formatting a double is a thousand
/// instructions, and a plan's clients mostly share their learning rate, momentum, fractions
/// and sampling rate.
package struct JSONNumbers {
    private var entries: [(bits: UInt64, text: [UInt8])] = []
    private var next = 0
    private static let capacity = 8

    /// Remembers nothing.
    package init() {}

    /// `value`'s JSON text (its shortest round-trip form, without `.0`), handed to `body`.
    mutating func withText<R>(of value: Double, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let bits = value.bitPattern
        if let i = entries.firstIndex(where: { $0.bits == bits }) {
            return entries[i].text.withUnsafeBufferPointer(body)
        }
        var text = value.description
        let bytes = text.withUTF8 { b in
            let dotZero = b.count >= 2 && b[b.count - 2] == UInt8(ascii: ".") && b[b.count - 1] == UInt8(ascii: "0")
            return Array(b[..<(dotZero ? b.count - 2 : b.count)])
        }
        if entries.count < Self.capacity {
            entries.append((bits, bytes))
        } else {
            entries[next] = (bits, bytes)
            next = (next + 1) % Self.capacity
        }
        return bytes.withUnsafeBufferPointer(body)
    }
}

/// Pretty-printed JSON lines: two spaces per depth, `"key" : value`, a comma before every
/// member but the first of its object.
private struct JSONLines {
    var out: [UInt8]
    var numbers: JSONNumbers
    /// Whether the object being written has a member yet, one bit per open object (the
    /// innermost lowest): a client's entry nests five deep.
    private var hasMember: UInt64 = 0
    private var open = 0

    init(out: [UInt8], numbers: JSONNumbers) {
        self.out = out
        self.numbers = numbers
    }

    private mutating func member(_ key: JSONKey) {
        key.bytes.withUnsafeBufferPointer { b in
            if open > 0 {
                if hasMember & 1 == 1 { out.append(UInt8(ascii: ",")) }
                hasMember |= 1
                out.append(contentsOf: b)
            } else {
                // The first line of the entry: no line break before it.
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b.dropFirst()))
            }
        }
    }

    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 64)

    private mutating func append(_ s: String) {
        if let done: Void = s.utf8.withContiguousStorageIfAvailable({ out.append(contentsOf: $0) }) { return done }
        out += s.utf8
    }

    private mutating func indent(_ depth: Int) {
        let n = min(2 * depth, Self.spaces.count)
        Self.spaces.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<n])) }
    }

    mutating func open(_ key: JSONKey) {
        member(key)
        out.append(UInt8(ascii: "{"))
        precondition(open < 64, "JSON nested beyond 64 objects")
        hasMember <<= 1
        open += 1
    }

    mutating func field(_ key: JSONKey, _ value: String) {
        member(key)
        append(value)
    }

    /// A string member, quoted (the caller checked it needs no escape).
    mutating func stringField(_ key: JSONKey, _ value: String) {
        member(key)
        out.append(UInt8(ascii: "\""))
        append(value)
        out.append(UInt8(ascii: "\""))
    }

    /// A finite double as JSONEncoder writes it: its shortest round-trip form, without `.0`.
    mutating func numberField(_ key: JSONKey, _ value: Double) {
        member(key)
        numbers.withText(of: value) { out.append(contentsOf: $0) }
    }

    mutating func close(depth: Int) {
        hasMember >>= 1
        open -= 1
        out.append(UInt8(ascii: "\n"))
        indent(depth)
        out.append(UInt8(ascii: "}"))
    }
}
