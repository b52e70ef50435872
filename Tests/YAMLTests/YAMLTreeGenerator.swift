@testable import YAML

/// Deterministic pseudo-random ``YAMLNode`` trees: every node kind, nesting of sequences in
/// mappings in sequences, empty collections, long and multi-line keys, and strings from
/// ``StringGenerator`` in every requested style.
struct YAMLTreeGenerator {
    private var random: SplitMix64
    private var strings: StringGenerator

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
        strings = StringGenerator(seed: seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    private mutating func next() -> UInt64 { random.next() }

    private mutating func below(_ n: Int) -> Int { random.below(n) }

    private static let styles: [YAMLScalarStyle?] = [
        nil, nil, nil, .plain, .singleQuoted, .doubleQuoted, .literal, .folded,
    ]

    /// A string, ASCII only when `ascii` (the fragments with other characters are skipped).
    private mutating func text(ascii: Bool) -> String {
        for _ in 0..<8 {
            var s = strings.string()
            if below(40) == 0 { s = String(repeating: s.isEmpty ? "k" : s, count: 40) }
            if !ascii || s.utf8.allSatisfy({ $0 != 0 && $0 < 0x80 }) { return s }
        }
        return "a"
    }

    /// A tree at most `depth` collections deep.
    mutating func node(depth: Int, ascii: Bool) -> YAMLNode {
        let kind = depth > 0 ? below(10) : below(6)
        switch kind {
        case 0: return .int(Int(truncatingIfNeeded: next()) >> below(64))
        case 1: return .double(Double(Int64(truncatingIfNeeded: next()) >> 20) / Double(1 + below(1000)))
        case 2: return below(2) == 0 ? .bool(below(2) == 0) : .null
        case 3, 4, 5: return .string(text(ascii: ascii), style: Self.styles[below(Self.styles.count)])
        case 6, 7:
            return .sequence((0..<below(5)).map { _ in node(depth: depth - 1, ascii: ascii) })
        default:
            return .mapping(
                YAMLMapping((0..<below(6)).map { _ in (text(ascii: ascii), node(depth: depth - 1, ascii: ascii)) }))
        }
    }

    /// `count` documents; about one in `foreignEvery` may hold any string (non-ASCII, NUL).
    static func documents(count: Int, seed: UInt64, foreignEvery: Int = 4) -> [YAMLNode] {
        var g = YAMLTreeGenerator(seed: seed)
        return (0..<count).map { i in g.node(depth: 4, ascii: i % foreignEvery != 0) }
    }
}

extension YAMLTreeGenerator {
    /// A tree at most `depth` collections deep in which about a third of the values are taken
    /// from `pool` as they are: the same storage in many places, at many indentations, as the
    /// back ends share the constant parts of their objects.
    mutating func node(depth: Int, sharing pool: [YAMLNode]) -> YAMLNode {
        if !pool.isEmpty, random.below(3) == 0 { return pool[random.below(pool.count)] }
        guard depth > 0 else { return node(depth: 0, ascii: true) }
        if random.below(2) == 0 {
            return .sequence((0..<random.below(5)).map { _ in node(depth: depth - 1, sharing: pool) })
        }
        return .mapping(
            YAMLMapping((0..<random.below(5)).map { _ in (strings.string(), node(depth: depth - 1, sharing: pool)) }))
    }
}
