/// Feature scaling, encoded as `{"kind": "divide", "by": 16}`,
/// `{"kind": "affine", "scale": 0.0625, "shift": -0.5}`, `{"kind": "minmax"}`, ….
package enum Scaling: Codable, Sendable, Equatable {
    /// Features are used as read.
    case none
    /// Every feature is divided by a constant (e.g. 16 for 4-bit pixels).
    case divide(by: Double)
    /// Every feature is mapped to `scale × x + shift` with public constants (e.g. 1/16 and −0.5
    /// centre 4-bit pixels on 0). Unlike `minmax` and `standardize` it reads no statistic of the data.
    case affine(scale: Double, shift: Double)
    /// Each feature is mapped to [0, 1] with the client's training rows' minimum and maximum.
    case minmax
    /// Each feature is centred and divided by its standard deviation on the client's training rows.
    case standardize

    enum CodingKeys: String, CodingKey { case kind, by, scale, shift }

    /// The allowed `kind`s.
    package static let kinds = ["none", "divide", "affine", "minmax", "standardize"]

    /// Decodes `{"kind": …}`.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .kind) {
        case "none": self = .none
        case "divide": self = .divide(by: try c.decode(Double.self, forKey: .by))
        case "affine":
            self = .affine(
                scale: try c.decode(Double.self, forKey: .scale), shift: try c.decode(Double.self, forKey: .shift))
        case "minmax": self = .minmax
        case "standardize": self = .standardize
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: c,
                debugDescription:
                    "unknown scaling '\(other)' (allowed: \(Self.kinds.map { "'\($0)'" }.joined(separator: ", ")))")
        }
    }

    /// Encodes `{"kind": …}`.
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .none: try c.encode("none", forKey: .kind)
        case .divide(let by):
            try c.encode("divide", forKey: .kind)
            try c.encode(by, forKey: .by)
        case .affine(let scale, let shift):
            try c.encode("affine", forKey: .kind)
            try c.encode(scale, forKey: .scale)
            try c.encode(shift, forKey: .shift)
        case .minmax: try c.encode("minmax", forKey: .kind)
        case .standardize: try c.encode("standardize", forKey: .kind)
        }
    }
}
