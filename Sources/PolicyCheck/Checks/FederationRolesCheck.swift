import KFLang

/// Checks that every federation the labels name has a server.
///
/// Fails when: pods carry `kfc.dev/role: client` and a `kfc.dev/federation` that no pod with
/// `kfc.dev/role: server` shares (KF3015); liveness cannot be proved without one.
package enum FederationRolesCheck: ModelCheck {
    /// The rule id.
    package static let id = "federation-roles"

    /// `run`.
    package static func run(_ ctx: CheckContext) -> [Finding] {
        ctx.federations.filter { $0.servers.isEmpty && !$0.clients.isEmpty }.map { f in
            let e = ctx.model.endpoints[f.clients.min()!]
            return Finding(.federationWithoutServer(f.name, at: ctx.span(of: e)), rule: id, subject: ctx.subject(e))
        }
    }
}
