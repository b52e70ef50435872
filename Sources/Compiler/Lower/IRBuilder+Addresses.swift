import KFLang

extension IRBuilder {
    /// Gives every server a fixed address in its zone, distinct from the other servers there.
    ///
    /// An `address:` written on the server is kept once checked (inside the zone's block, not its
    /// network, broadcast or gateway address, not another server's); the other servers of the
    /// zone get the lowest free hosts from the third address of the block up (the second is the
    /// gateway), in declaration order, skipping the zone's reserved addresses.
    mutating func allocateServerAddresses() {
        var byZone: [Int: [Int]] = [:]
        var zoneOrder: [Int] = []
        for s in ev.instances.indices where ev.instances[s].kind == "server" {
            guard let z = ref(field(s, "zone")), let block = zoneBlocks[z], block.prefix <= 30 else { continue }
            if byZone[z] == nil { zoneOrder.append(z) }
            byZone[z, default: []].append(s)
        }
        for z in zoneOrder {
            let block = zoneBlocks[z]!
            let reserved: Set<UInt32> = [block.first.value, block.last.value, block.address(1).value]
            var taken: [UInt32: Int] = [:]
            // The lowest free host only moves up as addresses are taken, so one cursor per zone
            // makes handing out n addresses linear instead of quadratic.
            var cursor = block.first.value
            var pending: [Int] = []
            for s in byZone[z]! {
                guard case .ip(let ip) = field(s, "address") else {
                    pending.append(s)
                    continue
                }
                if !block.contains(ip) || reserved.contains(ip.value) {
                    let why: String
                    switch ip {
                    case _ where !block.contains(ip): why = "outside \(block.canonical)"
                    case block.first: why = "the network address of \(block.canonical)"
                    case block.last: why = "the broadcast address of \(block.canonical)"
                    default: why = "the gateway of \(block.canonical)"
                    }
                    sink.report(
                        .serverAddressInvalid(
                            span(s, "address"), address: ip.description, zone: ev.instances[z].name, why: why))
                    continue
                }
                if let other = taken[ip.value] {
                    // Reserve the suggestion, so that applying every fix-it gives distinct addresses.
                    let free = nextFree(block, reserved: reserved, taken: taken, from: &cursor)
                    if let free { taken[free.value] = s }
                    sink.report(
                        .serverAddressClash(
                            span(s, "address"), server: serverName(s), address: ip.description,
                            zone: ev.instances[z].name, other: serverName(other), otherSpan: span(other, "address"),
                            free: free?.description))
                    continue
                }
                taken[ip.value] = s
                serverAddresses[s] = ip
            }
            for s in pending {
                guard let ip = nextFree(block, reserved: reserved, taken: taken, from: &cursor) else {
                    let first = byZone[z]!.first { $0 != s } ?? s
                    sink.report(
                        .serverAddressClash(
                            span(s, "zone"), server: serverName(s), address: nil, zone: ev.instances[z].name,
                            other: serverName(first), otherSpan: span(first, "zone"), free: nil,
                            hosts: Int(block.size) - 3))
                    break
                }
                taken[ip.value] = s
                serverAddresses[s] = ip
            }
        }
    }

    /// The lowest host of `block` from `cursor` up that is neither reserved nor taken; moves
    /// `cursor` to it. Never past the broadcast address, so a `/0` block cannot overflow.
    private func nextFree(
        _ block: CIDRBlock, reserved: Set<UInt32>, taken: [UInt32: Int], from cursor: inout UInt32
    ) -> IPv4Address? {
        while cursor < block.last.value {
            if !reserved.contains(cursor) && taken[cursor] == nil { return IPv4Address(cursor) }
            cursor += 1
        }
        return nil
    }

    /// `federation.server` for messages.
    private func serverName(_ s: Int) -> String {
        parent(s).map { ev.instances[$0].name + ".server" } ?? ev.instances[s].name
    }
}
