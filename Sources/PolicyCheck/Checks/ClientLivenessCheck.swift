import KFLang

/// Proves that every client reaches its federation's server on the server's port.
///
/// Fails when: for some client, no server of its federation is reachable on its port through
/// both layers (KF3010) — as happened silently with the seed operator's `isolation: false`.
package enum ClientLivenessCheck: ModelCheck {
    /// The rule id.
    package static let id = "client-liveness"

    /// `run`.
    package static func run(_ ctx: CheckContext) -> [Finding] {
        let m = ctx.model
        var limiter = FindingLimiter(max: ctx.maxExamples)
        for f in ctx.federations where !f.servers.isEmpty {
            // Each server's port, read once from its template (not once per client).
            let ports = f.servers.map { Federation.port(of: m.endpoints[$0], in: m) }
            for c in f.clients.sorted() {
                var reached = false
                var best: (FlowVerdict, Int, Int)?
                for (k, s) in f.servers.enumerated() {
                    guard let port = ports[k] else { reached = true; break }
                    let v = m.flow(from: c, to: s, mode: .must)
                    if v.ports.contains(.tcp, port) { reached = true; break }
                    if best == nil { best = (v, s, port) }
                }
                guard !reached, let (v, s, port) = best else { continue }
                let client = m.endpoints[c], server = m.endpoints[s]
                var d = Diagnostic.clientCannotReachServer(
                    client: client.name, server: server.name, port: port, at: ctx.span(of: client))
                d.notes.append(
                    "path: \(Counterexample.describe(client, m)) -> \(Counterexample.describe(server, m)) on TCP:\(port)"
                )
                for layer in Layer.allCases {
                    let lv = layer == .kubeOVN ? v.kubeOVN : v.networkPolicy
                    if lv.ports.contains(.tcp, port) { continue }
                    d.notes.append(
                        "\(layer.rawValue) blocks it: "
                            + blocker(layer, client: client, server: server, port: port, m: m))
                    d.helps.append(
                        layer == .kubeOVN
                            ? "admit the client's block in the allowSubnets of the server's subnet (and the server's block in the client's)"
                            : "allow TCP:\(port) from the client in a NetworkPolicy selecting the server, and to the server in one selecting the client"
                    )
                }
                limiter.add(Finding(d, rule: id, subject: ctx.subject(client)), kind: f.name)
            }
        }
        return limiter.findings()
    }

    /// Why a layer blocks the flow, in words, with locations.
    private static func blocker(_ layer: Layer, client: Endpoint, server: Endpoint, port: Int, m: NetworkModel)
        -> String
    {
        switch layer {
        case .kubeOVN:
            guard let cf = client.interfaces.first, let sf = server.interfaces.first else {
                return "the pods have no subnet"
            }
            let cs = m.subnets[cf.subnet], ss = m.subnets[sf.subnet]
            if cs.vpc != ss.vpc {
                return "client subnet '\(cs.name)' is in Vpc '\(cs.vpc)', server subnet '\(ss.name)' in Vpc '\(ss.vpc)'"
            }
            if ss.cidrText == "unknown" { return "server subnet '\(ss.name)' is not defined in these manifests" }
            if ss.isPrivate {
                let allowed = ([ss.cidrText] + ss.allowSubnets.map(\.text)).joined(separator: ", ")
                let loc = ss.object.map { " (\(m.objects[$0].location(at: ["spec", "allowSubnets"])))" } ?? ""
                return "subnet '\(ss.name)' is private and admits only \(allowed), not \(cf.address)\(loc)"
            }
            return "ACLs of subnet '\(cs.name)' or '\(ss.name)' drop it"
        case .networkPolicy:
            let eg = m.egressPolicies[client.id].map { "'\(m.policies[$0].name)'" }
            let ing = m.ingressPolicies[server.id].map { "'\(m.policies[$0].name)'" }
            var parts: [String] = []
            if !eg.isEmpty { parts.append("egress of the client is limited by \(eg.joined(separator: ", "))") }
            if !ing.isEmpty { parts.append("ingress of the server is limited by \(ing.joined(separator: ", "))") }
            return (parts.isEmpty ? "no rule admits it" : parts.joined(separator: "; "))
                + ", and no rule admits TCP:\(port)"
        }
    }
}
