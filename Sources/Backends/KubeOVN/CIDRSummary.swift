import Compiler

/// The smallest list of CIDR blocks that covers exactly the union of some blocks.
///
/// A server subnet must admit every client subnet; with thousands of clients carved in order
/// from one pool, the exact union collapses to a handful of blocks, which keeps `allowSubnets`
/// (and the OVN ACLs made from it) short without admitting a single extra address.
package enum CIDRSummary {
    /// Merges `blocks` into the fewest blocks with the same union, sorted by address.
    package static func summarize(_ blocks: [CIDRBlock]) -> [CIDRBlock] {
        // Sorted by address (larger blocks first at equal address), a block can only be inside,
        // or the sibling of, the block on top of the stack; a merged parent may in turn be the
        // sibling of the block below it.
        let sorted = blocks.map(\.canonical).sorted { ($0.first.value, $0.prefix) < ($1.first.value, $1.prefix) }
        var stack: [CIDRBlock] = []
        stack.reserveCapacity(sorted.count)
        for b in sorted {
            if let top = stack.last, top.contains(b) { continue }
            stack.append(b)
            while stack.count >= 2, let parent = siblingsParent(stack[stack.count - 2], stack[stack.count - 1]) {
                stack.removeLast(2)
                stack.append(parent)
            }
        }
        return stack
    }

    /// The parent of `a` and `b` when they are its two halves, in order.
    private static func siblingsParent(_ a: CIDRBlock, _ b: CIDRBlock) -> CIDRBlock? {
        guard a.prefix == b.prefix, a.prefix > 0 else { return nil }
        let parent = CIDRBlock(base: a.first, prefix: a.prefix - 1)
        guard parent.isCanonical, parent.contains(b), a != b else { return nil }
        return parent
    }
}
