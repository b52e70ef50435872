/// What one unit of privacy protects, which decides the mechanism that is accounted.
package enum PrivacyUnit: String, ClosedStringEnum {
    /// For messages.
    package static let noun = "privacy unit"

    /// No differential privacy.
    case none
    /// Example-level DP-SGD: one record of a client's data; each client samples its own rows.
    case example
    /// Client-level DP-FedAvg: a client's whole dataset; the server samples clients.
    case client
}
