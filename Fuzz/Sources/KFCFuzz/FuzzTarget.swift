/// One fuzzed surface of kfc.
package enum FuzzTarget: String, CaseIterable, Sendable {
    /// The lexer and parser, and the rendering of their diagnostics.
    case parse
    /// The whole `kfc check` pipeline on one file: compile, then the policy pass.
    case check
    /// The formatter: idempotent and preserving the syntax tree.
    case fmt
    /// The YAML reader behind `kfc verify` and `kfc import`, and both readers on top of it.
    case yaml
    /// jq rules: the refusal scan, compilation, and the decoding of a confined run's results.
    case jq
    /// The run-plan decoder and its validation.
    case plan
    /// The IR decoder, its validation, and the policy pass and back ends on a valid IR.
    case ir
    /// The CSV loader behind `kfc run` and `kfc data`.
    case csv
    /// What the distributed runtime checks in a peer's messages: announced shapes and counts,
    /// and the reassembly of streamed parameters.
    case wire

    /// Runs the target on one input; traps when a property that must hold for every input fails.
    package func run(_ bytes: [UInt8]) {
        switch self {
        case .parse: ParseTarget.run(bytes)
        case .check: CheckTarget.run(bytes)
        case .fmt: FormatTarget.run(bytes)
        case .yaml: YAMLTarget.run(bytes)
        case .jq: JQTarget.run(bytes)
        case .plan: PlanTarget.run(bytes)
        case .ir: IRTarget.run(bytes)
        case .csv: CSVTarget.run(bytes)
        case .wire: WireTarget.run(bytes)
        }
    }
}
