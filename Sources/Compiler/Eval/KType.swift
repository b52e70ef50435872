/// A type of the language, as the checker uses it.
///
/// Declaration schemas, `let` annotations and component parameters are written in these types.
/// Refinements narrow `Int` and `Float` to a range (`Float(0 <.. 1)`, `Int(1...65535)`).
indirect enum KType: Sendable, Hashable, CustomStringConvertible {
    case int(Bounds?)
    case float(Bounds?)
    case bool
    case string
    case duration
    case cpu
    case memory
    case ip
    case cidr
    case list(KType)
    case optional(KType)
    /// A record with a fixed set of fields (the name is shown in messages).
    case record(RecordSchema)
    /// A record whose values all have one type (`labels: { role: "x" }`).
    case map(KType)
    /// One of a set of bare names, optionally also accepting a value of another type
    /// (`noise: auto | Float`).
    case choice(name: String, cases: [String], or: KType?)
    /// A reference to a declaration of this kind (`zone`, `node`, `dataset`).
    case ref(String)
    /// A component of this category (`model`, `strategy`, `format`, `scaling`).
    case component(String)
    /// A range of integers.
    case range
    /// Anything (built-in arguments that check themselves).
    case any

    /// `Port`: an `Int` in 1...65535.
    static let port = KType.int(Bounds(lower: 1, lowerOpen: false, upper: 65535, upperOpen: false))
    /// An `Int` of at least `n`.
    static func int(atLeast n: Double) -> KType {
        .int(Bounds(lower: n, lowerOpen: false, upper: nil, upperOpen: false))
    }
    /// A `Float` above 0.
    static let positive = KType.float(Bounds(lower: 0, lowerOpen: true, upper: nil, upperOpen: false))

    var description: String {
        switch self {
        case .int(let b): b.map { $0 == Bounds.port ? "Port" : "Int(\($0))" } ?? "Int"
        case .float(let b): b.map { "Float(\($0))" } ?? "Float"
        case .bool: "Bool"
        case .string: "String"
        case .duration: "Duration"
        case .cpu: "CPU"
        case .memory: "Memory"
        case .ip: "IP"
        case .cidr: "CIDR"
        case .list(let t): "[\(t)]"
        case .optional(let t): "\(t)?"
        case .record(let r): r.name
        case .map(let t): "{String: \(t)}"
        case .choice(let name, _, _): name
        case .ref(let k): "ref \(k)"
        case .component(let c): c
        case .range: "Range"
        case .any: "Any"
        }
    }

    /// The type without an optional wrapper.
    var unwrapped: KType { if case .optional(let t) = self { t.unwrapped } else { self } }
}

/// Bounds of a refinement: `lower (<)..(<) upper`; a nil bound is unbounded.
struct Bounds: Sendable, Hashable, CustomStringConvertible {
    var lower: Double?
    var lowerOpen: Bool
    var upper: Double?
    var upperOpen: Bool

    static let port = Bounds(lower: 1, lowerOpen: false, upper: 65535, upperOpen: false)

    /// Whether `x` satisfies the bounds.
    func contains(_ x: Double) -> Bool {
        if let l = lower, lowerOpen ? !(x > l) : !(x >= l) { return false }
        if let u = upper, upperOpen ? !(x < u) : !(x <= u) { return false }
        return true
    }

    var description: String {
        let l = lower.map(Self.format) ?? ""
        let u = upper.map(Self.format) ?? ""
        let op = lowerOpen ? (upperOpen ? "<..<" : "<..") : (upperOpen ? "..<" : "...")
        return l + op + u
    }

    static func format(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : "\(d)"
    }
}

/// The fields of a record type: names, types and defaults.
struct RecordSchema: Sendable, Hashable {
    /// Shown in messages (`Training`, `Resources`).
    var name: String
    var fields: [FieldSpec]

    /// The field called `name`.
    func field(_ name: String) -> FieldSpec? { fields.first { $0.name == name } }
}

/// One field of a schema.
struct FieldSpec: Sendable, Hashable {
    var name: String
    var type: KType
    /// How a missing field is filled in.
    var presence: Presence

    enum Presence: Sendable, Hashable {
        /// Must be written.
        case required
        /// May be omitted; the value is then `default`.
        case defaulted(Value)
        /// May be omitted; the compiler computes it from context (e.g. `hostname` = the name).
        case computed
    }

    init(_ name: String, _ type: KType, _ presence: Presence = .required) {
        self.name = name
        self.type = type
        self.presence = presence
    }
}
