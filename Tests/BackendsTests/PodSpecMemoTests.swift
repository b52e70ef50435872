import Compiler
import IRFixtures
import Testing
import YAML

@testable import Backends

/// The parts of pod templates a memo hands from one template to the next
/// (``PodSpecBuilder/Memo``) must be what each template alone would hold: templates built in a
/// row whose inputs change at random places are the same as each built with a memo of its own.
@Suite struct PodSpecMemoTests {
    private struct Inputs {
        var resources: IR.Resources
        var labels: [String: String]
        var aliases: [PodSpecBuilder.HostAlias]
        var mounts: [PodSpecBuilder.Mount]
        var texts: [[String]]
        var origin: IR.Origin
    }

    /// A seeded generator (SplitMix64): the same inputs on every run.
    private struct Picker {
        var state: UInt64
        mutating func callAsFunction(_ n: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(n))
        }
    }

    private static func inputs(_ pick: inout Picker, _ i: Int) -> Inputs {
        let cpu = [100, 500, 500, 2000][pick(4)]
        let extended: [String: Int]? = pick(3) == 0 ? ["nvidia.com/gpu": 1 + pick(2)] : nil
        let plan = PodSpecBuilder.Mount(
            name: "plan", source: ["configMap": ["name": .string("plan-\(pick(2))")]], path: "/etc/kfc", readOnly: true)
        let ledger = PodSpecBuilder.Mount(name: "ledger", source: [:], path: "/var/lib/kfc/ledger", readOnly: false)
        return Inputs(
            resources: IR.Resources(
                cpuRequestMillis: cpu, cpuLimitMillis: cpu, memoryRequestBytes: 1 << (20 + pick(3)),
                memoryLimitBytes: 1 << 30, extended: extended),
            labels: [["role": "fl-client"], ["role": "gpu"], ["role": "fl-client", "zone": "a"], [:]][pick(4)],
            aliases: pick(4) == 0 ? [] : [.init("10.0.0.\(pick(2) + 1)", ["server.ns.svc"])],
            mounts: [
                pick(2) == 0 ? plan.shared() : plan,
                ledger.sharingEntry().withSource(["persistentVolumeClaim": ["claimName": .string("c-\(i)-ledger")]]),
                .init(
                    name: "data", source: ["emptyDir": [:]], path: "/var/lib/kfc/data/part-\(pick(3)).csv",
                    readOnly: true, subPath: pick(2) == 0 ? nil : "part-\(i).csv"),
            ],
            texts: [["\(1 + pick(2))Mi"], ["/data/\(pick(2))"], ["10.0.\(pick(2)).0/28", "10.1.0.0/28"], ["ns"]],
            origin: pick(5) == 0
                ? .synthetic : IR.Origin(file: ["a.kf", "b.kf"][pick(2)], line: 1 + pick(2), column: 1 + pick(2)))
    }

    private static func template(_ x: Inputs, _ memo: inout PodSpecBuilder.Memo) -> YAMLNode {
        var placement = PodSpecBuilder.Placement(node: "n", topology: Topology(IRFixtures.kubeflower(n: 1)))
        placement.labels = x.labels
        let container = PodSpecBuilder.container(
            name: "client", image: "img", args: ["exec"], resources: memo.resources(x.resources))
        let pod = PodSpecBuilder.template(
            labels: ["app": "x"], annotations: [:], container: container, mounts: x.mounts, placement: placement,
            restartPolicy: "Never", hostAliases: x.aliases, memo: &memo)
        let slots: [PodSpecBuilder.Memo.Slot] = [.ledgerResources, .localPath, .allowSubnets, .namespaces]
        return [
            "pod": pod,
            "annotations": .mapping(memo.sourceAnnotation(x.origin)),
            "texts": .sequence(
                zip(slots, x.texts).map { slot, key in memo.node(slot, key) { .sequence($0.map { .string($0) }) } }),
        ]
    }

    @Test func templatesBuiltInARowAreTheTemplatesBuiltAlone() {
        var pick = Picker(state: 14)
        var shared = PodSpecBuilder.Memo()
        var reused = 0
        var previous: YAMLNode?
        for i in 0..<2_000 {
            let x = Self.inputs(&pick, i)
            var own = PodSpecBuilder.Memo()
            let inRow = Self.template(x, &shared)
            let alone = Self.template(x, &own)
            #expect(inRow == alone, "template \(i)")
            if let previous, previous["pod"]?["spec"]?["hostAliases"] == inRow["pod"]?["spec"]?["hostAliases"] {
                reused += 1
            }
            previous = inRow
        }
        // The inputs repeat often enough for the memo to serve: runs of equal parts are common.
        #expect(reused > 500, "\(reused)")
    }

    /// A mount built once keeps its entry when its source changes, never a stale volume.
    @Test func aMountWithAnotherSourceBuildsItsVolume() {
        let m = PodSpecBuilder.Mount(name: "v", source: ["emptyDir": [:]], path: "/p", readOnly: true).shared()
        let other = m.withSource(["secret": ["secretName": "s"]])
        #expect(other.volume == ["name": "v", "secret": ["secretName": "s"]])
        #expect(other.entry == ["name": "v", "mountPath": "/p", "readOnly": true])
        #expect(m.volume == ["name": "v", "emptyDir": [:]])
    }

    /// A built node is always its mount's: changing a field it is made of drops it, and an
    /// entry is taken from another mount only when that one is mounted alike.
    @Test func builtNodesFollowTheirMount() {
        var m = PodSpecBuilder.Mount(name: "v", source: ["emptyDir": [:]], path: "/p", readOnly: true).shared()
        m.path = "/q"
        #expect(m.entry == ["name": "v", "mountPath": "/q", "readOnly": true])
        #expect(m.volumeNode != nil)
        m.name = "w"
        #expect(m.volume == ["name": "w", "emptyDir": [:]])
        m.subPath = "f"
        #expect(m.entry == ["name": "w", "mountPath": "/q", "readOnly": true, "subPath": "f"])
        let built = PodSpecBuilder.Mount(name: "t", source: [:], path: "/t", readOnly: true).sharingEntry()
        let alike = PodSpecBuilder.Mount(name: "t", source: ["secret": ["secretName": "a"]], path: "/t", readOnly: true)
        let unlike = PodSpecBuilder.Mount(name: "t", source: [:], path: "/u", readOnly: true)
        #expect(alike.sharingEntry(of: built).entryNode != nil)
        #expect(unlike.sharingEntry(of: built).entryNode == nil)
        #expect(unlike.sharingEntry(of: built).entry == ["name": "t", "mountPath": "/u", "readOnly": true])
    }
}
