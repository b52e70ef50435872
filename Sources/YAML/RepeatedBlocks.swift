/// The blocks of a stream that ``YAMLBlockParser`` has read for a sink that builds plain values
/// (``YAMLValueComposer``), so that the same block again is handed over as the value made the
/// first time instead of being read again: a manifest folder holds the same security contexts,
/// selectors, probes and volume blocks in every client's objects, a quarter of the bytes of
/// `kfc build`'s output and more of its nodes.
///
/// A block is a collection that takes whole lines (but for the start of its first line): a
/// mapping's value on the lines after its key, an indentless sequence there, or a sequence
/// item's content on the dash's line. The parser records one when it has read it: its bytes,
/// from its first line's start to the line of the token after it, and what reading looked at of
/// that token (its column, whether it is `---` or a `- ` entry). A later block is the recorded
/// one when, in the same context (its column, the indentation around it, the nesting depth and
/// its kind), the same bytes follow and then a token that looks the same: reading it would go
/// exactly as before, since nothing else of the stream reaches the reading of a block. Blocks
/// are found by their first line, and the bytes compared whole.
struct RepeatedBlocks {
    enum Kind: UInt8 {
        case node, indentlessSequence, itemContent
    }

    /// A block about to be read: where its first line starts, the key of that line and the
    /// context, and the context itself.
    struct Probe {
        /// Whether the block may be a collection: an item's content only when its line has a
        /// `:` (a mapping's first key) or it starts a flow collection; a scalar item (most
        /// items: arguments, values) is never recorded, so it is not looked up either.
        var mayBeCollection: Bool
        var key: UInt64
        var lineStart: Int
        var column: Int
        var parentIndent: Int
        var depth: Int
        var kind: Kind
    }

    /// A recorded block: what must match. Its index in `recorded` is the sink's number for it.
    private struct Recorded {
        var lineStart: Int
        var length: Int
        var column: Int32
        var parentIndent: Int32
        var depth: Int32
        var kind: Kind
        /// The token after the block: its column (-1 at the stream's end), and whether it is
        /// `---` or a `- ` entry.
        var nextColumn: Int32
        var nextIsDocumentStart: Bool
        var nextIsEntry: Bool
    }

    /// The recorded blocks, and an open-addressed table of their keys: `slots[i]` is 1 + the
    /// index of a block in `recorded` and `keys`, 0 for an empty slot. A key records the
    /// latest block with its first line and context.
    private var recorded: [Recorded] = []
    private var keys: [UInt64] = []
    private var slots: [Int32] = []

    /// The most blocks recorded, however long the stream: a block that repeats is recorded where
    /// it first appears, and the blocks seen once (a client's name in each) would otherwise
    /// fill the table with a stream's size (65,536 entries take about 6 MB).
    private static let maxBlocks = 1 << 16

    /// How many bytes `find` may compare: four times the stream's size. Blocks that share
    /// a first line and differ deep inside (a client's name) are compared up to the difference
    /// at each depth; manifests spend about half their size so, but a stream nested a hundred
    /// deep with every level almost repeated would spend a hundred times its size. Past the
    /// budget, blocks are read.
    private let compareBudget: Int
    /// The bytes comparisons have been charged so far (each its block's whole length, though
    /// most stop at the first difference).
    private(set) var compared = 0
    /// A random start for the keys' hash, drawn once per process (as `Hasher` seeds itself), so
    /// that a stream cannot be made whose first lines all fall in one run of the table's slots
    /// (each lookup would walk it). Which blocks are replayed does not depend on it: keys match
    /// only when they are equal, and the values are the same either way.
    private static let processSeed = UInt64.random(in: 0...UInt64.max)
    /// `processSeed`, read once per stream (a lazy global checks its initialisation at each read).
    private let seed = Self.processSeed

    init(streamBytes: Int) {
        compareBudget = streamBytes.multipliedReportingOverflow(by: 4).overflow ? Int.max : streamBytes * 4
    }

    /// The probe of the block at `pos` (column `column` of the line at `lineStart`).
    func probe(
        _ kind: Kind, in b: UnsafeBufferPointer<UInt8>, pos: Int, lineStart: Int, column: Int, parentIndent: Int,
        depth: Int
    ) -> Probe {
        // The first line's bytes, eight at a time up to its line break.
        let base = UnsafeRawPointer(b.baseAddress!)
        let n = b.count
        var h = seed ^ UInt64(truncatingIfNeeded: column) &* 0x9E37_79B9_7F4A_7C15
        h ^= UInt64(truncatingIfNeeded: parentIndent &+ 1) << 20 ^ UInt64(truncatingIfNeeded: depth) << 40
        h ^= UInt64(kind.rawValue) << 58
        var colons: UInt64 = 0
        var i = lineStart
        while i + 8 <= n {
            let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let breaks = ByteLanes.newlines(w)
            if breaks != 0 {
                let through = (breaks.trailingZeroBitCount >> 3) + 1
                let kept = through == 8 ? w : w & ((1 << UInt64(through * 8)) &- 1)
                h = (h ^ kept ^ UInt64(through)) &* 0xFF51_AFD7_ED55_8CCD
                colons |= ByteLanes.colons(w) & (breaks &- 1)
                i = n
                break
            }
            h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            colons |= ByteLanes.colons(w)
            i += 8
        }
        while i < n {
            h = (h ^ UInt64(b[i])) &* 0x100_0000_01B3
            if b[i] == 0x0A { break }
            if b[i] == 0x3A { colons = 1 }
            i += 1
        }
        h ^= h >> 29
        let mayBeCollection = kind != .itemContent || colons != 0 || b[pos] == 0x5B || b[pos] == 0x7B
        return Probe(
            mayBeCollection: mayBeCollection, key: h, lineStart: lineStart, column: column, parentIndent: parentIndent,
            depth: depth, kind: kind)
    }

    /// The recorded block `probe` starts again, with where the token after it is and its
    /// line's start, and the sink's number for it; nil when there is none.
    mutating func find(_ probe: Probe, in b: UnsafeBufferPointer<UInt8>) -> (id: Int, next: Int, nextLine: Int)? {
        guard let at = slot(of: probe.key) else { return nil }
        let id = Int(slots[at]) - 1
        let r = recorded[id]
        let n = b.count
        let end = probe.lineStart + r.length
        guard r.length > 0, r.kind == probe.kind, Int(r.column) == probe.column,
            Int(r.parentIndent) == probe.parentIndent,
            Int(r.depth) == probe.depth, end <= n, r.lineStart != probe.lineStart
        else { return nil }
        // The token after the block must look as the recorded one's did.
        var next = end
        while next < n && b[next] == 0x20 { next += 1 }
        if r.nextColumn < 0 {
            guard end == n else { return nil }
        } else {
            guard next < n, next - end == Int(r.nextColumn), b[next] != 0x0A, b[next] != 0x23,
                YAMLBlockParser.isDocumentStart(b, next, lineStart: end) == r.nextIsDocumentStart,
                Self.isEntry(b, next) == r.nextIsEntry
            else { return nil }
        }
        guard r.length <= compareBudget - compared else { return nil }
        compared += r.length
        let base = UnsafeRawPointer(b.baseAddress!)
        // Blocks that share a first line mostly differ near their ends (a node's name, an
        // index): the last word first.
        if r.length >= 8
            && base.loadUnaligned(fromByteOffset: r.lineStart + r.length - 8, as: UInt64.self)
                != base.loadUnaligned(fromByteOffset: end - 8, as: UInt64.self)
        {
            return nil
        }
        var j = 0
        while j + 8 <= r.length {
            if base.loadUnaligned(fromByteOffset: r.lineStart + j, as: UInt64.self)
                != base.loadUnaligned(fromByteOffset: probe.lineStart + j, as: UInt64.self)
            {
                return nil
            }
            j += 8
        }
        while j < r.length {
            if b[r.lineStart + j] != b[probe.lineStart + j] { return nil }
            j += 1
        }
        return (id, next, end)
    }

    /// The entry of the table the block at `probe` is to be recorded in, taken now (a block's
    /// inner blocks are recorded before it): the one of its key (a block with the same first
    /// line and context, which it replaces), or a new one, empty until `record`, while there
    /// are fewer than `maxBlocks`; nil when the table is full.
    mutating func entry(for probe: Probe) -> Int? {
        if let at = slot(of: probe.key) { return Int(slots[at]) - 1 }
        guard recorded.count < Self.maxBlocks else { return nil }
        if (recorded.count + 1) * 2 > slots.count { grow() }
        place(probe.key, at: recorded.count)
        // Empty: a length no block has, so that `find` passes it by.
        recorded.append(
            Recorded(
                lineStart: 0, length: -1, column: 0, parentIndent: 0, depth: 0, kind: probe.kind, nextColumn: 0,
                nextIsDocumentStart: false, nextIsEntry: false))
        keys.append(probe.key)
        return recorded.count - 1
    }

    /// Records the block read from `probe` to the token at `next` (on the line at `nextLine`)
    /// in `entry` (from `entry(for:)`), the number the sink now keeps its node by. A block that
    /// did not end at a token's line (the stream ended without a line break) is not recorded,
    /// and the entry is emptied: the sink's node under that number is no longer the one an
    /// earlier block recorded there.
    mutating func record(_ probe: Probe, at entry: Int, next: Int, nextLine: Int, in b: UnsafeBufferPointer<UInt8>) {
        let n = b.count
        let atEnd = next >= n
        guard nextLine > probe.lineStart, atEnd ? nextLine == n : next - nextLine >= 0 else {
            recorded[entry].length = -1
            return
        }
        recorded[entry] = Recorded(
            lineStart: probe.lineStart, length: nextLine - probe.lineStart,
            column: Int32(truncatingIfNeeded: probe.column),
            parentIndent: Int32(truncatingIfNeeded: probe.parentIndent),
            depth: Int32(truncatingIfNeeded: probe.depth), kind: probe.kind,
            nextColumn: atEnd ? -1 : Int32(truncatingIfNeeded: next - nextLine),
            nextIsDocumentStart: !atEnd && YAMLBlockParser.isDocumentStart(b, next, lineStart: nextLine),
            nextIsEntry: !atEnd && Self.isEntry(b, next))
    }

    /// The slot holding `key`, nil when none does.
    private func slot(of key: UInt64) -> Int? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: key) & mask
        while true {
            let slot = Int(slots[i])
            if slot == 0 { return nil }
            if keys[slot - 1] == key { return i }
            i = (i + 1) & mask
        }
    }

    /// Doubles the table (1,024 slots at first) and places the keys again.
    private mutating func grow() {
        slots = [Int32](repeating: 0, count: max(1024, slots.count * 2))
        for (at, key) in keys.enumerated() { place(key, at: at) }
    }

    /// Puts entry `at` in the first empty slot from its key's.
    @inline(__always) private mutating func place(_ key: UInt64, at: Int) {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: key) & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = Int32(truncatingIfNeeded: at + 1)
    }

    /// `-` then a blank: a sequence entry.
    private static func isEntry(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        b[i] == 0x2D && YAMLBlockParser.isBlank(b, i + 1)
    }
}
