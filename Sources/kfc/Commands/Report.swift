import ArgumentParser
import Foundation

/// `kfc report DIR`: re-renders a run's `report.html`; `--tradeoff` plots accuracy against ε
/// over several runs.
struct Report: KFCCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Re-render a run's report.html, or plot accuracy against epsilon over several runs.",
        discussion: """
            kfc report DIR reads DIR/summary.json and DIR/metrics.jsonl (written by kfc run) and \
            writes DIR/report.html. kfc report --tradeoff DIR... --svg FILE writes a plot of each \
            run's final accuracy against its epsilon budget (runs without DP are drawn as 'none') \
            and prints the figures as a Markdown table; runs of one federation at one budget (the \
            seeds of a setting) are reported by their mean, standard deviation and range. With \
            --floor EPSILON=ACCURACY (repeatable) it exits with status 1 when the mean accuracy at \
            that budget is below ACCURACY, or no run has that budget.
            """
    )

    @Flag(help: "Plot final accuracy against the epsilon budget of several runs.")
    var tradeoff = false

    @Option(help: ArgumentHelp("With --tradeoff, write the plot here.", valueName: "file"))
    var svg: String?

    @Option(
        help: ArgumentHelp(
            "With --tradeoff, the least mean accuracy at a budget (repeatable).", valueName: "epsilon=accuracy"))
    var floor: [String] = []

    @Argument(help: "Run folders written by kfc run.")
    var directories: [String]

    /// The parsed `--floor`s.
    var floors: [(epsilon: Double, accuracy: Double)] {
        floor.compactMap { f in
            let parts = f.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2, let e = Double(parts[0]), let a = Double(parts[1]) else { return nil }
            return (e, a)
        }
    }

    func validate() throws {
        if !floor.isEmpty && !tradeoff { throw ValidationError("--floor is an option of --tradeoff") }
        for f in floor {
            let parts = f.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2, let e = Double(parts[0]), e > 0, e.isFinite, let a = Double(parts[1]),
                (0...1).contains(a)
            else {
                throw ValidationError(
                    "--floor takes EPSILON=ACCURACY with EPSILON > 0 and ACCURACY in [0, 1], got '\(f)'")
            }
        }
    }

    func execute(_ ctx: Context) throws -> Int32 {
        guard !directories.isEmpty else { throw UsageError("give a run folder") }
        if tradeoff { return try plotTradeoff(ctx) }
        guard directories.count == 1 else { throw UsageError("give one run folder, or use --tradeoff") }
        let dir = ctx.absolutePath(directories[0])
        let renderer: ReportRenderer
        do { renderer = try ReportRenderer.load(directory: dir) } catch {
            ctx.err("error: cannot read the run in '\(directories[0])': \(error.localizedDescription)\n")
            return KFCExit.inputError
        }
        try Data(renderer.html().utf8).write(to: URL(fileURLWithPath: dir).appendingPathComponent("report.html"))
        ctx.err("report: \((directories[0] as NSString).appendingPathComponent("report.html"))\n")
        return KFCExit.ok
    }

    private func plotTradeoff(_ ctx: Context) throws -> Int32 {
        var runs: [RunSummary] = []
        for d in directories {
            do {
                runs.append(
                    try RunSummary.decode(
                        Data(
                            contentsOf: URL(fileURLWithPath: ctx.absolutePath(d)).appendingPathComponent("summary.json")
                        )))
            } catch {
                ctx.err("error: cannot read '\(d)/summary.json': \(error.localizedDescription)\n")
                return KFCExit.inputError
            }
        }
        let table = TradeoffTable(runs: runs)
        if let svg {
            try Data(table.chart().svg().utf8).write(to: URL(fileURLWithPath: ctx.absolutePath(svg)))
        }
        ctx.out(table.markdown())
        let short = table.shortfalls(floors)
        for line in short { ctx.err("error: below target: \(line)\n") }
        return short.isEmpty ? KFCExit.ok : KFCExit.inputError
    }
}
