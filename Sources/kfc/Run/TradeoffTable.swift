import Foundation

/// Final accuracy against the ε budget over several runs (`kfc report --tradeoff`).
struct TradeoffTable {
    var runs: [RunSummary]

    /// Runs with DP by budget, then those without.
    var ordered: [RunSummary] {
        runs.sorted { ($0.epsilonBudget ?? .infinity, $0.federation) < ($1.epsilonBudget ?? .infinity, $1.federation) }
    }

    /// The Markdown table: budget, ε spent, σ, accuracy, loss.
    func markdown() -> String {
        var out = "| ε budget | ε spent | noise σ | accuracy | loss |\n|---:|---:|---:|---:|---:|\n"
        for r in ordered {
            let budget = r.epsilonBudget.map { String(format: "%g", $0) } ?? "none"
            let spent = r.epsilon.map { String(format: "%.3f", $0) } ?? "–"
            let sigma = r.noiseMultiplier.map { String(format: "%.4f", $0) } ?? "–"
            let acc = r.accuracy.map { String(format: "%.3f", $0) } ?? "–"
            let loss = r.loss.map { String(format: "%.3f", $0) } ?? "–"
            out += "| \(budget) | \(spent) | \(sigma) | \(acc) | \(loss) |\n"
        }
        return out
    }

    /// Accuracy against ε on a log axis; runs without DP sit one doubling right of the largest ε.
    func chart() -> SVGChart {
        let budgets = ordered.compactMap(\.epsilonBudget)
        let none = (budgets.max() ?? 1) * 2
        var labels: [Double: String] = [:]
        for b in budgets { labels[b] = SVGChart.number(b) }
        var dp: [(x: Double, y: Double)] = []
        var plain: [(x: Double, y: Double)] = []
        for r in ordered {
            guard let a = r.accuracy else { continue }
            if let b = r.epsilonBudget {
                dp.append((b, a))
            } else {
                plain.append((none, a))
                labels[none] = "none"
            }
        }
        var series = [SVGChart.Series(name: "DP-SGD", points: dp)]
        if !plain.isEmpty { series.append(.init(name: "no DP", points: plain)) }
        return SVGChart(
            title: "Digits: final accuracy against the privacy budget", xLabel: "ε budget (δ = 1e-5)",
            yLabel: "accuracy", series: series, logX: true, markers: true, xTickLabels: labels)
    }
}
