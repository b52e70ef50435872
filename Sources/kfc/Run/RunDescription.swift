import Foundation
import RunPlan

/// How a run's model, strategy and training settings read in its summary and report.
enum RunDescription {
    /// `logistic_regression()`, `mlp(hidden: [32, 16])`, with `features`/`classes` when the plan fixes them.
    static func model(_ m: ModelSpec) -> String {
        var args: [String] = []
        if m.kind == .mlp { args.append("hidden: [\(m.hidden.map(String.init).joined(separator: ", "))]") }
        if let f = m.features { args.append("features: \(f)") }
        if let c = m.classes { args.append("classes: \(c)") }
        return "\(m.kind.rawValue)(\(args.joined(separator: ", ")))"
    }

    /// `fedavg()`, `fedprox(mu: 0.01)`: the strategy's name and its parameters in key order.
    static func strategy(_ s: StrategySpec) -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        guard let data = try? enc.encode(s),
            let fields = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { return s.name }
        let args = fields.keys.sorted().filter { $0 != "name" }.map { k in "\(k): \(fields[k].map { "\($0)" } ?? "")" }
        return "\(s.name)(\(args.joined(separator: ", ")))"
    }

    /// `epochs 2, batch 8, lr 0.1, momentum 0.9` (weight decay only when set).
    static func training(_ t: TrainSpec) -> String {
        var parts = ["epochs \(t.epochs)", "batch \(t.batch)", "lr \(number(t.lr))", "momentum \(number(t.momentum))"]
        if t.weightDecay != 0 { parts.append("weight decay \(number(t.weightDecay))") }
        return parts.joined(separator: ", ")
    }

    /// The shortest decimal that reads back to `x`.
    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}
