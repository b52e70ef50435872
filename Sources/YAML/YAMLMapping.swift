/// An insertion-ordered mapping from string keys to ``YAMLNode``s.
///
/// Equality is order-sensitive: two mappings are equal when they hold the same entries in the
/// same order. Lookups are linear, which is faster than hashing for the small mappings of
/// Kubernetes objects; build large indexes outside if needed.
package struct YAMLMapping: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    /// One key and its value.
    package struct Entry: Sendable, Hashable {
        /// The key.
        package var key: String
        /// The value.
        package var value: YAMLNode

        /// Creates an entry.
        package init(_ key: String, _ value: YAMLNode) {
            self.key = key
            self.value = value
        }
    }

    /// The entries in order.
    package var entries: [Entry]

    /// An empty mapping.
    package init() { entries = [] }

    /// A mapping of `entries`, in order.
    package init(_ entries: [Entry]) { self.entries = entries }

    /// A mapping of the pairs, in order.
    package init(_ pairs: [(String, YAMLNode)]) {
        self.init(moving: pairs)
    }

    /// A mapping of the literal's pairs, in the order written.
    package init(dictionaryLiteral elements: (String, YAMLNode)...) {
        self.init(moving: elements)
    }

    /// The pairs as entries, moved out of `pairs` when it is not shared. A mapping literal
    /// hands its pairs over in an array of its own; copying them would retain every key and
    /// value and release them again when that array goes (the back ends build half a million
    /// mappings for 10,000 clients).
    init(moving pairs: consuming [(String, YAMLNode)]) {
        var pairs = pairs
        let n = pairs.count
        var out: [Entry] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(Entry("", .null)) }
        // From the end: `popLast` moves a pair out where reading one copies it, and leaves
        // nothing in `pairs` for its deallocation to destroy.
        var i = n
        while let (key, value) = pairs.popLast() {
            i -= 1
            out[i] = Entry(key, value)
        }
        entries = out
    }

    /// Reserves room for `count` entries.
    package mutating func reserveCapacity(_ count: Int) { entries.reserveCapacity(count) }

    /// Appends an entry at the end (even if `key` is present; see `subscript` to replace).
    package mutating func append(_ key: String, _ value: YAMLNode) {
        entries.append(Entry(key, value))
    }

    /// The value for `key` (the last entry with it). Setting replaces the value of the last
    /// entry with `key` in place, appends when absent, and removes every entry with `key` when
    /// set to `nil`. A key is the entry's when their UTF-8 bytes are the same (`sameKey`).
    package subscript(key: String) -> YAMLNode? {
        get {
            // By index, from the end: no iterator and no copy of the entries it passes.
            var i = entries.endIndex
            while i > entries.startIndex {
                i -= 1
                if Self.sameKey(entries[i].key, key) { return entries[i].value }
            }
            return nil
        }
        set {
            guard let newValue else {
                entries.removeAll { Self.sameKey($0.key, key) }
                return
            }
            if let i = entries.lastIndex(where: { Self.sameKey($0.key, key) }) {
                entries[i].value = newValue
            } else {
                entries.append(Entry(key, newValue))
            }
        }
    }

    /// Whether `a` and `b` are one key: the same UTF-8 bytes, as YAML and the Kubernetes API
    /// server compare keys. Swift's `==` also equates canonically equivalent strings (the Kelvin
    /// sign `\u{212A}` and `K`, two orders of one pair of combining marks), which would have a
    /// proof read a look-alike field, one the API server ignores, as the field itself. Keys of
    /// another length are passed on their byte counts (most keys a lookup passes), `==` passes
    /// the rest but its equals, and those are confirmed by their representation or bytes.
    @inline(__always)
    package static func sameKey(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a == b && (sameRepresentation(a, b) || sameBytes(a, b))
    }

    /// Whether two strings are stored alike, which makes their bytes the same: a string of up to
    /// 15 bytes (most keys) is stored in its two words, bytes and all; a longer one points to
    /// its storage, shared by copies of one string.
    @inline(__always)
    private static func sameRepresentation(_ a: String, _ b: String) -> Bool {
        MemoryLayout<String>.size == 16
            && unsafeBitCast(a, to: (UInt64, UInt64).self) == unsafeBitCast(b, to: (UInt64, UInt64).self)
    }

    /// Whether two strings of one byte count have the same bytes.
    private static func sameBytes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { pa in
            b.withUTF8 { pb in
                guard let x = pa.baseAddress, let y = pb.baseAddress else { return pa.count == pb.count }
                return ByteLanes.equal(x, y, count: pa.count)
            }
        }
    }

    /// The keys in order.
    package var keys: [String] { entries.map(\.key) }

    /// The first entry's index.
    package var startIndex: Int { entries.startIndex }
    /// One past the last entry's index.
    package var endIndex: Int { entries.endIndex }
    /// The entry at `position`.
    package subscript(position: Int) -> Entry { entries[position] }
}
