import Foundation
import RunPlan

/// The run-plan decoder (`kfc run PLAN.json`, the executor) and the plan's validation.
///
/// Holds for every input: no trap; a decoded plan can be encoded and decodes to an equal plan.
enum PlanTarget {
    static func run(_ bytes: [UInt8]) {
        guard let plan = try? RunPlan.decode(from: Data(bytes)) else { return }
        _ = plan.validationProblems()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(plan) else { FuzzCheck.fail("a decoded plan does not encode") }
        guard let again = try? RunPlan.decode(from: data) else {
            FuzzCheck.fail("an encoded plan does not decode:\n\(String(decoding: data, as: UTF8.self))")
        }
        if again != plan {
            FuzzCheck.fail("a plan changed in an encode/decode round trip")
        }
    }
}
