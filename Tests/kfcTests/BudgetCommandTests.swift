import Foundation
import Testing

@testable import kfc

@Suite struct BudgetCommandTests {
    static let base = ["budget", "--sampling-rate", "0.01", "--delta", "1e-5"]

    @Test func printsEpsilonAndOrder() {
        let r = Driver.run(Self.base + ["--noise-multiplier", "1.1", "--steps", "10000"])
        #expect(r.exitCode == 0)
        #expect(r.stdout == "epsilon: 5.63199 (order 4.7, rdp accountant)\n")
        #expect(r.stderr.isEmpty)
    }

    @Test func epsilonAsJSON() throws {
        let r = Driver.run(Self.base + ["--noise-multiplier", "1.1", "--steps", "10000", "--format", "json"])
        #expect(r.exitCode == 0)
        let obj = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(obj["accountant"] as? String == "rdp")
        #expect(obj["sampling_rate"] as? Double == 0.01)
        #expect(obj["noise_multiplier"] as? Double == 1.1)
        #expect(obj["steps"] as? Int == 10000)
        #expect(obj["delta"] as? Double == 1e-5)
        #expect(obj["order"] as? Double == 4.7)
        let eps = try #require(obj["epsilon"] as? Double)
        #expect(abs(eps - 5.6319923686821) < 1e-9)
        #expect(r.stdout.hasPrefix(#"{"accountant":"rdp","delta":1e-05,"epsilon":5.63199"#))
        #expect(r.stdout.hasSuffix("}\n") && r.stderr.isEmpty)
    }

    @Test func solvesTheNoiseMultiplier() throws {
        let r = Driver.run(Self.base + ["--steps", "10000", "--epsilon", "1"])
        #expect(r.exitCode == 0)
        #expect(r.stdout == "noise multiplier: 4.1259 (epsilon 0.999973, order 18.0, rdp accountant)\n")
        let j = Driver.run(Self.base + ["--steps", "10000", "--epsilon", "1", "--format", "json"])
        let obj = try #require(JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any])
        #expect(obj["noise_multiplier"] as? Double == 4.1259)
        #expect(obj["epsilon_budget"] as? Double == 1)
        #expect((obj["epsilon"] as? Double ?? 2) <= 1)
    }

    @Test func solvesTheSteps() throws {
        let r = Driver.run(Self.base + ["--noise-multiplier", "1.1", "--epsilon", "2", "--format", "json"])
        #expect(r.exitCode == 0)
        let obj = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(obj["steps"] as? Int == 1404)
        let t = Driver.run(Self.base + ["--noise-multiplier", "1.1", "--epsilon", "2"])
        #expect(t.stdout.hasPrefix("steps: 1404 (epsilon 1.99945, order 9.0, rdp accountant)"))
    }

    @Test func pldAccountantIsSelectable() throws {
        let r = Driver.run([
            "budget", "--sampling-rate", "0.5", "--noise-multiplier", "1", "--steps", "10",
            "--delta", "1e-5", "--accountant", "pld", "--format", "json",
        ])
        #expect(r.exitCode == 0)
        let obj = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(obj["accountant"] as? String == "pld")
        #expect(obj["order"] == nil)
        let eps = try #require(obj["epsilon"] as? Double)
        // dp-accounting's PLD gives 10.4579 here; RDP gives 11.5371.
        #expect(eps > 10.4 && eps < 10.6)
        let text = Driver.run([
            "budget", "--sampling-rate", "0.5", "--noise-multiplier", "1", "--steps", "10",
            "--delta", "1e-5", "--accountant", "pld",
        ])
        #expect(text.stdout.hasPrefix("epsilon: 10.4") && text.stdout.hasSuffix("(pld accountant)\n"))
    }

    @Test(arguments: [
        (
            ["--sampling-rate", "0", "--noise-multiplier", "1", "--steps", "1"],
            "--sampling-rate must be in (0, 1], got 0.0"
        ),
        (["--sampling-rate", "1.5", "--noise-multiplier", "1", "--steps", "1"], "--sampling-rate must be in (0, 1]"),
        (["--sampling-rate", "0.1", "--noise-multiplier", "0", "--steps", "1"], "--noise-multiplier must be positive"),
        (
            ["--sampling-rate", "0.1", "--noise-multiplier", "-2", "--steps", "1"],
            "--noise-multiplier must be positive"
        ),
        (["--sampling-rate", "0.1", "--noise-multiplier", "1", "--steps", "-3"], "--steps must be non-negative"),
        (
            ["--sampling-rate", "0.1", "--noise-multiplier", "1", "--steps", "3", "--epsilon", "0"],
            "give exactly two of --noise-multiplier, --steps and --epsilon"
        ),
        (["--sampling-rate", "0.1", "--steps", "3"], "give exactly two of"),
        (["--sampling-rate", "0.1", "--steps", "3", "--epsilon", "-1"], "--epsilon must be positive"),
    ])
    func badValuesAreUsageErrors(args: [String], message: String) {
        let r = Driver.run(["budget", "--delta", "1e-5"] + args)
        #expect(r.exitCode == 64)
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test(arguments: ["0", "1", "1.5", "-1e-5"])
    func deltaOutsideTheOpenUnitIntervalIsAUsageError(delta: String) {
        let r = Driver.run([
            "budget", "--sampling-rate", "0.1", "--noise-multiplier", "1", "--steps", "1",
            "--delta", delta,
        ])
        #expect(r.exitCode == 64)
        #expect(r.stderr.contains("--delta must be in (0, 1)"))
    }

    @Test func missingRequiredOptionIsAUsageError() {
        #expect(Driver.run(["budget", "--noise-multiplier", "1", "--steps", "1", "--delta", "1e-5"]).exitCode == 64)
        #expect(
            Driver.run([
                "budget", "--sampling-rate", "abc", "--noise-multiplier", "1", "--steps", "1",
                "--delta", "1e-5",
            ]).exitCode == 64)
    }

    @Test func impossibleBudgetIsAnInputError() {
        let r = Driver.run([
            "budget", "--sampling-rate", "1", "--steps", "1000000", "--delta", "1e-12",
            "--epsilon", "0.0001",
        ])
        #expect(r.exitCode == 1)
        #expect(
            r.stderr == "error: no noise multiplier up to 10000 gives epsilon 0.0001 at delta 1e-12 "
                + "over 1000000 steps at sampling rate 1.0\n")
        let one = Driver.run([
            "budget", "--sampling-rate", "1", "--noise-multiplier", "0.5", "--delta", "1e-5",
            "--epsilon", "0.1", "--format", "json",
        ])
        #expect(one.exitCode == 1)
        #expect(one.stdout.contains(#""error":"one step at sampling rate 1.0"#) && one.stderr.isEmpty)
    }

    /// σ → 0 is ε → ∞, never 0 (it was 0 at σ = 1e-300, from an underflow): `inf` in text and
    /// the string "inf" in JSON; the PLD accountant refuses with a message and exit status 1.
    @Test func vanishingNoiseIsInfiniteEpsilon() throws {
        let args = Self.base + ["--noise-multiplier", "1e-300", "--steps", "100"]
        let r = Driver.run(args)
        #expect(r.exitCode == 0 && r.stderr.isEmpty)
        #expect(r.stdout == "epsilon: inf (rdp accountant)\n")
        let j = Driver.run(args + ["--format", "json"])
        #expect(j.exitCode == 0)
        #expect(
            j.stdout == #"{"accountant":"rdp","delta":1e-05,"epsilon":"inf","noise_multiplier":1e-300,"#
                + #""sampling_rate":0.01,"steps":100}"# + "\n")
        let pld = Driver.run(args + ["--accountant", "pld"])
        #expect(pld.exitCode == 1 && pld.stdout.isEmpty)
        #expect(
            pld.stderr == "error: the pld accountant cannot discretise noise multiplier 1e-300 at sampling rate 0.01 "
                + "on a 0.0001 grid; use the rdp accountant or a coarser grid\n")
        // Small but representable noise: a huge ε, and more for less noise.
        var last = 0.0
        for s in ["1e-3", "1e-8", "1e-100", "1e-150"] {
            let out = Driver.run(Self.base + ["--noise-multiplier", s, "--steps", "100", "--format", "json"])
            let obj = try #require(JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
            let eps = try #require(obj["epsilon"] as? Double)
            #expect(eps > last, "σ = \(s): \(eps)")
            last = eps
        }
        #expect(last > 1e300)
    }

    @Test func helpDescribesTheModes() {
        let r = Driver.run(["budget", "--help"])
        #expect(r.exitCode == 0)
        #expect(r.stdout.contains("--sampling-rate") && r.stdout.contains("--accountant"))
    }
}
