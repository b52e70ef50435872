import X509

/// How a client's identity is written in its certificate: one URI subject alternative name,
/// `kfc://<federation>/clients/<id>`, so a certificate names both the client and the federation
/// it belongs to.
package enum ClientIdentity {
    /// The URI scheme of identity names.
    package static let scheme = "kfc"

    /// The identity URI of client `id` of `federation`.
    package static func uri(federation: String, client: String) -> String {
        "\(scheme)://\(federation)/clients/\(client)"
    }

    /// The (federation, client) a URI names, or nil if it is not an identity URI.
    package static func parse(_ uri: String) -> (federation: String, client: String)? {
        let prefix = "\(scheme)://"
        guard uri.hasPrefix(prefix) else { return nil }
        let parts = uri.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1] == "clients", !parts[0].isEmpty, !parts[2].isEmpty else { return nil }
        return (String(parts[0]), String(parts[2]))
    }

    /// The identities a certificate's subject alternative names carry.
    package static func identities(of certificate: Certificate) -> [(federation: String, client: String)] {
        guard let names = try? certificate.extensions.subjectAlternativeNames else { return [] }
        return names.compactMap { name in
            if case .uniformResourceIdentifier(let uri) = name { return parse(uri) }
            return nil
        }
    }
}
