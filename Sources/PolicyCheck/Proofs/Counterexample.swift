import KFLang

/// Turns a flow verdict into the notes and labels of a failed proof: the path, and every rule
/// of each layer that lets the flow through, with its manifest location and `.kf` origin.
package enum Counterexample {
    /// Adds the counterexample of `v` to `d`; the primary label moves to the first rule with a location.
    package static func annotate(_ d: Diagnostic, _ v: FlowVerdict, layers: Layers, ctx: CheckContext) -> Diagnostic {
        var d = d
        var moved = false
        for (line, rule) in explain(v, layers: layers, ctx: ctx) {
            d.notes.append(line)
            guard let (layer, r) = rule, let span = ctx.span(of: r) else { continue }
            if !moved, let p = d.primary {
                d.primary = DiagnosticLabel(span, p.text)
                moved = true
            } else if span.file == d.primary?.span.file, span != d.primary?.span {
                d.secondary.append(DiagnosticLabel(span, "\(layer.rawValue) rule"))
            }
        }
        return d
    }

    /// The lines of `v`'s counterexample: the path, then every rule of each layer that lets the
    /// flow through, with its manifest location and `.kf` origin (and the rule itself).
    package static func explain(_ v: FlowVerdict, layers: Layers, ctx: CheckContext) -> [(
        String, (Layer, RuleRef)?
    )] {
        let m = ctx.model
        var out: [(String, (Layer, RuleRef)?)] = [
            (
                "path: \(describe(m.endpoints[v.source], m)) -> \(describe(m.endpoints[v.destination], m)) on \(v.ports(layers))",
                nil
            )
        ]
        for layer in layers.members {
            let lv = layer == .kubeOVN ? v.kubeOVN : v.networkPolicy
            for r in lv.rules {
                var line = "\(layer.rawValue) lets it through: \(m.describe(r)) (\(m.location(of: r))"
                if let o = r.object, let kf = m.objects[o].kfOrigin { line += ", from \(kf)" }
                out.append((line + ")", (layer, r)))
            }
        }
        return out
    }

    /// One counterexample to a requirement: what happens, how, and what would fix it.
    package struct Case: Sendable {
        /// One line: what breaks the requirement.
        package var summary: String
        /// The path and the rules that allow it.
        package var details: [String]
        /// How to fix it, when known.
        package var help: String?
        /// Creates a value from its parts.
        package init(summary: String, details: [String] = [], help: String? = nil) {
            self.summary = summary
            self.details = details
            self.help = help
        }
        /// A case for a flow that should not exist.
        package init(_ summary: String, _ v: FlowVerdict, layers: Layers, ctx: CheckContext, help: String?) {
            self.init(summary: summary, details: explain(v, layers: layers, ctx: ctx).map(\.0), help: help)
        }
    }

    /// `'ns/name' (subnet 'x' 10.0.0.0/24)` or `the internet`.
    package static func describe(_ e: Endpoint, _ m: NetworkModel) -> String {
        if e.kind == .internet { return "the internet" }
        if e.hostNetwork { return "'\(e.name)' (host network)" }
        let ifs = e.interfaces.map { "subnet '\(m.subnets[$0.subnet].name)' \($0.address)" }
        return "'\(e.name)' (\(ifs.joined(separator: "; ")))"
    }
}
