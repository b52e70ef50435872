import Compiler
import IRFixtures
import Testing
import YAML

@testable import Backends

@Suite struct KubeOVNEmitterTests {
    @Test func oneVpcPerNetworkWithoutRoutesUnlessAZoneDeclaresEgress() throws {
        let (p, _) = build(IRFixtures.multiSite(), [.kubeOVN])
        #expect(p.objects(.vpc).map(\.name) == ["hospital-net", "lab-net"])
        let hospital = try #require(p.object(.vpc, "hospital-net")).body
        #expect(hospital.at("spec.staticRoutes") == nil)
        #expect(hospital.at("spec.policyRoutes") == nil)
        #expect(hospital.at("spec.namespaces") == ["xray-fl"])
        let (kf, _) = build(IRFixtures.kubeflower(n: 10), [.kubeOVN])
        #expect(kf.object(.vpc, "fl-net")?.body.at("spec") == ["namespaces": ["digits-fl"]])
        #expect(kf.objects(.vpcNatGateway).isEmpty)
    }

    @Test func oneSubnetPerZone() throws {
        let ir = IRFixtures.kubeflower(n: 10)
        let (p, _) = build(ir, [.kubeOVN])
        #expect(p.objects(.subnet).count == 11)
        let site = try #require(p.object(.subnet, "fl-net-site-4")).body
        let zone = ir.zones.first { $0.k8sName == "fl-net-site-4" }!
        #expect(site.at("spec.cidrBlock")?.string == zone.cidr)
        #expect(site.at("spec.gateway")?.string == zone.gateway)
        #expect(site.at("spec.excludeIps") == .sequence(zone.excludeIPs.map { .string($0) }))
        #expect(site.at("spec.vpc")?.string == "fl-net")
        #expect(site.at("spec.private")?.bool == true)
        #expect(site.at("spec.natOutgoing")?.bool == false)
        #expect(site.at("spec.namespaces") == ["digits-fl"])
    }

    @Test func clientSubnetsAdmitOnlyTheServerSubnetAndTheServerAdmitsThemAll() throws {
        let (p, _) = build(IRFixtures.multiSite(), [.kubeOVN])
        for name in ["hospital-net-clinic-a-0", "hospital-net-clinic-a-1", "hospital-net-clinic-b"] {
            #expect(p.object(.subnet, name)?.body.at("spec.allowSubnets") == ["10.40.0.0/24"], "\(name)")
        }
        // The hub is public: no allowSubnets. lab_core is private: it admits its two clients.
        #expect(p.object(.subnet, "hospital-net-hub")?.body.at("spec.private")?.bool == false)
        #expect(p.object(.subnet, "hospital-net-hub")?.body.at("spec.allowSubnets") == nil)
        #expect(
            p.object(.subnet, "lab-net-lab-core")?.body.at("spec.allowSubnets") == ["10.50.0.16/28", "10.50.0.32/28"])
    }

    @Test func serverAllowSubnetsAreSummarisedExactly() throws {
        let ir = IRFixtures.kubeflower(n: 200)
        var core = ir.zones[0]
        core.isPrivate = true
        var privateCore = ir
        privateCore.zones[0] = core
        let (p, _) = build(privateCore, [.kubeOVN])
        let allow = try #require(p.object(.subnet, "fl-net-core")?.body.at("spec.allowSubnets")?.sequence)
        let blocks = allow.compactMap { $0.string.flatMap(CIDRBlock.init) }
        // 200 /28s from 10.18.0.16 to 10.18.12.143: a handful of blocks, covering exactly them.
        #expect(blocks.count < 12)
        let covered = blocks.reduce(UInt64(0)) { $0 + $1.size }
        #expect(covered == 200 * 16)
        for client in ir.zones.dropFirst() {
            let b = CIDRBlock(client.cidr)!
            #expect(blocks.contains { $0.contains(b) })
        }
        #expect(!blocks.contains { $0.contains(CIDRBlock(ir.zones[0].cidr)!) })
    }

    @Test func egressZonesGetANATGatewayAndRoutesForTheirOwnTrafficOnly() throws {
        let (p, _) = build(IRFixtures.multiSite(), [.kubeOVN])
        #expect(p.objects(.vpcNatGateway).map(\.name) == ["lab-net-egress"])
        let gw = try #require(p.object(.vpcNatGateway, "lab-net-egress")).body
        #expect(gw.at("spec.vpc")?.string == "lab-net")
        #expect(gw.at("spec.subnet")?.string == "lab-net-lab-core")
        #expect(gw.at("spec.lanIp")?.string == "10.50.0.14")
        #expect(p.object(.iptablesEIP, "lab-net-egress")?.body.at("spec.natGwDp")?.string == "lab-net-egress")
        let snat = p.objects(.iptablesSnatRule).map { $0.body.at("spec.internalCIDR")?.string }
        #expect(snat == ["10.50.0.0/28", "10.50.0.32/28"])
        let routes = try #require(p.object(.vpc, "lab-net")?.body.at("spec.policyRoutes")?.sequence)
        let reroutes = routes.filter { $0["action"]?.string == "reroute" }
        #expect(
            reroutes.map { $0["match"]?.string } == [
                "ip4.src == 10.50.0.0/28", "ip4.src == 10.50.0.32/28 && ip4.dst == 203.0.113.0/24",
            ])
        #expect(reroutes.allSatisfy { $0["nextHopIP"]?.string == "10.50.0.14" })
        // Traffic inside the Vpc is allowed before any reroute.
        let allows = routes.filter { $0["action"]?.string == "allow" }
        #expect(allows.map { $0["match"]?.string } == ["ip4.dst == 10.50.0.0/27", "ip4.dst == 10.50.0.32/28"])
        #expect(allows.allSatisfy { ($0["priority"]?.int ?? 0) > (reroutes[0]["priority"]?.int ?? 0) })
        // The gateway's zone is private: it admits the egress zones' outbound traffic explicitly.
        let acls = try #require(p.object(.subnet, "lab-net-lab-core")?.body.at("spec.acls")?.sequence)
        #expect(
            acls.map { $0["match"]?.string } == [
                "ip4.src == 10.50.0.0/28 && ip4.dst != {10.50.0.0/27, 10.50.0.32/28}",
                "ip4.src == 10.50.0.32/28 && ip4.dst == 203.0.113.0/24",
            ])
        #expect(acls.allSatisfy { $0["action"]?.string == "allow-related" && $0["direction"]?.string == "to-lport" })
        #expect(p.object(.subnet, "lab-net-lab-edge-1")?.body.at("spec.acls") == nil)
    }
}

@Suite struct CIDRSummaryTests {
    func blocks(_ s: [String]) -> [CIDRBlock] { s.map { CIDRBlock($0)! } }

    @Test func mergesSiblingsRepeatedly() {
        #expect(
            CIDRSummary.summarize(blocks(["10.0.0.0/28", "10.0.0.16/28", "10.0.0.32/27"])) == blocks(["10.0.0.0/26"]))
    }

    @Test func keepsNonSiblingsApart() {
        // 10.0.0.16/28 and 10.0.0.32/28 are adjacent but not halves of one block.
        #expect(
            CIDRSummary.summarize(blocks(["10.0.0.32/28", "10.0.0.16/28"])) == blocks(["10.0.0.16/28", "10.0.0.32/28"]))
    }

    @Test func dropsContainedAndDuplicateBlocks() {
        #expect(
            CIDRSummary.summarize(blocks(["10.0.0.0/24", "10.0.0.64/28", "10.0.0.0/24"])) == blocks(["10.0.0.0/24"]))
    }

    @Test func emptyStaysEmpty() {
        #expect(CIDRSummary.summarize([]).isEmpty)
    }
}
