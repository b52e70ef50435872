import KFLang

/// Checks that no pod joins several private subnets.
///
/// Fails when: a pod has interfaces (primary and Multus) in two or more private subnets
/// (KF3022, warning): it bridges subnets that were meant to be isolated, like the seed's
/// `multi_interface.yaml` server pod on `nw1`..`nw10`.
package enum MultiHomedPodCheck: ModelCheck {
    /// The rule id.
    package static let id = "multi-homed-pod"

    /// `run`.
    package static func run(_ ctx: CheckContext) -> [Finding] {
        let m = ctx.model
        return m.endpoints.compactMap { e in
            guard e.interfaces.count > 1 else { return nil }
            let priv = e.interfaces.filter { m.subnets[$0.subnet].isPrivate }.map { m.subnets[$0.subnet].name }
            guard Set(priv).count > 1, let o = e.workloads.first else { return nil }
            let span = m.objects[o].span(at: e.templatePath + ["metadata", "annotations"])
            return Finding(.multiHomed(e.name, subnets: priv, at: span), rule: id, subject: ctx.subject(e))
        }
    }
}
