import Foundation

/// Final accuracy against the ε budget over several runs (`kfc report --tradeoff`). Runs of one
/// federation at one budget (the seeds of a setting) form a group, reported by its mean
/// accuracy, sample standard deviation and range.
struct TradeoffTable {
    var runs: [RunSummary]

    /// The runs of one federation at one budget (nil: without DP).
    struct Group {
        var budget: Double?
        var federation: String
        var runs: [RunSummary]

        /// The runs' final accuracies: the exact one of each client's own view where the run knows
        /// it (`kfc run`), else the one the server received (runs without either are left out).
        var accuracies: [Double] { runs.compactMap { $0.localAccuracy ?? $0.accuracy } }
        /// Mean final accuracy (nil when no run has one).
        var mean: Double? { accuracies.isEmpty ? nil : accuracies.reduce(0, +) / Double(accuracies.count) }
        /// Sample standard deviation of the final accuracy (0 for one run).
        var sd: Double? {
            guard let m = mean else { return nil }
            let a = accuracies
            guard a.count > 1 else { return 0 }
            return (a.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(a.count - 1)).squareRoot()
        }
        /// Mean final loss.
        var loss: Double? {
            let l = runs.compactMap { $0.localLoss ?? $0.loss }
            return l.isEmpty ? nil : l.reduce(0, +) / Double(l.count)
        }
    }

    /// Groups with DP by budget, then those without; each group's runs in the order given.
    var groups: [Group] {
        var out: [Group] = []
        for r in runs.sorted(by: {
            ($0.epsilonBudget ?? .infinity, $0.federation) < ($1.epsilonBudget ?? .infinity, $1.federation)
        }) {
            if let last = out.last, last.budget == r.epsilonBudget, last.federation == r.federation {
                out[out.count - 1].runs.append(r)
            } else {
                out.append(Group(budget: r.epsilonBudget, federation: r.federation, runs: [r]))
            }
        }
        return out
    }

    /// The Markdown table: budget, runs, largest ε spent, σ, accuracy (mean ± sd, range), loss.
    func markdown() -> String {
        var out =
            "| ε budget | runs | ε spent | noise σ | accuracy (mean ± sd) | accuracy range | loss |\n"
            + "|---:|---:|---:|---:|---:|---:|---:|\n"
        for g in groups {
            let budget = g.budget.map { String(format: "%g", $0) } ?? "none"
            let spent = g.runs.compactMap(\.epsilon).max().map { String(format: "%.3f", $0) } ?? "–"
            let sigma = g.runs.compactMap(\.noiseMultiplier).max().map { String(format: "%.4f", $0) } ?? "–"
            let acc = g.mean.map { String(format: "%.3f ± %.3f", $0, g.sd ?? 0) } ?? "–"
            let range = g.accuracies.min().map { String(format: "%.3f–%.3f", $0, g.accuracies.max()!) } ?? "–"
            let loss = g.loss.map { String(format: "%.3f", $0) } ?? "–"
            out += "| \(budget) | \(g.runs.count) | \(spent) | \(sigma) | \(acc) | \(range) | \(loss) |\n"
        }
        return out
    }

    /// The groups whose mean accuracy is below the floor given for their budget, and the floors
    /// with no DP group at their budget, as one line each (empty when every floor holds).
    func shortfalls(_ floors: [(epsilon: Double, accuracy: Double)]) -> [String] {
        floors.sorted { $0.epsilon < $1.epsilon }.compactMap { floor in
            let at = groups.filter { $0.budget == floor.epsilon }
            guard !at.isEmpty else { return "ε = \(String(format: "%g", floor.epsilon)): no run at this budget" }
            let low = at.filter { ($0.mean ?? -1) < floor.accuracy }
            guard let g = low.first else { return nil }
            let mean = g.mean.map { String(format: "%.3f", $0) } ?? "–"
            return "ε = \(String(format: "%g", floor.epsilon)): mean accuracy \(mean) is below the floor "
                + String(format: "%g", floor.accuracy)
        }
    }

    /// Mean accuracy against ε on a log axis, with each budget's lowest and highest run when
    /// there are several; runs without DP sit one doubling right of the largest ε.
    func chart() -> SVGChart {
        let groups = self.groups
        let budgets = groups.compactMap(\.budget)
        let none = (budgets.max() ?? 1) * 2
        var labels: [Double: String] = [:]
        for b in budgets { labels[b] = SVGChart.number(b) }
        var dp: [(x: Double, y: Double)] = []
        var low: [(x: Double, y: Double)] = []
        var high: [(x: Double, y: Double)] = []
        var plain: [(x: Double, y: Double)] = []
        for g in groups {
            guard let m = g.mean else { continue }
            if let b = g.budget {
                dp.append((b, m))
                low.append((b, g.accuracies.min()!))
                high.append((b, g.accuracies.max()!))
            } else {
                plain.append((none, m))
                labels[none] = "none"
            }
        }
        let seeded = groups.contains { $0.budget != nil && $0.accuracies.count > 1 }
        var series = [SVGChart.Series(name: seeded ? "DP-SGD (mean)" : "DP-SGD", points: dp)]
        if !plain.isEmpty { series.append(.init(name: "no DP", points: plain)) }
        if seeded {
            series.append(.init(name: "DP-SGD (lowest)", points: low))
            series.append(.init(name: "DP-SGD (highest)", points: high))
        }
        return SVGChart(
            title: "Digits: final accuracy against the privacy budget", xLabel: "ε budget (δ = 1e-5)",
            yLabel: "accuracy", series: series, logX: true, markers: true, xTickLabels: labels)
    }
}
