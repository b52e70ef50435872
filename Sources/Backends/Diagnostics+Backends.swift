import Compiler
import KFLang
import RunPlan

/// Diagnostics of the back ends and of `kfc import` (KF5xxx), sorted by code.
extension Diagnostic {
    /// KF5001: a dataset mounted with hostPath makes its namespace leave the `restricted` standard.
    package static func hostPathLowersPodSecurity(dataset: String, namespace: String, at origin: IR.Origin?)
        -> Diagnostic
    {
        Diagnostic(
            code: "KF5001", severity: .warning,
            message:
                "dataset '\(dataset)' is mounted with hostPath, so namespace '\(namespace)' cannot enforce the 'restricted' pod security standard",
            primary: nil,
            notes: ["the namespace enforces 'privileged' and still warns and audits against 'restricted'"],
            helps: ["drop 'host_path' from the dataset to mount it through a local PersistentVolume"]
        ).with(location: origin?.location)
    }

    /// KF5002: an `FLDeployment` being imported has a field kfc does not know (a typo, most often).
    package static func unknownLegacyField(_ span: Span?, path: String, suggestion: String?) -> Diagnostic {
        let d = Diagnostic(
            code: "KF5002", message: "unknown field '\(path)' in the FLDeployment",
            primary: span.map { DiagnosticLabel($0, "not a field of the FLDeployment CRD") },
            helps: suggestion == nil ? ["remove the field, or carry its meaning into the .kf file by hand"] : [])
        guard let suggestion else { return d }
        guard let span else { return d.with(help: "did you mean '\(suggestion)'?") }
        return d.with(fixIt: FixIt(title: "did you mean '\(suggestion)'?", span: span, replacement: suggestion))
    }

    /// KF5003: the file given to `kfc import` holds no `FLDeployment` kfc can read.
    package static func notAnFLDeployment(_ span: Span?, file: String, reason: String) -> Diagnostic {
        Diagnostic(
            code: "KF5003", message: "'\(file)' is not an FLDeployment: \(reason)",
            primary: span.map { DiagnosticLabel($0, "") },
            helps: ["kfc import reads documents with 'apiVersion: flwr.dev/v1' and 'kind: FLDeployment'"])
    }

    /// KF5004: a field of an `FLDeployment` has a value of the wrong type or out of range.
    package static func invalidLegacyValue(_ span: Span?, path: String, expected: String) -> Diagnostic {
        Diagnostic(
            code: "KF5004", message: "field '\(path)' of the FLDeployment must be \(expected)",
            primary: span.map { DiagnosticLabel($0, "expected \(expected)") },
            helps: ["fix the value in the FLDeployment and import it again"])
    }

    /// KF5005: a federation's noise is `auto` and was not solved before emitting its plan.
    package static func unsolvedNoise(federation: String, at origin: IR.Origin?) -> Diagnostic {
        Diagnostic(
            code: "KF5005", severity: .warning,
            message:
                "the noise of federation '\(federation)' is 'auto' but was not solved; its plan has noise multiplier 0",
            primary: nil,
            notes: [
                "the budget proof solves 'noise: auto'; an executor given noise 0 cannot stay inside a finite budget"
            ],
            helps: ["build through 'kfc build' with the policy pass, or set 'noise' to a number in the privacy block"]
        ).with(location: origin?.location)
    }

    /// KF5006: a dataset's format is one the executor cannot read.
    package static func unsupportedDatasetFormat(dataset: String, format: String, at origin: IR.Origin?) -> Diagnostic {
        Diagnostic(
            code: "KF5006", severity: .warning,
            message: "dataset '\(dataset)' has format '\(format)', which the executor cannot read; its plan says csv",
            primary: nil,
            notes: ["kfc's executor reads CSV files with a header row and a label column"],
            helps: ["convert the data to CSV and declare 'format: csv(label: \"…\")'"]
        ).with(location: origin?.location)
    }

    /// KF5007: a relative dataset path that would reach a PersistentVolume as it is.
    package static func relativeDatasetPath(dataset: String, path: String, at origin: IR.Origin?) -> Diagnostic {
        Diagnostic(
            code: "KF5007", message: "dataset '\(dataset)' has the relative path '\(path)'",
            primary: nil,
            notes: [
                "on a cluster a relative path names no folder of the node; only 'kfc run' resolves it, against the .kf file"
            ],
            helps: [
                "pass '--data-root DIR' (an absolute folder on the nodes) to 'kfc build', or write an absolute path"
            ]
        ).with(location: origin?.location)
    }

    /// KF5008: a field of an imported `FLDeployment` whose meaning the `.kf` file cannot carry; an
    /// error, or with `kfc import --lossy` a warning that says what the output lacks.
    package static func legacyFieldNotCarried(_ span: Span?, path: String, lacks: String, lossy: Bool) -> Diagnostic {
        if lossy {
            return Diagnostic(
                code: "KF5008", severity: .warning,
                message: "field '\(path)' of the FLDeployment is not carried over: the .kf file lacks \(lacks)",
                primary: span.map { DiagnosticLabel($0, "not carried over") },
                helps: ["carry its meaning into the .kf file by hand, or remove the field and import again"])
        }
        return Diagnostic(
            code: "KF5008", message: "field '\(path)' of the FLDeployment cannot be carried over",
            primary: span.map { DiagnosticLabel($0, "no kfc equivalent") },
            notes: ["the .kf file would lack \(lacks)"],
            helps: ["remove the field, or pass '--lossy' to import without it (a warning then says what is lost)"])
    }

    /// KF5010: a federation's model that the executor cannot build.
    package static func modelNotRunnable(federation: String, problem: String, at origin: IR.Origin?) -> Diagnostic {
        Diagnostic(
            code: "KF5010", message: "the model of federation '\(federation)' cannot be trained: \(problem)",
            primary: nil,
            notes: ["'kfc run' and 'kfc exec' refuse a plan with this model, so it is refused before anything runs"],
            helps: [
                "use 1 to \(ModelSpec.maxHiddenLayers) hidden layers of positive widths, a dropout in [0, 1) and l2 ≥ 0"
            ]
        ).with(location: origin?.location)
    }
}
