import KFLang

extension IRBuilder {
    /// Networks and zones: declared blocks are checked (inside the pool, no overlaps), the
    /// others are carved from the pool in declaration order, first fit.
    mutating func buildNetworks() {
        for n in ev.instances.indices where ev.instances[n].kind == "network" {
            let netName = ev.instances[n].name
            var pool: CIDRBlock?
            if case .cidr(let p) = field(n, "pool") { pool = p }
            let prefix = int(field(n, "zone_prefix")) ?? 28
            let zones = ev.instances[n].childOrder.flatMap { ev.groups[$0].instances }
            var declared: [(zone: Int, block: CIDRBlock)] = []
            for z in zones {
                guard case .cidr(let c) = field(z, "cidr") else { continue }
                if let pool, !pool.contains(c) {
                    sink.report(
                        .zoneOutsidePool(
                            span(z, "cidr"), zone: ev.instances[z].name, cidr: c.description, pool: pool.description))
                }
                declared.append((z, c))
                zoneBlocks[z] = c
            }
            reportOverlaps(declared)
            if let pool {
                var alloc = CIDRAllocator(pool: pool, reserved: declared.map(\.block))
                var exhausted = false
                let toCarve = zones.filter { zoneBlocks[$0] == nil && !field($0, "cidr").isError }
                for z in toCarve where !exhausted {
                    if let b = alloc.allocate(prefix: prefix) {
                        zoneBlocks[z] = b
                    } else {
                        exhausted = true
                        sink.report(
                            .poolExhausted(
                                prefix < pool.prefix ? span(n, "zone_prefix") : span(n, "pool"),
                                network: netName, pool: pool.description, zone: ev.instances[z].name,
                                prefix: prefix, zones: toCarve.count))
                    }
                }
            } else if !field(n, "pool").isError,
                let z = zones.first(where: { zoneBlocks[$0] == nil && !field($0, "cidr").isError })
            {
                sink.report(.noPool(header(z), zone: ev.instances[z].name, network: netName))
            }
            var names: [String] = []
            for z in zones {
                names.append(ev.instances[z].name)
                guard let block = zoneBlocks[z] else { continue }
                let values = fields(z)
                if block.prefix > 30 {
                    sink.report(.zoneTooSmall(span(z, "cidr"), zone: ev.instances[z].name, cidr: block.description))
                }
                let egress: [String] =
                    if case .list(let xs) = values["egress"] {
                        xs.compactMap { if case .cidr(let c) = $0 { c.description } else { nil } }
                    } else { [] }
                let gateway = block.address(1).description
                out.zones.append(
                    IR.Zone(
                        name: ev.instances[z].name, k8sName: KubeName.label(ev.instances[z].name),
                        network: netName, cidr: block.description, gateway: gateway,
                        excludeIPs: [gateway], isPrivate: bool(values["private"]) ?? true,
                        egress: egress, carved: declared.allSatisfy { $0.zone != z }, origin: origin(z)))
            }
            out.networks.append(
                IR.Network(
                    name: netName, k8sName: KubeName.label(netName), pool: pool?.description,
                    zonePrefix: prefix, egress: bool(field(n, "egress")) ?? false,
                    zones: names, origin: origin(n)))
        }
    }

    /// Reports each pair of declared blocks that overlap (sorted sweep, linear after sorting).
    private func reportOverlaps(_ declared: [(zone: Int, block: CIDRBlock)]) {
        let sorted = declared.sorted { ($0.block.first.value, $0.zone) < ($1.block.first.value, $1.zone) }
        var widest: (zone: Int, block: CIDRBlock)?
        for cur in sorted {
            if let w = widest, w.block.last.value >= cur.block.first.value {
                let (a, b) = cur.zone > w.zone ? (cur, w) : (w, cur)
                sink.report(
                    .overlappingZones(
                        span(a.zone, "cidr"), ev.instances[a.zone].name, a.block.description,
                        ev.instances[b.zone].name, b.block.description, other: span(b.zone, "cidr")))
            }
            if widest == nil || cur.block.last.value > widest!.block.last.value { widest = cur }
        }
    }
}
