extension YAMLDirectEmitter {
    /// Collections the emitter has written, so that one written again is copied, not walked.
    ///
    /// The back ends share the constant parts of their objects: every client's Job holds the
    /// same security contexts and failure policy, every claim the same access modes and
    /// resources — the same array storage, not equal copies (at 10,000 clients, 99,000 of
    /// them before the back ends shared the mounts too). What the emitter writes for a
    /// collection depends only on its contents and on the emitter's state where it starts
    /// (column, indentation, whether the column follows whitespace or indentation, whether
    /// it is a mapping's value); what it leaves behind is its column, those two flags and,
    /// after a `|+` block scalar, the stream's open end. A collection met for the second time
    /// in the same state is recorded with its bytes and that end state; from the third on,
    /// the bytes are copied and the state set.
    ///
    /// Collections are known by the address of their storage, which is sound only while that
    /// storage lives and cannot change: a recorded entry keeps the collection (its storage
    /// cannot be freed and its address reused, and shared storage is copied before any
    /// change), and the first sighting only marks that an address was seen, so a reused
    /// address is at worst recorded again, never replayed.
    final class Subtrees {
        /// A collection and the state the emitter meets it in; address 0 is an empty slot.
        struct Key: Equatable {
            var address: UInt
            /// Column, indentation (each below 2^28) and the three flags, packed.
            var state: UInt64
        }

        /// A recorded collection: where its bytes are in `stored` and the state it leaves.
        struct Entry {
            var key: Key
            var start: Int, count: Int
            /// The emitter's column after it.
            var column: Int
            /// Its whitespace and indention after it.
            var whitespace: Bool, indention: Bool
            /// The stream's open end after it, or -1 when no block scalar in it set one.
            var openEnded: Int
        }

        static let slots = 512
        /// Entries by the hash of their key (direct-mapped: a clash replaces the entry). Plain
        /// memory: a lookup for each collection written reads one slot, with no reference
        /// counted and no access check.
        private let entries: UnsafeMutablePointer<Entry>
        /// Keys seen once, by the same hash.
        private let seen: UnsafeMutablePointer<Key>
        /// The recorded collections, kept so that their storage outlives the entries.
        private var owners: [YAMLNode] = []
        /// The recorded bytes.
        private let stored = GrowableBuffer<UInt8>(capacity: 1024)
        /// No more bytes are recorded past this (replaced entries leave theirs behind).
        static let maxStored = 1 << 20

        init() {
            let empty = Key(address: 0, state: 0)
            entries = .allocate(capacity: Self.slots)
            entries.initialize(
                repeating: Entry(
                    key: empty, start: 0, count: 0, column: 0, whitespace: false, indention: false, openEnded: -1),
                count: Self.slots)
            seen = .allocate(capacity: Self.slots)
            seen.initialize(repeating: empty, count: Self.slots)
        }

        deinit {
            entries.deallocate()
            seen.deallocate()
        }

        /// The key of a collection stored at `address` met in this state, or nil when the state
        /// does not pack.
        @inline(__always) static func key(
            _ address: UInt, column: Int, indent: Int, whitespace: Bool, indention: Bool, mapping: Bool
        ) -> Key? {
            guard address != 0, column >= 0, column < 1 << 28, indent >= -1, indent < 1 << 28 else { return nil }
            let flags = (whitespace ? 1 : 0) | (indention ? 2 : 0) | (mapping ? 4 : 0)
            let state = UInt64(column) | UInt64(indent + 1) << 28 | UInt64(flags) << 56
            return Key(address: address, state: state)
        }

        @inline(__always) private static func slot(_ key: Key) -> Int {
            // Storage addresses are 16-byte aligned; the state sets apart the same collection
            // met at another indentation.
            let h = (UInt64(key.address) >> 4 ^ key.state) &* 0x9E37_79B9_7F4A_7C15
            return Int(truncatingIfNeeded: h >> 55)  // 9 bits: `slots`
        }

        /// The entry recorded for `key`.
        @inline(__always) func entry(_ key: Key) -> Entry? {
            let e = entries[Self.slot(key)]
            return e.key == key ? e : nil
        }

        /// Whether `key` was seen before (then the caller records it); marks it seen otherwise.
        @inline(__always) func secondSighting(_ key: Key) -> Bool {
            let s = Self.slot(key)
            if seen[s] == key { return stored.count < Self.maxStored }
            seen[s] = key
            return false
        }

        /// Records `owner`, met as `key`, whose bytes are `bytes` and which left the state given.
        func record(
            _ key: Key, owner: YAMLNode, bytes: UnsafeBufferPointer<UInt8>, column: Int, whitespace: Bool,
            indention: Bool, openEnded: Int
        ) {
            let start = stored.count
            stored.append(contentsOf: bytes)
            owners.append(owner)
            entries[Self.slot(key)] = Entry(
                key: key, start: start, count: bytes.count, column: column, whitespace: whitespace,
                indention: indention, openEnded: openEnded)
        }

        /// Hands `e`'s bytes to `body`.
        @inline(__always) func withBytes<R>(of e: Entry, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
            stored.withBuffer { body(UnsafeBufferPointer(rebasing: $0[e.start..<e.start + e.count])) }
        }
    }
}
