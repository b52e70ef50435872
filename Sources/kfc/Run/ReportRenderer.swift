import FLExec
import Foundation

/// `report.html` of a run: a self-contained page (inline SVG and CSS, no scripts, nothing fetched)
/// with the summary and plots of accuracy, loss and ε per round. The same files give the same bytes.
struct ReportRenderer {
    var summary: RunSummary
    var metrics: [RoundMetrics]

    /// Reads `summary.json` and `metrics.jsonl` of a run folder.
    static func load(directory: String) throws -> ReportRenderer {
        let summary = try RunSummary.decode(
            Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent("summary.json")))
        let text = try String(
            contentsOf: URL(fileURLWithPath: directory).appendingPathComponent("metrics.jsonl"), encoding: .utf8)
        let dec = JSONDecoder()
        dec.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let metrics = try text.split(separator: "\n").map { try dec.decode(RoundMetrics.self, from: Data($0.utf8)) }
        return ReportRenderer(summary: summary, metrics: metrics)
    }

    /// Client ids in natural order (`2` before `10`).
    static func ordered(_ ids: some Sequence<String>) -> [String] {
        ids.sorted { a, b in
            if let x = Int(a), let y = Int(b) { return x < y }
            return a < b
        }
    }

    /// The page.
    func html() -> String {
        let s = summary
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>kfc run: \(htmlEscape(s.federation))</title>
            <style>
            body { font-family: sans-serif; margin: 2em; color: #222; max-width: 900px; }
            table { border-collapse: collapse; margin: 1em 0; }
            td, th { border: 1px solid #ccc; padding: 4px 10px; text-align: right; }
            th { background: #f4f4f4; }
            td:first-child, th:first-child { text-align: left; }
            svg { display: block; margin: 1em 0; }
            </style>
            </head>
            <body>
            <h1>Federation \(htmlEscape(s.federation))</h1>

            """
        page += "<table>\n"
        func row(_ k: String, _ v: String) { page += "<tr><th>\(k)</th><td>\(htmlEscape(v))</td></tr>\n" }
        if let m = s.model { row("model", m) }
        if let st = s.strategy { row("strategy", st) }
        if let training = s.training {
            // One line when every client trains alike, else one per distinct setting.
            let settings = Set(training.values).sorted()
            if settings.count == 1 {
                row("training (each client)", settings[0])
            } else {
                for setting in settings {
                    let ids = Self.ordered(training.filter { $0.value == setting }.keys)
                    row("training (clients \(ids.joined(separator: ", ")))", setting)
                }
            }
        }
        row("rounds", "\(s.rounds) of \(s.roundsPlanned)")
        let withheld = s.evaluation == "withheld" ? "withheld" : "–"
        row("final accuracy", s.accuracy.map { String(format: "%.4f", $0) } ?? withheld)
        row("final loss", s.loss.map { String(format: "%.4f", $0) } ?? withheld)
        if let e = s.evaluation { row("evaluation released", e) }
        if let a = s.localAccuracy { row("final accuracy (each client's own view)", String(format: "%.4f", a)) }
        if let l = s.localLoss { row("final loss (each client's own view)", String(format: "%.4f", l)) }
        row(
            "differential privacy",
            s.privacyUnit == "none" ? "none" : "\(s.privacyUnit) level, \(s.accountant ?? "rdp") accountant")
        if s.privacyUnit != "none" {
            row(
                "ε spent (largest) / budget",
                "\(s.epsilon.map { String(format: "%.4f", $0) } ?? "–") / \(s.epsilonBudget.map { String(format: "%g", $0) } ?? "none")"
            )
            row("δ", s.delta.map { String(format: "%g", $0) } ?? "–")
            row("noise multiplier σ", s.noiseMultiplier.map { String(format: "%.4f", $0) } ?? "–")
        }
        row("wall time", String(format: "%.2f s", s.seconds))
        if let why = s.stopped { row("stopped early", why) }
        page += "</table>\n"
        page += SVGChart(
            title: "Accuracy per round", xLabel: "round", yLabel: "accuracy",
            series: series(\.accuracy, "clients' eval rows") + series(\.serverAccuracy, "server data"),
            markers: true
        ).svg()
        page += SVGChart(
            title: "Loss per round", xLabel: "round", yLabel: "cross-entropy loss",
            series: series(\.loss, "clients' eval rows") + series(\.serverLoss, "server data"),
            markers: true
        ).svg()
        page += clientTable()
        if s.privacyUnit != "none" {
            page += SVGChart(
                title: "ε spent per client", xLabel: "round", yLabel: "ε", series: epsilonSeries(), markers: true
            ).svg()
        }
        page +=
            "<p>Made by <code>kfc run</code>; <code>kfc report DIR</code> re-renders it from summary.json and metrics.jsonl.</p>\n"
        return page + "</body>\n</html>\n"
    }

    /// Per client: accuracy of the final model on its evaluation rows and, under DP, ε spent
    /// against its budget (with the share used), σ, q and steps.
    func clientTable() -> String {
        let s = summary
        let accuracy = s.clientAccuracy ?? [:]
        let dp = s.privacyUnit != "none"
        let ids = Self.ordered(Set(accuracy.keys).union(dp ? Set(s.clients.keys) : []))
        guard !ids.isEmpty else { return "" }
        func cell(_ text: String) -> String { "<td>\(htmlEscape(text))</td>" }
        var out = "<h2>Clients</h2>\n<table>\n<tr><th>client</th><th>accuracy</th>"
        if dp { out += "<th>ε spent</th><th>budget</th><th>of budget</th><th>σ</th><th>q</th><th>steps</th>" }
        out += "</tr>\n"
        for id in ids {
            out += "<tr>" + cell(id) + cell(accuracy[id].map { String(format: "%.4f", $0) } ?? "–")
            if dp {
                let c = s.clients[id]
                out += cell(c.map { String(format: "%.4f", $0.epsilon) } ?? "–")
                out += cell(c?.budget.map { String(format: "%g", $0) } ?? "none")
                let share = c.flatMap { c in c.budget.map { c.epsilon / $0 } }
                out += cell(share.map { String(format: "%.1f%%", $0 * 100) } ?? "–")
                out += cell(c?.noiseMultiplier.map { String(format: "%.4f", $0) } ?? "–")
                out += cell(c?.samplingRate.map { String(format: "%.4f", $0) } ?? "–")
                out += cell(c?.steps.map(String.init) ?? "–")
            }
            out += "</tr>\n"
        }
        return out + "</table>\n"
    }

    /// The rounds that have `key`, as one series named `name` (none when no round has it).
    private func series(_ key: KeyPath<RoundMetrics, Double?>, _ name: String) -> [SVGChart.Series] {
        let pts = metrics.compactMap { m in m[keyPath: key].map { (x: Double(m.round), y: $0) } }
        return pts.isEmpty ? [] : [.init(name: name, points: pts)]
    }

    private func epsilonSeries() -> [SVGChart.Series] {
        let ids = Set(metrics.flatMap { $0.clientEpsilon?.keys.map { $0 } ?? [] })
        if ids.isEmpty {
            // Client-level DP: the server's ledger is the one that spends.
            return [.init(name: "server", points: metrics.compactMap { m in m.epsilon.map { (Double(m.round), $0) } })]
        }
        return Self.ordered(ids).map { id in
            .init(
                name: "client \(id)",
                points: metrics.compactMap { m in m.clientEpsilon?[id].map { (Double(m.round), $0) } })
        }
    }
}
