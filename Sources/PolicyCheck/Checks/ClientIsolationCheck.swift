import KFLang

/// Proves that no client of any federation reaches another client, in both layers.
///
/// Fails when: some pod labelled `kfc.dev/role: client` can open a connection to a pod of a
/// different client (KF3011), or only one of the two layers blocks such a flow (KF3014,
/// an error under `--strict`).
package enum ClientIsolationCheck: ModelCheck {
    /// The rule id.
    package static let id = "client-isolation"

    /// `run`.
    package static func run(_ ctx: CheckContext) -> [Finding] {
        let m = ctx.model
        let clients = ctx.federations.flatMap(\.clients)
        guard !clients.isEmpty else { return [] }
        let search = SourceSearch(model: m, pool: clients)
        // Each endpoint's client identity, built once: the search asks for it of every candidate.
        let identities = m.endpoints.map { "\($0.federation ?? "")/\($0.clientID ?? "#\($0.id)")" }
        var limiter = FindingLimiter(max: ctx.maxExamples)
        for d in clients.sorted() {
            let me = identities[d]
            let other: (Int) -> Bool = { identities[$0] != me }
            let dst = m.endpoints[d]
            if let v = search.first(to: d, layers: [.kubeOVN, .networkPolicy], accept: other) {
                let base = Diagnostic.clientReachesClient(
                    source: m.endpoints[v.source].name, destination: dst.name,
                    ports: v.ports.description, at: ctx.span(of: dst))
                limiter.add(
                    Finding(
                        Counterexample.annotate(base, v, layers: [.kubeOVN, .networkPolicy], ctx: ctx),
                        rule: id, subject: ctx.subject(dst)), kind: "both")
                continue
            }
            for (open, blocking) in [(Layer.kubeOVN, Layer.networkPolicy), (.networkPolicy, .kubeOVN)] {
                guard let v = search.first(to: d, layers: Layers(open), accept: other) else { continue }
                let flow = "client '\(m.endpoints[v.source].name)' -> client '\(dst.name)'"
                let base = Diagnostic.singleLayer(
                    flow: flow, open: open.rawValue, blocking: blocking.rawValue, strict: ctx.strict,
                    at: ctx.span(of: dst))
                limiter.add(
                    Finding(
                        Counterexample.annotate(base, v, layers: Layers(open), ctx: ctx), rule: "defence-in-depth",
                        subject: ctx.subject(dst)), kind: "only-\(blocking.rawValue)")
            }
        }
        return limiter.findings()
    }
}
