import FLExec
import Foundation
import RunPlan
import Testing

/// `RunPlan.encoded()` writes the clients itself: its bytes must be `JSONEncoder`'s.
@Suite struct RunPlanEncodingTests {
    /// Draws test cases from a seeded generator, so a failure repeats.
    struct Generator {
        var random: SeededGenerator
        init(seed: UInt64) { random = SeededGenerator(seed: seed) }
        mutating func next() -> UInt64 { random.next() }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

        /// Doubles of every shape JSONEncoder distinguishes: integral, tiny, huge, negative
        /// zero, long fractions, any bit pattern, and now and then a non-finite one.
        mutating func double() -> Double {
            switch below(16) {
            case 0: return Double(below(2001) - 1000)
            case 1: return Double(below(100_000)) / Double([3, 7, 10, 100, 1000, 1e6][below(6)])
            case 2: return [0.0, -0.0, 1e-5, 5e-324, 1e16, 1e21, 1.7976931348623157e308, 0.1, 0.2][below(9)]
            case 3: return [Double.infinity, -.infinity, .nan][below(3)]
            default:
                let d = Double(bitPattern: next())
                return d.isFinite ? d : 0.5
            }
        }

        /// Strings that need no escape, and now and then one that does (quote, backslash,
        /// control character, non-ASCII).
        mutating func string() -> String {
            let plain = Array("abcXYZ019 _-./:@{}[],")
            var s = String((0..<below(12)).map { _ in plain[below(plain.count)] })
            if below(12) == 0 { s += ["\"", "\\", "\n", "\u{1}", "é", "\u{7F}", "\t", "😀"][below(8)] }
            return s
        }
    }

    static func client(_ g: inout Generator) -> ClientSpec {
        let scalings: [Scaling] = [
            .none, .divide(by: g.double()), .affine(scale: g.double(), shift: g.double()), .minmax, .standardize,
        ]
        let dataset = DatasetSpec(
            path: g.string(), label: g.string(), scaling: scalings[g.below(scalings.count)], evalFraction: g.double(),
            records: g.below(3) == 0 ? nil : g.below(1_000_000) - 10)
        return ClientSpec(
            id: g.string(), dataset: dataset,
            train: TrainSpec(
                epochs: g.below(50), batch: g.below(4096), lr: g.double(), momentum: g.double(),
                weightDecay: g.double()),
            samplingRate: g.below(3) == 0 ? nil : g.double(), stepsPerRound: g.below(3) == 0 ? nil : g.below(1 << 40))
    }

    @Test func clientsWrittenDirectlyAreTheBytesOfJSONEncoder() {
        var g = Generator(seed: 20_261_203)
        var fast = 0
        var escaped = 0
        for round in 0..<400 {
            var plan = RunPlanTests.fullPlan(
                strategy: RunPlanTests.strategies[round % RunPlanTests.strategies.count],
                scaling: RunPlanTests.scalings[round % RunPlanTests.scalings.count])
            plan.clients = (0..<g.below(6)).map { _ in Self.client(&g) }
            if round % 5 == 0 { plan.federation = g.string() }
            if plan.clients.allSatisfy({ $0.isWrittenDirectly }) {
                fast += plan.clients.isEmpty ? 0 : 1
            } else {
                escaped += 1
            }
            let encoded = plan.encoded()
            let reference = plan.encodedByFoundation()
            #expect(encoded == reference, "round \(round)")
            if encoded != reference { return }
        }
        // Both paths were taken, many times: plans whose clients are all written directly, and
        // plans with a client that needs escapes or holds a non-finite number.
        #expect(fast > 50 && escaped > 50, "\(fast) direct, \(escaped) through JSONEncoder")
    }

    @Test func aPlanOfManyClientsIsTheBytesOfJSONEncoder() {
        let plan = digitsPlan(directory: "/var/lib/kfc/data", clients: 2000)
        #expect(plan.clients.allSatisfy { $0.isWrittenDirectly })
        #expect(plan.encoded() == plan.encodedByFoundation())
        var empty = plan
        empty.clients = []
        #expect(empty.encoded() == empty.encodedByFoundation())
    }
}
