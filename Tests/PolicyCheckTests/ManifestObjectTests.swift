import KFLang
import Testing
import YAML

@testable import PolicyCheck

/// What `ManifestObject` reads of every object once: its group and whether it runs pods.
@Suite struct ManifestObjectTests {
    static func object(apiVersion: String, kind: String) -> ManifestObject {
        let value: YAMLNode = [
            "apiVersion": .string(apiVersion), "kind": .string(kind), "metadata": ["name": "x"],
        ]
        return ManifestObject(file: PolicyPass.emittedFile, path: "<emitted>", value: value)
    }

    /// The group is what comes before the first '/' byte, as the API server splits it.
    @Test func theGroupIsBeforeTheFirstSlash() {
        #expect(Self.object(apiVersion: "kubeovn.io/v1", kind: "Subnet").group == "kubeovn.io")
        #expect(Self.object(apiVersion: "apps/v1", kind: "Deployment").group == "apps")
        #expect(Self.object(apiVersion: "v1", kind: "Pod").group == "")
        #expect(Self.object(apiVersion: "a/b/c", kind: "Pod").group == "a")
        // A combining mark after the '/' makes one character of the two, not another separator.
        #expect(Self.object(apiVersion: "kubeovn.io/\u{301}v1", kind: "Subnet").group == "kubeovn.io")
        #expect(Self.object(apiVersion: "caf\u{E9}/v1", kind: "Pod").group == "caf\u{E9}")
    }

    /// Exactly the kinds that run pods are workloads, whatever their group.
    @Test func workloadsAreTheKindsThatRunPods() {
        for kind in ["Pod", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob"] {
            #expect(Self.object(apiVersion: "apps/v1", kind: kind).isWorkload, "\(kind)")
        }
        for kind in ["Service", "ConfigMap", "Subnet", "PersistentVolumeClaim", "pod", "Jobs", ""] {
            #expect(!Self.object(apiVersion: "v1", kind: kind).isWorkload, "\(kind)")
        }
    }
}
