/// Keeps the first few findings of each kind and counts the rest, so a layer that is missing
/// altogether gives a handful of counterexamples and a count, not one finding per pod.
struct FindingLimiter {
    let max: Int
    private var kept: [Finding] = []
    private var lastIndex: [String: Int] = [:]
    private var counts: [String: Int] = [:]

    init(max: Int) { self.max = max }

    mutating func add(_ f: Finding, kind: String) {
        if admit(kind) { keep(f, kind: kind) }
    }

    /// Counts one more finding of `kind`; true if it is one of the first `max`, which are the
    /// only ones worth building (with `keep`): the rest are only counted.
    mutating func admit(_ kind: String) -> Bool {
        counts[kind, default: 0] += 1
        return counts[kind]! <= max
    }

    /// Keeps a finding `admit` let in.
    mutating func keep(_ f: Finding, kind: String) {
        lastIndex[kind] = kept.count
        kept.append(f)
    }

    /// The kept findings; the last of each kind notes how many more there are.
    func findings() -> [Finding] {
        var out = kept
        for (kind, n) in counts where n > max {
            out[lastIndex[kind]!].diagnostic.notes.append("\(n - max) more of the same kind not shown")
        }
        return out
    }
}

/// A check run over a network model.
package protocol ModelCheck {
    /// The rule id used in reports and waivers.
    static var id: String { get }
    /// The findings of the check.
    static func run(_ ctx: CheckContext) -> [Finding]
}
