import Testing
import YAML

@testable import PolicyCheck

@Suite struct NetworkPrimitivesTests {
    /// The byte reading of a block equals the first reading on every generated text: valid
    /// blocks, addresses and their mutations (leading zeros, long octets, prefixes over 32, a
    /// fifth octet, stray bytes and spaces), and random strings of the bytes that matter.
    @Test func blocksReadAsTheReferenceReadsThem() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(n))
        }
        let alphabet = Array("0123456789./ :a-")
        var texts = ["", " ", "/", ".", "0.0.0.0/0", "255.255.255.255", "10.0.0.0/33", "01.2.3.4", "1.2.3.4/08"]
        for _ in 0..<100_000 {
            let count = next(4) == 0 ? 3 + 2 * next(2) : 4
            let octets = (0..<count).map { _ in String(next(8) == 0 ? next(1000) : next(256)) }
            var t = octets.joined(separator: ".")
            if next(2) == 0 { t += "/" + String(next(40)) }
            var chars = Array(t)
            for _ in 0..<next(3) where !chars.isEmpty {
                switch next(3) {
                case 0: chars[next(chars.count)] = alphabet[next(alphabet.count)]
                case 1: chars.insert(alphabet[next(alphabet.count)], at: next(chars.count + 1))
                default: chars.remove(at: next(chars.count))
                }
            }
            texts.append(String(chars))
            texts.append(String((0..<next(18)).map { _ in alphabet[next(alphabet.count)] }))
        }
        var valid = 0
        for t in texts {
            let read = IPSet(cidrOrAddress: t)?.ranges
            let reference = IPSet.referenceBlock(t).map { [$0] }
            #expect(read == reference, "\(t)")
            if read != nil { valid += 1 }
        }
        // Both kinds occur: the comparison is not one of two nils.
        #expect(valid > texts.count / 10 && valid < texts.count / 2, "\(valid) of \(texts.count)")
    }

    /// A workload's labels read for its class key are `ManifestObject.stringMap`'s, sorted: the
    /// last scalar of a key written twice wins and non-scalars are skipped.
    @Test func labelEntriesReadAsStringMapSorted() {
        let labels: YAMLNode = .mapping(
            YAMLMapping([
                ("b", .string("1")), ("a", .string("x")), ("b", .string("2")), ("c", .sequence([])),
                ("a", .mapping(YAMLMapping())), ("d", .string("4")),
            ]))
        let read = NetworkModelBuilder.sortedStringEntries(labels)
        let reference = ManifestObject.stringMap(labels).sorted { $0.key < $1.key }
        #expect(read.map(\.key) == reference.map(\.key) && read.map(\.value) == reference.map(\.value))
        #expect(read.map(\.key) == ["a", "b", "d"] && read.map(\.value) == ["x", "2", "4"])
        let filtered = NetworkModelBuilder.sortedStringEntries(labels) { $0 != "b" }
        #expect(filtered.map(\.key) == ["a", "d"])
    }

    @Test func ipSetArithmetic() throws {
        let a = try #require(IPSet(cidrOrAddress: "10.0.0.0/24"))
        let b = try #require(IPSet(cidrOrAddress: "10.0.0.128/25"))
        #expect(a.subtracting(b).description == "10.0.0.0/25")
        #expect(b.isSubset(of: a) && !a.isSubset(of: b))
        #expect(a.overlaps(b))
        #expect(!a.overlaps(try #require(IPSet(cidrOrAddress: "10.0.1.0/24"))))
        #expect(IPSet(cidrOrAddress: " 10.0.0.5 ")?.description == "10.0.0.5")
        #expect(IPSet(cidrOrAddress: "10.0.0.0/33") == nil)
        #expect(IPSet(cidrOrAddress: "10.0.0") == nil)
        #expect(IPSet(cidrOrAddress: "10.00.0.1") == nil)
        #expect(IPSet(cidrOrAddress: "256.0.0.1") == nil)
        // Host bits are cleared, as Kubernetes and KubeOVN read a block.
        #expect(IPSet(cidrOrAddress: "10.0.0.7/30")?.description == "10.0.0.4/30")
    }

    @Test func publicInternetExcludesPrivateRanges() throws {
        #expect(!IPSet.publicInternet.overlaps(try #require(IPSet(cidrOrAddress: "10.1.2.3"))))
        #expect(!IPSet.publicInternet.overlaps(try #require(IPSet(cidrOrAddress: "100.64.0.1"))))
        #expect(try #require(IPSet(cidrOrAddress: "8.8.8.8")).isSubset(of: .publicInternet))
        #expect(IPSet.publicInternet.isSubset(of: .all))
    }

    @Test func portSetArithmetic() {
        let web = PortSet(.tcp, 80...80).union(PortSet(.tcp, 443...443))
        #expect(web.description == "TCP:80,TCP:443")
        #expect(web.intersection(PortSet(.tcp, 1...100)).description == "TCP:80")
        #expect(PortSet.all.subtracting(.all(.udp)).subtracting(.all(.sctp)) == .all(.tcp))
        #expect(PortSet.all.description == "all ports")
        #expect(web.intersection(.all(.udp)).isEmpty)
        #expect(PortSet(.tcp, 81...81).union(PortSet(.tcp, 80...80)) == PortSet(.tcp, 80...81))
    }

    @Test func labelSelectors() {
        let sel = LabelSelector([
            "matchLabels": ["app": "a"],
            "matchExpressions": [
                ["key": "tier", "operator": "In", "values": ["x", "y"]],
                ["key": "debug", "operator": "DoesNotExist"],
            ],
        ])
        #expect(sel.matches(["app": "a", "tier": "x"]))
        #expect(!sel.matches(["app": "a", "tier": "z"]))
        #expect(!sel.matches(["app": "a", "tier": "x", "debug": "1"]))
        #expect(LabelSelector.everything.matches([:]))
        let bad = LabelSelector(["matchExpressions": [["key": "k", "operator": "Near"]]])
        #expect(bad.invalid && !bad.matches([:]))
    }

    @Test func aclMatchExpressions() throws {
        let dnf = try #require(OVNACL.parse("ip4.src == 10.0.0.0/24 && (tcp.dst == 80 || tcp.dst == 443)"))
        #expect(dnf.count == 2)
        let acl = OVNACL(
            direction: .toLport, priority: 2000, action: .drop, dnf: dnf, ref: RuleRef(.kubeOVN, object: nil, "t"))
        let inside = try #require(IPSet(cidrOrAddress: "10.0.0.5"))
        let outside = try #require(IPSet(cidrOrAddress: "10.0.1.5"))
        #expect(acl.matchedPorts(src: inside, dst: .all, assume: false).description == "TCP:80,TCP:443")
        #expect(acl.matchedPorts(src: outside, dst: .all, assume: true).isEmpty)
        // A partly covered source matches only when the question assumes the worst.
        let wide = try #require(IPSet(cidrOrAddress: "10.0.0.0/16"))
        #expect(acl.matchedPorts(src: wide, dst: .all, assume: false).isEmpty)
        #expect(!acl.matchedPorts(src: wide, dst: .all, assume: true).isEmpty)
        // Unknown atoms (address sets, ports of the switch) are read conservatively.
        let unknown = try #require(OVNACL.parse("inport == @pg && ip4"))
        #expect(unknown.first?.count == 2)
        #expect(OVNACL.parse("ip4.src == ") == nil)
    }
}
