import Foundation
import KFLang
import Testing

@testable import Compiler

/// Server addresses are handed out from one cursor per zone: linear in the servers of a zone,
/// and never past the broadcast address of a `/0` or `/1` zone.
@Suite struct AddressAllocationTests {
    /// The digits example with `federations` federations of two clients whose servers and
    /// clients all sit in one zone carved from a `/0` pool.
    static func source(federations: Int) throws -> String {
        var s = try String(
            contentsOf: CompileHelper.root.appendingPathComponent("examples/digits/topology.kf"), encoding: .utf8)
        if let policy = s.range(of: "policy {") { s = String(s[..<policy.lowerBound]) }
        return
            s
            .replacingOccurrences(of: "pool: 10.20.0.0/16", with: "pool: 0.0.0.0/0\n  zone_prefix: 1")
            .replacingOccurrences(of: "zone site[i in 0..<n] { private: true }", with: "")
            .replacingOccurrences(of: "zone: fl_net.site[i]", with: "zone: fl_net.core")
            .replacingOccurrences(of: "federation digits_fl {", with: "federation digits_fl[f in 0..<\(federations)] {")
    }

    @Test func thousandsOfServersInOneHugeZoneGetTheLowestDistinctHosts() throws {
        let (result, diags) = CompileHelper.compile(try Self.source(federations: 3000), overrides: ["n": "2"])
        #expect(!diags.contains { $0.severity == .error }, "\(diags.prefix(3))")
        let d = try #require(result.deployment)
        let core = try #require(d.zones.first { $0.name == "fl_net.core" })
        #expect(core.cidr == "0.0.0.0/1")
        let addresses = d.federations.map(\.server.address)
        #expect(addresses.count == 3000 && Set(addresses).count == 3000)
        // From the third address up (the second is the gateway), in declaration order.
        #expect(addresses.first == "0.0.0.2")
        #expect(addresses.last == IPv4Address(UInt32(2 + 2999)).description)
    }
}
