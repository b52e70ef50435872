import Compiler
import Foundation
import KFLang
import PolicyCheck

/// `kfc budget FILE.kf`: each dataset's lifetime budget, the ε that every federation reading it
/// spends together (composed by the budget proof, with the readers' accountants), and the
/// headroom left, as a table on stdout or with `--format json` one JSON document with the
/// diagnostics. The budget proof's findings (KF30xx) are reported as `kfc check` reports them.
struct DatasetBudgets {
    let ctx: Context
    let compile: CompileOptions
    let format: OutputFormat
    let color: ColorMode

    /// One dataset's line.
    struct Row: Equatable {
        var name: String
        var budget: Double?
        var delta: Double?
        var spent: Double
        var readers: [String]
        /// budget − spent, nil without a budget.
        var headroom: Double? { budget.map { $0 - spent } }
    }

    func run(_ file: String) throws -> Int32 {
        let sink = DiagnosticSink()
        let session = CompileSession(ctx: ctx, options: compile)
        let (sources, deployments) = try session.compile([file], sink: sink)
        var rows: [Row] = []
        for d in deployments {
            let result = PrivacyBudgetCheck.prove(d, measureAll: true) { sources.span(at: $0.location) }
            sink.report(contentsOf: result.diagnostics)
            rows += Self.rows(d, spent: result.datasetEpsilon)
        }
        let options = try GlobalOptions.parse(["--format", format.rawValue, "--color", color.rawValue])
        let printer = DiagnosticPrinter(ctx: ctx, options: options, command: "kfc budget")
        if format == .json {
            return printer.finish(sink, sources: sources, extra: ["datasets": rows.map(Self.json)])
        }
        if !deployments.isEmpty { ctx.out(Self.table(rows)) }
        return printer.finish(sink, sources: sources)
    }

    /// The rows of `d` in declaration order; a dataset no DP federation reads has spent 0 (or ∞
    /// when a federation without DP reads it, as the proof counts it).
    static func rows(_ d: IR.Deployment, spent: [String: Double]) -> [Row] {
        var readers: [String: [String]] = [:]
        for f in d.federations {
            for c in f.clients where readers[c.dataset]?.last != f.name {
                readers[c.dataset, default: []].append(f.name)
            }
        }
        return d.datasets.map { ds in
            let delta =
                ds.budget?.delta
                ?? d.federations.filter { f in f.clients.contains { $0.dataset == ds.name } }
                .compactMap { $0.privacy?.delta }.min()
            return Row(
                name: ds.name, budget: ds.budget?.epsilon, delta: delta, spent: spent[ds.name] ?? 0,
                readers: readers[ds.name] ?? [])
        }
    }

    /// Aligned columns: dataset, budget ε, spent ε, headroom, δ, readers.
    static func table(_ rows: [Row]) -> String {
        let header = ["dataset", "budget ε", "spent ε", "headroom", "δ", "read by"]
        let lines = rows.map { r in
            [
                r.name, r.budget.map(number) ?? "none", number(r.spent),
                r.headroom.map { $0 < 0 ? number($0) + " (over)" : number($0) } ?? "-",
                r.delta.map(number) ?? "-", r.readers.isEmpty ? "-" : r.readers.joined(separator: ", "),
            ]
        }
        let all = [header] + lines
        let widths = (0..<header.count).map { i in all.map { $0[i].count }.max() ?? 0 }
        return all.map { cells in
            cells.enumerated().map { i, c in
                i == cells.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// One row as JSON; ∞ (a reader without DP) is the string "inf", as in the calculator.
    static func json(_ r: Row) -> [String: Any] {
        func value(_ x: Double?) -> Any {
            guard let x else { return NSNull() }
            return x.isFinite ? x : (x > 0 ? "inf" : "-inf")
        }
        return [
            "name": r.name, "budget_epsilon": value(r.budget), "delta": value(r.delta), "spent_epsilon": value(r.spent),
            "headroom": value(r.headroom), "federations": r.readers,
        ]
    }

    /// Four significant decimals, ∞ for an unbounded ε, small values in exponent form.
    static func number(_ x: Double) -> String {
        if x == .infinity { return "∞" }
        if x == -.infinity { return "-∞" }
        if x != 0 && abs(x) < 1e-3 {
            let e = Int(log10(abs(x)).rounded(.down))
            let m = x / pow(10, Double(e))
            if abs(m - m.rounded()) < 1e-9 { return "\(Int(m.rounded()))e\(e)" }
            return String(format: "%.3g", x)
        }
        var s = String(format: "%.4f", x)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
