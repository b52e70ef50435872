/// Carves blocks out of a pool, first fit, in address order, around blocks already taken.
///
/// Used for zones that declare no `cidr`: each gets the next free block of the requested size.
/// Linear in the number of blocks: allocation walks a cursor forward and skips taken ranges.
package struct CIDRAllocator: Sendable {
    /// The pool.
    package let pool: CIDRBlock
    /// Taken ranges as [first, last] pairs, sorted.
    private var taken: [(UInt64, UInt64)]
    private var takenIndex = 0
    private var cursor: UInt64

    /// Creates an allocator over `pool` with `reserved` blocks (declared zone CIDRs) taken.
    package init(pool: CIDRBlock, reserved: [CIDRBlock]) {
        self.pool = pool.canonical
        taken = reserved.map { (UInt64($0.first.value), UInt64($0.last.value)) }.sorted { $0.0 < $1.0 }
        cursor = UInt64(self.pool.first.value)
    }

    /// The next free block of `prefix` length, or nil when the pool is exhausted.
    package mutating func allocate(prefix: Int) -> CIDRBlock? {
        guard prefix >= pool.prefix, prefix <= 32 else { return nil }
        let size = UInt64(1) << UInt64(32 - prefix)
        let poolEnd = UInt64(pool.last.value)
        while true {
            // Align the cursor to the block size.
            var start = (cursor + size - 1) / size * size
            // Skip taken ranges that end before or overlap the candidate.
            while takenIndex < taken.count, taken[takenIndex].1 < start { takenIndex += 1 }
            var idx = takenIndex
            var moved = false
            while idx < taken.count, taken[idx].0 <= start + size - 1 {
                if taken[idx].1 >= start {
                    start = taken[idx].1 + 1
                    moved = true
                    break
                }
                idx += 1
            }
            if moved {
                cursor = start
                continue
            }
            guard start + size - 1 <= poolEnd else { return nil }
            cursor = start + size
            return CIDRBlock(base: IPv4Address(UInt32(start)), prefix: prefix)
        }
    }
}
