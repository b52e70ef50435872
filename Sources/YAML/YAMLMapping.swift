/// An insertion-ordered mapping from string keys to ``YAMLNode``s.
///
/// Equality is order-sensitive: two mappings are equal when they hold the same entries in the
/// same order. Lookups are linear, which is faster than hashing for the small mappings of
/// Kubernetes objects; build large indexes outside if needed.
package struct YAMLMapping: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    /// One key and its value, as the collection and `entries` hand them out.
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

    /// One key and its value as a mapping stores them: the pairs a mapping literal hands over.
    package typealias Pair = (String, YAMLNode)

    /// The keys and values in order, stored as a mapping literal's pairs arrive: the literal's
    /// array becomes the mapping's as it is. (Stored as `Entry` values, each literal's pairs
    /// were moved into a second array, one allocation and a pass per mapping: the back ends
    /// build half a million mappings for 10,000 clients.)
    package var pairs: [Pair]

    /// The entries in order, as `Entry` values: a view of `pairs`, mutable in place.
    package var entries: Entries {
        get { Entries(pairs: pairs) }
        _modify {
            var view = Entries(pairs: pairs)
            pairs = []
            defer { pairs = view.pairs }
            yield &view
        }
    }

    /// An empty mapping.
    package init() { pairs = [] }

    /// A mapping of `entries`, in order.
    package init(_ entries: [Entry]) { pairs = entries.map { ($0.key, $0.value) } }

    /// A mapping of the pairs, in order.
    package init(_ pairs: [(String, YAMLNode)]) { self.pairs = pairs }

    /// A mapping of the literal's pairs, in the order written.
    package init(dictionaryLiteral elements: (String, YAMLNode)...) { pairs = elements }

    /// Reserves room for `count` entries.
    package mutating func reserveCapacity(_ count: Int) { pairs.reserveCapacity(count) }

    /// Appends an entry at the end (even if `key` is present; see `subscript` to replace).
    package mutating func append(_ key: String, _ value: YAMLNode) {
        pairs.append((key, value))
    }

    /// The value for `key` (the last entry with it). Setting replaces the value of the last
    /// entry with `key` in place, appends when absent, and removes every entry with `key` when
    /// set to `nil`. A key is the entry's when their UTF-8 bytes are the same (`sameKey`).
    package subscript(key: String) -> YAMLNode? {
        get {
            // By index, from the end: no iterator and no copy of the entries it passes.
            var i = pairs.endIndex
            while i > pairs.startIndex {
                i -= 1
                if Self.sameKey(pairs[i].0, key) { return pairs[i].1 }
            }
            return nil
        }
        set {
            guard let newValue else {
                pairs.removeAll { Self.sameKey($0.0, key) }
                return
            }
            if let i = pairs.lastIndex(where: { Self.sameKey($0.0, key) }) {
                pairs[i].1 = newValue
            } else {
                pairs.append((key, newValue))
            }
        }
    }

    /// Equal when they hold the same keys and values in the same order (`==` on each), or the
    /// same storage — as an array's `==` answers, so a mapping holding a NaN still equals itself.
    package static func == (a: YAMLMapping, b: YAMLMapping) -> Bool {
        guard a.pairs.count == b.pairs.count else { return false }
        let shared = a.pairs.withUnsafeBufferPointer { x in
            b.pairs.withUnsafeBufferPointer { $0.baseAddress == x.baseAddress }
        }
        return shared || zip(a.pairs, b.pairs).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    /// Hashes the entries in order.
    package func hash(into hasher: inout Hasher) {
        hasher.combine(pairs.count)
        for (key, value) in pairs {
            hasher.combine(key)
            hasher.combine(value)
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
    package var keys: [String] { pairs.map(\.0) }

    /// The first entry's index.
    package var startIndex: Int { pairs.startIndex }
    /// One past the last entry's index.
    package var endIndex: Int { pairs.endIndex }
    /// The entry at `position`.
    package subscript(position: Int) -> Entry { Entry(pairs[position].0, pairs[position].1) }

    /// A mapping's entries as `Entry` values, read and changed in place in its `pairs`.
    package struct Entries: RandomAccessCollection, MutableCollection, RangeReplaceableCollection, Sendable {
        /// The pairs viewed.
        package var pairs: [Pair]

        /// No entries.
        package init() { pairs = [] }

        init(pairs: [Pair]) { self.pairs = pairs }

        /// The first entry's index.
        package var startIndex: Int { pairs.startIndex }
        /// One past the last entry's index.
        package var endIndex: Int { pairs.endIndex }

        /// The entry at `position`.
        package subscript(position: Int) -> Entry {
            get { Entry(pairs[position].0, pairs[position].1) }
            set { pairs[position] = (newValue.key, newValue.value) }
        }

        /// Replaces the entries in `range` with `entries`.
        package mutating func replaceSubrange<C: Collection>(_ range: Range<Int>, with entries: C)
        where C.Element == Entry {
            pairs.replaceSubrange(range, with: entries.map { ($0.key, $0.value) })
        }

        /// Reserves room for `count` entries.
        package mutating func reserveCapacity(_ count: Int) { pairs.reserveCapacity(count) }
    }
}
