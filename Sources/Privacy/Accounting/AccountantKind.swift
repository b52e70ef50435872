/// Which accountant answers ε queries.
package enum AccountantKind: String, ClosedStringEnum {
    /// For messages.
    package static let noun = "accountant"

    /// Rényi DP with the improved conversion (fast; the default).
    case rdp
    /// Privacy-loss distribution, pessimistic discretisation (tighter, slower).
    case pld

    /// The accountant of this kind; `orders` are the Rényi orders of `rdp`.
    package func accountant(orders: [Double] = RDPAccountant.defaultOrders) -> any PrivacyAccountant {
        switch self {
        case .rdp: return RDPAccountant(orders: orders)
        case .pld: return PLDAccountant()
        }
    }
}
