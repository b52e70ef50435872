/// A closed set of names, decoded strictly: an unknown name is an error that says which names
/// are allowed, never a fallback. The privacy types and the run plan's enums conform.
package protocol ClosedStringEnum: RawRepresentable, CaseIterable, Codable, Sendable where RawValue == String {
    /// What the names name, for messages: `privacy unit`.
    static var noun: String { get }
}

extension ClosedStringEnum {
    /// The allowed names, in declaration order.
    package static var names: [String] { allCases.map(\.rawValue) }

    /// The message for an unknown `name`: `unknown privacy unit 'x' (allowed: 'none', 'example', 'client')`.
    package static func unknown(_ name: String) -> String {
        "unknown \(noun) '\(name)' (allowed: \(names.map { "'\($0)'" }.joined(separator: ", ")))"
    }

    /// Decodes a name; an unknown one throws `DecodingError.dataCorrupted` with `unknown(_:)`.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let name = try c.decode(String.self)
        guard let value = Self(rawValue: name) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: Self.unknown(name))
        }
        self = value
    }
}
