import KFLang

/// Turns a flow verdict into the notes and labels of a failed proof: the path, and every rule
/// of each layer that lets the flow through, with its manifest location and `.kf` origin.
package enum Counterexample {
    /// Adds the counterexample of `v` to `d`; the primary label moves to the first rule with a location.
    package static func annotate(_ d: Diagnostic, _ v: FlowVerdict, layers: Set<Layer>, ctx: CheckContext) -> Diagnostic
    {
        var d = d
        let m = ctx.model
        d.notes.append(
            "path: \(describe(m.endpoints[v.source], m)) -> \(describe(m.endpoints[v.destination], m)) on \(v.ports(layers))"
        )
        var moved = false
        for layer in Layer.allCases where layers.contains(layer) {
            let lv = layer == .kubeOVN ? v.kubeOVN : v.networkPolicy
            for r in lv.rules {
                var line = "\(layer.rawValue) lets it through: \(m.describe(r)) (\(m.location(of: r))"
                if let o = r.object, let kf = m.objects[o].kfOrigin { line += ", from \(kf)" }
                d.notes.append(line + ")")
                if let span = ctx.span(of: r) {
                    if !moved, let p = d.primary {
                        d.primary = DiagnosticLabel(span, p.text)
                        moved = true
                    } else if span.file == d.primary?.span.file, span != d.primary?.span {
                        d.secondary.append(DiagnosticLabel(span, "\(layer.rawValue) rule"))
                    }
                }
            }
        }
        return d
    }

    /// `'ns/name' (subnet 'x' 10.0.0.0/24)` or `the internet`.
    package static func describe(_ e: Endpoint, _ m: NetworkModel) -> String {
        if e.kind == .internet { return "the internet" }
        if e.hostNetwork { return "'\(e.name)' (host network)" }
        let ifs = e.interfaces.map { "subnet '\(m.subnets[$0.subnet].name)' \($0.address)" }
        return "'\(e.name)' (\(ifs.joined(separator: "; ")))"
    }
}
