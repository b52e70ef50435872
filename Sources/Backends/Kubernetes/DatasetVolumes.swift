import Compiler
import YAML

/// How a client's dataset reaches its container: a local PersistentVolume pinned to the data's
/// node and a claim bound to it by name, or a hostPath volume where the dataset asks for one.
///
/// Either way the container sees the dataset file alone, read-only, at `containerPath(of:)`:
/// the local volume holds the file's folder and the mount takes only the file (`subPath`); the
/// hostPath volume is the file itself. Clients whose shards share a folder on one node can
/// therefore never read each other's data (`StorageIsolationCheck` proves it on the manifests).
package struct DatasetVolumes: Sendable {
    /// The deployment's indexes.
    package let topology: Topology
    /// The federation whose clients mount the data.
    package let federation: IR.Federation

    /// Creates the builder.
    package init(topology: Topology, federation: IR.Federation) {
        self.topology = topology
        self.federation = federation
    }

    /// The folder of a dataset path on the node (`/data/digits` for `/data/digits/part-3.csv`).
    package static func hostFolder(of path: String) -> String {
        guard let slash = lastSlash(in: path) else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    /// The file name of a dataset path (`part-3.csv` for `/data/digits/part-3.csv`).
    package static func fileName(of path: String) -> String {
        // The last non-empty component, as `path.split(separator: "/").last` finds it, without
        // an array of every component (twice per client).
        path.lastComponentRange(separatedBy: UInt8(ascii: "/")).map { String(path[$0]) } ?? path
    }

    /// The last '/' of `path` as `path.lastIndex(of: "/")` finds it, by bytes when the path is ASCII.
    static func lastSlash(in path: String) -> String.Index? {
        path.lastIndex(ofASCII: UInt8(ascii: "/"))
    }

    /// The parts of every client's volume and claim that do not depend on the client (built
    /// once, shared by every object).
    private static let capacity: YAMLNode = ["storage": "1Gi"]
    private static let readOnlyMany: YAMLNode = ["ReadOnlyMany"]
    private static let claimResources: YAMLNode = ["requests": ["storage": "1Gi"]]

    /// Where the executor finds the dataset file in the container.
    package static func containerPath(of path: String) -> String {
        PodSpecBuilder.dataDir + "/" + fileName(of: path)
    }

    /// The PersistentVolume's name: one per client, since a volume binds to a single claim and
    /// several clients may read one dataset. It is cluster-scoped; the client's name already
    /// carries its federation's, so it is unique across namespaces.
    package func volumeName(of c: IR.Client) -> String {
        "\(c.k8sName)-data"
    }

    /// The objects a client's data needs (none for hostPath) and the mount for its pod, with
    /// the nodes they share with the clients before it (a folder's `local` volume source)
    /// taken from `memo`.
    package func objects(for c: IR.Client, memo: inout PodSpecBuilder.Memo) -> ([Manifest], PodSpecBuilder.Mount) {
        let ns = federation.namespace
        guard let d = topology.datasets[c.dataset] else {
            // The compiler rejects unknown datasets; keep the pod well-formed anyway.
            return ([], .init(name: "data", source: ["emptyDir": [:]], path: PodSpecBuilder.dataDir, readOnly: true))
        }
        let folder = Self.hostFolder(of: d.path)
        let mountPath = Self.containerPath(of: d.path)
        if d.hostPath {
            return (
                [],
                .init(
                    name: "data", source: ["hostPath": ["path": .string(d.path), "type": "File"]],
                    path: mountPath, readOnly: true)
            )
        }
        let pv = volumeName(of: c)
        let claim = "\(c.k8sName)-data"
        let labels = KFCLabels.workload(federation: ns, name: c.k8sName, role: .client, clientID: c.id)
        let hostname = topology.hostname(of: d.node)
        let volume = Manifest(
            .persistentVolume, name: pv, labels: labels,
            fields: [
                (
                    "spec",
                    [
                        "capacity": Self.capacity,
                        "volumeMode": "Filesystem",
                        "accessModes": Self.readOnlyMany,
                        // Deleting the claim never touches the data on the node.
                        "persistentVolumeReclaimPolicy": "Retain",
                        "storageClassName": "",
                        "claimRef": ["namespace": .string(ns), "name": .string(claim)],
                        "local": memo.node(.localPath, [folder]) { ["path": .string($0[0])] },
                        "nodeAffinity": [
                            "required": [
                                "nodeSelectorTerms": [
                                    [
                                        "matchExpressions": [
                                            [
                                                "key": "kubernetes.io/hostname", "operator": "In",
                                                "values": [.string(hostname)],
                                            ]
                                        ]
                                    ]
                                ]
                            ]
                        ],
                    ]
                )
            ])
        let pvc = Manifest(
            .persistentVolumeClaim, name: claim, namespace: ns, labels: labels,
            fields: [
                (
                    "spec",
                    [
                        "accessModes": Self.readOnlyMany, "volumeMode": "Filesystem", "storageClassName": "",
                        "volumeName": .string(pv), "resources": Self.claimResources,
                    ]
                )
            ])
        return (
            [volume, pvc],
            .init(
                name: "data",
                source: [
                    "persistentVolumeClaim": [
                        "claimName": .string(claim), "readOnly": true,
                    ]
                ], path: mountPath, readOnly: true, subPath: Self.fileName(of: d.path))
        )
    }
}
