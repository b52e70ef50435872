import KFLang

/// Proves that no pod reaches the internet unless its zone declares egress.
///
/// Fails when: a pod in a proved namespace can open a connection to a public address through
/// both layers while its subnet has no `kfc.dev/egress` annotation (KF3012), or only one
/// layer stops it (KF3014, an error under `--strict`).
package enum InternetEgressCheck: ModelCheck {
    /// The rule id.
    package static let id = "no-internet"

    /// `run`.
    package static func run(_ ctx: CheckContext) -> [Finding] {
        let m = ctx.model
        var limiter = FindingLimiter(max: ctx.maxExamples)
        for ns in ctx.provedNamespaces {
            for p in m.byNamespace[ns] ?? [] {
                let e = m.endpoints[p]
                if e.interfaces.contains(where: { !m.subnets[$0.subnet].declaredEgress.isEmpty }) { continue }
                let v = m.flow(from: p, to: m.internet, mode: .may)
                if !v.ports.isEmpty {
                    let base = Diagnostic.reachesInternet(pod: e.name, ports: v.ports.description, at: ctx.span(of: e))
                    var d = Counterexample.annotate(base, v, layers: [.kubeOVN, .networkPolicy], ctx: ctx)
                    d.helps.append(
                        "declare egress on the zone (annotation 'kfc.dev/egress' on its Subnet), or remove the route out"
                    )
                    limiter.add(Finding(d, rule: id, subject: ctx.subject(e)), kind: "both")
                    continue
                }
                for (open, blocking) in [(Layer.kubeOVN, Layer.networkPolicy), (.networkPolicy, .kubeOVN)] {
                    guard !v.ports(Layers(open)).isEmpty else { continue }
                    let base = Diagnostic.singleLayer(
                        flow: "'\(e.name)' -> the internet", open: open.rawValue,
                        blocking: blocking.rawValue, strict: ctx.strict, at: ctx.span(of: e))
                    limiter.add(
                        Finding(
                            Counterexample.annotate(base, v, layers: Layers(open), ctx: ctx), rule: "defence-in-depth",
                            subject: ctx.subject(e)), kind: "only-\(blocking.rawValue)")
                }
            }
        }
        return limiter.findings()
    }
}
