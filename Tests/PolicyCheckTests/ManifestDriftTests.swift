import KFLang
import Testing
import YAML

@testable import PolicyCheck

/// Drift between the objects a build emits and the manifests on disk.
@Suite struct ManifestDriftTests {
    static func deployment(image: String, replicas: YAMLNode = .int(1), source: String? = "topology.kf:27:3")
        -> YAMLNode
    {
        var metadata: YAMLMapping = ["name": "fl-server", "namespace": "fl"]
        if let source { metadata["annotations"] = .mapping(["kfc.dev/source": .string(source)]) }
        return [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": .mapping(metadata),
            "spec": [
                "replicas": replicas,
                "template": [
                    "spec": ["containers": [["name": "server", "image": .string(image, style: .doubleQuoted)]]]
                ],
            ],
        ]
    }

    static func onDisk(_ values: [YAMLNode]) -> [ManifestObject] {
        values.map { ManifestObject(file: FileID(1), path: "manifests.yaml", value: $0) }
    }

    @Test func presentationKeyOrderAndProvenanceAreNotDrift() {
        let built = Self.deployment(image: "kfc:1", replicas: .int(1))
        // Read back from a file: no string style, a float for the int, keys in another order,
        // and the annotation written where another build ran.
        var disk = Self.deployment(image: "kfc:1", replicas: .double(1), source: "../x/topology.kf:27:3")
        disk = .mapping(YAMLMapping(disk.mapping!.entries.reversed()))
        if case .mapping(var m) = disk, case .mapping(var spec)? = m["spec"] {
            spec["template"] = ["spec": ["containers": [["image": "kfc:1", "name": "server"]]]]
            m["spec"] = .mapping(spec)
            disk = .mapping(m)
        }
        let findings = ManifestDrift.findings(
            built: [built], onDisk: Self.onDisk([disk]), source: "topology.kf", strict: false, locate: { _ in nil })
        #expect(findings.isEmpty, "\(findings.map(\.diagnostic))")
    }

    @Test func aChangedFieldIsNamedWithBothValues() throws {
        let findings = ManifestDrift.findings(
            built: [Self.deployment(image: "kfc:1")], onDisk: Self.onDisk([Self.deployment(image: "evil:2")]),
            source: "topology.kf", strict: false, locate: { _ in nil })
        let f = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(f.diagnostic.code == "KF3212")
        #expect(f.diagnostic.severity == .warning)
        #expect(f.diagnostic.message == "'Deployment/fl/fl-server' differs from what 'topology.kf' builds in 1 field")
        #expect(f.diagnostic.notes.contains("spec.template.spec.containers[0].image: \"kfc:1\" → \"evil:2\""))
        #expect(f.subject == "Deployment/fl/fl-server")
        #expect(f.rule == "drift")
    }

    @Test func missingAndExtraObjectsAreMatchedByKindNamespaceAndName() {
        var other = Self.deployment(image: "kfc:1")
        if case .mapping(var m) = other {
            m["metadata"] = ["name": "fl-server", "namespace": "elsewhere"]
            other = .mapping(m)
        }
        let findings = ManifestDrift.findings(
            built: [Self.deployment(image: "kfc:1")], onDisk: Self.onDisk([other]), source: "topology.kf",
            strict: true, locate: { _ in nil })
        #expect(findings.map(\.diagnostic.code) == ["KF3210", "KF3211"])
        #expect(findings.map(\.subject) == ["Deployment/fl/fl-server", "Deployment/elsewhere/fl-server"])
        #expect(findings.allSatisfy { $0.diagnostic.severity == .error })
    }

    @Test func aMissingObjectPointsAtItsDeclaration() {
        let kf = Span(file: FileID(0), start: 100, end: 106, line: 27, column: 3)
        let findings = ManifestDrift.findings(
            built: [Self.deployment(image: "kfc:1")], onDisk: [], source: "topology.kf", strict: false,
            locate: { $0 == SourceLocation(path: "topology.kf", line: 27, column: 3) ? kf : nil })
        #expect(findings.map(\.diagnostic.primary?.span) == [kf])
    }

    @Test func differencesListAbsentValuesAndStopAtFive() {
        let a: YAMLNode = ["a": 1, "b": ["x", "y"], "c": ["k": true]]
        let b: YAMLNode = ["a": 2, "b": ["x"], "d": .null, "c": ["k": "true"]]
        #expect(
            YAMLDifference.between(a, b).map(\.description) == [
                "a: 1 → 2", "b[1]: \"y\" → (absent)", "c.k: true → \"true\"", "d: (absent) → null",
            ])
        let wide = YAMLNode.mapping(YAMLMapping((0..<8).map { ("k\($0)", .int($0)) }))
        let findings = ManifestDrift.findings(
            built: [Self.with(wide, name: "w")], onDisk: Self.onDisk([Self.with(.mapping([:]), name: "w")]),
            source: "t.kf", strict: false, locate: { _ in nil })
        #expect(findings.first?.diagnostic.message.hasSuffix("in 8 fields") == true)
        #expect(findings.first?.diagnostic.notes.last == "and 3 more")
        #expect(findings.first?.diagnostic.notes.count == 1 + ManifestDrift.shownFields + 1)
    }

    static func with(_ data: YAMLNode, name: String) -> YAMLNode {
        [
            "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name), "namespace": "fl"],
            "data": data,
        ]
    }
}
