import KFLang

/// Diagnostics of what a federation's pods run: a Flower app (docs/flower.md) and the images, sorted by code.
extension Diagnostic {
    /// KF1029: a `model` or `strategy` on a federation that runs a Flower app.
    static func flowerOwnsField(_ span: Span, field: String, flower: Span) -> Diagnostic {
        Diagnostic(
            code: "KF1029", message: "a Flower federation has no '\(field)'",
            primary: DiagnosticLabel(span, "the Flower app decides this"),
            secondary: [DiagnosticLabel(flower, "the federation runs this Flower app")],
            notes: ["the app's ServerApp and ClientApp define the model and the strategy"],
            helps: ["remove '\(field)', or pass its settings to the app in the flower block's 'config'"])
    }

    /// KF1030: example-level privacy on a federation that runs a Flower app.
    static func flowerNeedsClientLevelPrivacy(_ span: Span, fixable: Bool) -> Diagnostic {
        let d = Diagnostic(
            code: "KF1030", message: "a Flower federation's privacy must be client-level",
            primary: DiagnosticLabel(span, "example-level DP-SGD runs inside kfc's executor"),
            notes: [
                "kfc makes the Flower app's ServerApp add the noise (server-side fixed clipping): one client's update is the unit"
            ],
            helps: fixable ? [] : ["write 'unit: client'"])
        return fixable ? d.with(fixIt: FixIt(title: "protect each client", span: span, replacement: "client")) : d
    }

    /// KF1031: a Flower federation with privacy that samples a fraction of its clients.
    static func flowerSampledPrivacy(_ span: Span, fraction: String) -> Diagnostic {
        Diagnostic(
            code: "KF1031", message: "a Flower federation with privacy must train on every client each round",
            primary: DiagnosticLabel(span, "Flower samples ⌊\(fraction) × clients⌋ without replacement"),
            notes: [
                "kfc accounts client-level DP with Poisson sampling (each client independently with probability q); Flower's fixed-size sample is not that mechanism, so the amplification would not hold"
            ],
            helps: []
        ).with(fixIt: FixIt(title: "train on every client", span: span, replacement: "1.0"))
    }

    /// KF1032: `evaluation: charged` on a Flower federation.
    static func flowerChargedEvaluation(_ span: Span, fixable: Bool) -> Diagnostic {
        let d = Diagnostic(
            code: "KF1032", message: "a Flower federation cannot charge its clients' evaluation",
            primary: DiagnosticLabel(span, "the release is kfc's executor's"),
            notes: [
                "a Flower app's client-side evaluate sends its metrics without noise; kfc passes 'fraction-evaluate = 0.0' so that no client evaluates"
            ],
            helps: fixable ? [] : ["write 'evaluation: withheld'"])
        return fixable ? d.with(fixIt: FixIt(title: "withhold evaluation", span: span, replacement: "withheld")) : d
    }

    /// KF1033: a client or server field that a Flower federation does not use.
    static func flowerIgnoresField(_ span: Span, field: String, flower: Span) -> Diagnostic {
        let (note, help) =
            switch field {
            case "budget":
                (
                    "with a tighter budget kfc would prove this client's spend with noise of its own, which the Flower app's one noise multiplier does not add",
                    "remove it; bound the spend with the federation's 'privacy' or the dataset's 'budget'"
                )
            case "timeout":
                (
                    "kfc's executor closes a round at its timeout; the Flower app's strategy decides when a round ends",
                    "remove 'timeout', or pass it to the app in the flower block's 'config'"
                )
            case "train":
                (
                    "the Flower app's ClientApp trains",
                    "remove 'train', or pass its settings in the flower block's 'config'"
                )
            default:
                (
                    "the SuperLink and SuperNodes run the flower block's image",
                    "remove 'image'; to run another build of the app, change the flower block's 'image'"
                )
            }
        return Diagnostic(
            code: "KF1033", message: "a Flower federation does not use '\(field)'",
            primary: DiagnosticLabel(span, "would be ignored"),
            secondary: [DiagnosticLabel(flower, "the federation runs this Flower app")],
            notes: [note], helps: [help])
    }

    /// KF2032: a run-config value of a Flower app that is not a number, a Bool or a String, or
    /// a Float that is not finite.
    static func flowerConfigValue(_ span: Span, key: String, found: String) -> Diagnostic {
        Diagnostic(
            code: "KF2032", message: "run-config value '\(key)' is \(found)",
            primary: DiagnosticLabel(span, "not an Int, a finite Float, a Bool or a String"),
            notes: ["Flower's run config holds TOML scalars only"],
            helps: ["pass a scalar, e.g. a String the app parses"])
    }

    /// KF2039: an image reference no kubelet could pull (a federation's server, client or Flower image).
    static func invalidImage(_ span: Span, _ image: String) -> Diagnostic {
        Diagnostic(
            code: "KF2039", message: "\(StringLiteral.quote(image)) is not an image reference",
            primary: DiagnosticLabel(span, image.isEmpty ? "empty" : "has whitespace or a control character"),
            notes: ["the kubelet would fail to pull it after the manifests are applied"],
            helps: ["write a reference such as 'registry.example.com/team/app:1.0' or one pinned by digest"])
    }
}
