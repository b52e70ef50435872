import KFLang

/// A value computed by the evaluator.
///
/// Quantities are exact integers in their base unit (CPU in millicores, memory in bytes,
/// durations in nanoseconds), so arithmetic and comparison across units never round.
/// `.error` stands for a value whose computation already failed and was diagnosed: every
/// operation on it yields `.error` again without a further diagnostic.
enum Value: Sendable, Hashable {
    case int(Int)
    case float(Double)
    case bool(Bool)
    case string(String)
    /// Nanoseconds.
    case duration(Int)
    /// Millicores.
    case cpu(Int)
    /// `5m` written where nothing says whether it is CPU (millicores) or a Duration (minutes);
    /// it becomes one or the other where it is used.
    case ambiguousM(Double)
    /// Bytes.
    case memory(Int)
    case ip(IPv4Address)
    case cidr(CIDRBlock)
    case list([Value])
    /// Fields by name (encoded sorted).
    case record([String: Value])
    /// An integer range: `lower..<upper` or `lower...upper`; a missing bound is open.
    case range(lower: Int?, upper: Int?, closed: Bool)
    /// One declaration instance (`lab.edge[3]`).
    case decl(Int)
    /// A declaration group, replicated or not (`lab.edge`).
    case group(Int)
    /// A model, strategy or other component with its bound parameters.
    indirect case component(ComponentValue)
    /// A bare enum case such as `example`, `rdp` or `auto`.
    case enumCase(String)
    /// A built-in function such as `len`.
    case builtin(String)
    /// An imported module (`import std/models` binds `models`).
    case module(Int)
    /// The absent optional.
    case none
    /// Already diagnosed.
    case error

    /// An ambiguous `m` quantity settled next to `other` (a Duration makes it minutes).
    func settled(next other: Value? = nil) -> Value {
        guard case .ambiguousM(let x) = self else { return self }
        if case .duration? = other { return .duration(Int((x * 60e9).rounded())) }
        return .cpu(Int(x.rounded()))
    }

    /// Whether the value is `.error`.
    var isError: Bool { if case .error = self { true } else { false } }

    /// The integers of a range, or nil when it is open above or below.
    var rangeElements: [Int]? {
        guard case .range(let lo, let hi, let closed) = self, let lo, let hi else { return nil }
        let end = closed ? hi : hi - 1
        return end < lo ? [] : Array(lo...end)
    }
}

/// A component value: `mlp(hidden: [32])` after binding its arguments.
struct ComponentValue: Sendable, Hashable {
    /// `model`, `strategy`, …
    var category: String
    /// `mlp`, `fedavg`, …
    var name: String
    /// Every parameter, defaults filled in.
    var params: [String: Value]
}
