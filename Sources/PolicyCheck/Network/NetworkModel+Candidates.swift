/// Pruning: which sources could possibly reach a destination, without testing every pair.
///
/// Each layer gives an over-approximation of the sources it admits into a destination: the
/// NetworkPolicy layer per *ingress signature* (the set of policies isolating the destination,
/// shared by most pods), KubeOVN per private subnet (its own block, `allowSubnets`, nodes).
/// The provers intersect these, then skip whole groups of sources whose egress signature does
/// not admit the destination, and only then evaluate pairs. Caches are computed once, so the
/// cost is linear in endpoints plus the number of flows that exist.
extension NetworkModel {
    /// Sources that may reach `d` under `layers`, sorted and without repeats, or nil when no
    /// layer prunes anything.
    ///
    /// The cached lists are sorted and unique already, so the common destination (one
    /// interface, one layer pruning or two) costs no copy or at most one merge.
    package func candidateSources(to d: Int, layers: Layers) -> [Int]? {
        let dst = endpoints[d]
        guard dst.kind == .pod, !dst.hostNetwork else { return nil }
        var np: [Int]?
        if layers.contains(.networkPolicy), !ingressPolicies[d].isEmpty {
            np = caches.npIngressSources[ingressPolicies[d]]
        }
        var ovn: [Int]?
        if layers.contains(.kubeOVN) {
            let lists = dst.interfaces.map { caches.ovnAdmitted[$0.subnet] }
            if !lists.contains(where: { $0 == nil }) {
                if lists.count == 1 && exposures[d] == nil {
                    ovn = lists[0]
                } else {
                    var union = lists.flatMap { $0! }
                    if exposures[d] != nil { union.append(internet) }
                    ovn = Self.sortedUnique(union)
                }
            }
        }
        switch (np, ovn) {
        case (nil, nil): return nil
        case (let l?, nil), (nil, let l?): return l
        case (let a?, let b?): return Self.intersection(a, b)
        }
    }

    /// `list` sorted, without repeats.
    static func sortedUnique(_ list: [Int]) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(list.count)
        for x in list.sorted() where out.last != x { out.append(x) }
        return out
    }

    /// The members of two sorted lists without repeats that are in both, sorted.
    static func intersection(_ a: [Int], _ b: [Int]) -> [Int] {
        var out: [Int] = []
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] < b[j] {
                i += 1
            } else if a[i] > b[j] {
                j += 1
            } else {
                out.append(a[i]); i += 1; j += 1
            }
        }
        return out
    }

    /// Whether `s`'s egress policies can admit `d` at all (false prunes the whole egress group).
    package func egressMayAdmit(source s: Int, destination d: Int) -> Bool {
        let sig = egressPolicies[s]
        if sig.isEmpty { return true }
        guard let dests = caches.npEgressDestinations[sig] else { return true }
        return dests.contains(d)
    }

    /// Fills the candidate caches (called once by the builder).
    mutating func computeCaches() {
        let hostNet = endpoints.filter { $0.kind == .pod && $0.hostNetwork }.map(\.id)
        for sig in Set(ingressPolicies) where !sig.isEmpty {
            if let l = peerMatches(sig, direction: \.ingress) {
                caches.npIngressSources[sig] = Self.sortedUnique(l + hostNet)
            }
        }
        for sig in Set(egressPolicies) where !sig.isEmpty {
            if let l = peerMatches(sig, direction: \.egress) { caches.npEgressDestinations[sig] = Set(l) }
        }
        // Subnets sorted by first address, for range lookups of allowSubnets. Blocks are copied
        // out once: reading them through `subnets[i]` in a comparator copies whole subnets.
        let cidrs = subnets.map(\.cidr)
        let unknown = subnets.map { $0.cidrText == "unknown" }
        let known = subnets.indices.filter { !unknown[$0] && !cidrs[$0].isEmpty }
        let sorted = known.sorted { cidrs[$0].ranges[0].lowerBound < cidrs[$1].ranges[0].lowerBound }
        let starts = sorted.map { cidrs[$0].ranges[0].lowerBound }
        var maxEnd: [UInt32] = []
        var mx: UInt32 = 0
        for k in sorted { mx = max(mx, cidrs[k].ranges.last!.upperBound); maxEnd.append(mx) }
        let unknownEndpoints = subnets.indices.filter { unknown[$0] }.flatMap { bySubnet[$0] }
        for k in subnets.indices where subnets[k].isPrivate && !subnets[k].hasUserACLs && subnets[k].object != nil {
            var out = bySubnet[k] + hostNet + unknownEndpoints
            for a in subnets[k].allowSubnets {
                for r in a.set.ranges {
                    // Last subnet starting at or before r.upperBound, then back while some earlier one
                    // still ends at or after r.lowerBound (running maximum of ends).
                    var lo = 0, hi = starts.count
                    while lo < hi {
                        let mid = (lo + hi) / 2; if starts[mid] <= r.upperBound { lo = mid + 1 } else { hi = mid }
                    }
                    var i = lo - 1
                    while i >= 0 && maxEnd[i] >= r.lowerBound {
                        if cidrs[sorted[i]].ranges.contains(where: {
                            $0.lowerBound <= r.upperBound && $0.upperBound >= r.lowerBound
                        }) {
                            out += bySubnet[sorted[i]]
                        }
                        i -= 1
                    }
                }
            }
            caches.ovnAdmitted[k] = Self.sortedUnique(out)
        }
    }

    /// Endpoints some rule of the policies in `sig` names as a peer; nil when a rule admits every peer.
    private func peerMatches(_ sig: [Int], direction: KeyPath<NetworkPolicyModel, [NetworkPolicyModel.PolicyRule]>)
        -> [Int]?
    {
        var out: [Int] = []
        for k in sig {
            let p = policies[k]
            for r in p[keyPath: direction] {
                guard let peers = r.peers else { return nil }
                for peer in peers {
                    switch peer {
                    case .invalid: continue
                    case .ipBlock:
                        out += endpoints.indices.filter {
                            matches(peer, policyNamespace: p.namespace, endpoint: endpoints[$0], may: true)
                        }
                    case .pods(let pods, let nss):
                        if let nss {
                            for ns in byNamespace.keys.sorted()
                            where nss.matches(namespaceLabels[ns] ?? ["kubernetes.io/metadata.name": ns]) {
                                out += select(pods, in: ns)
                            }
                        } else {
                            out += select(pods, in: p.namespace)
                        }
                    }
                }
            }
        }
        return out
    }
}
