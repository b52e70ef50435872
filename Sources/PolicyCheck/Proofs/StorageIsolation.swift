import KFLang
import YAML

/// One way a client's storage breaks `dataset_local`: what `StorageIsolation.violations` finds.
package struct StorageViolation: Sendable {
    /// What is wrong.
    package enum Kind: String, Sendable, Hashable {
        /// The pod is pinned to nodes its volume is not on: it can never be scheduled (KF3050).
        case offNode
        /// Two clients can read overlapping host paths on one node (KF3051).
        case sharedPath
        /// The pod is not pinned to a node although its volume is node-local (KF3052).
        case unpinned
    }

    /// The `kfc.dev/federation` label of the client.
    package var federation: String
    /// The `kfc.dev/client` label of the client.
    package var clientID: String
    /// What is wrong.
    package var kind: Kind
    /// The finding to report, located at the client's volume.
    package var finding: Finding
}

/// The storage half of `dataset_local`, proved on manifests: each client pod runs where its
/// volume is, and no two clients can read the same host path unless it is the same file.
///
/// A client is a workload whose pod template carries `kfc.dev/role: client`. Its node is what
/// `spec.nodeName`, `nodeSelector` and required node affinity on `kubernetes.io/hostname`
/// allow; its exposed host paths are those of its `hostPath` volumes and of the PersistentVolumes
/// (`local.path` or `hostPath.path`) its claims bind (by `volumeName`, or a PV's `claimRef`),
/// each followed by the mount's `subPath`. A path is taken to be a single file when the mount
/// names one by `subPath` or the hostPath has `type: File`.
package enum StorageIsolation {
    /// The rule id of the findings.
    package static let rule = "storage-isolation"

    /// Every violation in `ctx`'s objects, in object order (computed once per context).
    package static func violations(_ ctx: CheckContext) -> [StorageViolation] { ctx.storage.get() }

    /// Every violation in `objects`, in object order.
    static func violations(in objects: [ManifestObject]) -> [StorageViolation] {
        let volumes = PersistentVolumes(objects)
        var exposures: [Exposure] = []
        var out: [StorageViolation] = []
        for (i, o) in objects.enumerated() {
            guard let (path, template) = NetworkModelBuilder.podTemplate(o).map({ ($0.path, $0.node) }) else {
                continue
            }
            let labels = template["metadata"]?["labels"]
            guard ManifestObject.string(labels, key: KFCLabels.role) == "client" else { continue }
            let client = ClientRef(
                object: i, federation: ManifestObject.string(labels, key: KFCLabels.federation) ?? "",
                id: ManifestObject.string(labels, key: KFCLabels.client) ?? o.name)
            let spec = template["spec"]
            let podNodes = pinnedNodes(spec)
            for e in exposed(spec, client: client, templatePath: path, namespace: o.namespace ?? "", volumes) {
                // Located only when reported: in a file, a span walks the positioned tree.
                var span: Span { o.span(at: e.path) }
                if let volNodes = e.volumeNodes {
                    if let podNodes, podNodes.isDisjoint(with: volNodes) {
                        out.append(
                            violation(
                                client, .offNode, o,
                                .clientOffVolumeNode(
                                    client: o.name, nodes: podNodes.sorted(), volume: e.volume,
                                    volumeNodes: volNodes.sorted(), at: span)))
                    } else if podNodes == nil {
                        out.append(
                            violation(
                                client, .unpinned, o,
                                .clientUnpinned(client: o.name, volume: e.volume, nodes: volNodes.sorted(), at: span)))
                    }
                }
                var e = e
                e.nodes = e.volumeNodes ?? podNodes
                exposures.append(e)
            }
        }
        out += sharedPaths(exposures, objects)
        return out
    }

    // MARK: - Shared paths

    /// Every client that can read a host path another client reads, once per client; nil
    /// nodes means any node.
    private static func sharedPaths(_ exposures: [Exposure], _ objects: [ManifestObject]) -> [StorageViolation] {
        // By path as slices of the exposures' own strings, so that a folder above a path is
        // looked up without making a string of it (three or four per client volume).
        var byPath: [Substring: [Int]] = [:]
        byPath.reserveCapacity(exposures.count)
        for (k, e) in exposures.enumerated() { byPath[e.hostPath[...], default: []].append(k) }
        var out: [StorageViolation] = []
        var reported: Set<ClientRef.Key> = []
        func report(_ e: Exposure, _ other: Exposure, common: String) {
            guard reported.insert(e.client.key).inserted else { return }
            let o = objects[e.client.object], p = objects[other.client.object]
            let node =
                (e.nodes ?? other.nodes).map { "node " + $0.sorted().map { "'\($0)'" }.joined(separator: ", ") }
                ?? "any node"
            var d = Diagnostic.clientsShareHostPath(
                client: o.name, path: common, exposed: e.hostPath, other: p.name,
                node: node, at: o.span(at: e.path))
            if p.file == o.file {
                d.secondary.append(DiagnosticLabel(p.span(at: other.path), "'\(p.name)' exposes '\(other.hostPath)'"))
            } else {
                d.notes.append("'\(p.name)' exposes '\(other.hostPath)' at \(p.location(at: other.path))")
            }
            out.append(violation(e.client, .sharedPath, o, d))
        }
        for e in exposures {
            // The first other client that reads the same path (unless both read the same single
            // file) or a folder above it; both sides of the pair are violations.
            for (depth, path) in ([e.hostPath[...]] + ancestors(of: e.hostPath)).enumerated() {
                // By index: each candidate's fields are read in place, not copied out whole.
                let hit = (byPath[path] ?? []).first { k in
                    !exposures[k].client.isSame(as: e.client) && overlapNodes(e.nodes, exposures[k].nodes)
                        && !(depth == 0 && e.isFile && exposures[k].isFile)
                }
                guard let other = hit.map({ exposures[$0] }) else { continue }
                report(e, other, common: e.hostPath)
                report(other, e, common: e.hostPath)
                break
            }
        }
        return out
    }

    /// The folders above `path`, nearest first (`/a/b/c` → `/a/b`, `/a`, `/`), as slices of it.
    static func ancestors(of path: String) -> [Substring] {
        var out: [Substring] = []
        var p = path[...]
        // In ASCII text every byte is a character: the last '/' byte is the last '/' character,
        // found without walking grapheme clusters (the path of every client volume).
        let ascii = path.isAllASCII
        func lastSlash(_ p: Substring) -> String.Index? {
            ascii ? p.utf8.lastIndex(of: UInt8(ascii: "/")) : p.lastIndex(of: "/")
        }
        while let slash = lastSlash(p), p != "/" {
            p = slash == p.startIndex ? path[slash..<path.index(after: slash)] : path[p.startIndex..<slash]
            out.append(p)
        }
        return out
    }

    private static func overlapNodes(_ a: NodeNames?, _ b: NodeNames?) -> Bool {
        guard let a, let b else { return true }
        return !a.isDisjoint(with: b)
    }

    private static func violation(_ c: ClientRef, _ kind: StorageViolation.Kind, _ o: ManifestObject, _ d: Diagnostic)
        -> StorageViolation
    {
        StorageViolation(
            federation: c.federation, clientID: c.id, kind: kind,
            finding: Finding(d, rule: rule, subject: o.displayName))
    }
}

// MARK: - Reading pods and volumes

/// A client workload.
private struct ClientRef {
    var object: Int
    var federation: String
    var id: String
    /// What makes a client one: its federation and id, kept apart (joined into one string, a
    /// federation `f\0x` with id `1` was the federation `f` with id `x\01`).
    struct Key: Hashable {
        var federation: String
        var id: String
    }
    var key: Key { Key(federation: federation, id: id) }
    /// Whether `other` is this client (its federation and id), compared without building keys.
    func isSame(as other: ClientRef) -> Bool { federation == other.federation && id == other.id }
}

/// A host path a client's container can read.
private struct Exposure {
    var client: ClientRef
    /// The normalised host path (volume path, then `subPath`).
    var hostPath: String
    /// Whether the path is narrowed to one file.
    var isFile: Bool
    /// The nodes the volume is pinned to (PersistentVolume node affinity), nil when not pinned.
    var volumeNodes: NodeNames?
    /// The volume's name for messages (`PersistentVolume/x` or the pod volume's name).
    var volume: String
    /// Path of the pod template in the workload.
    var templatePath: [YAMLPathComponent]
    /// Index of the pod's volume entry and the key of its source (`hostPath`, …).
    var volumeIndex: Int, volumeKey: String
    /// Path of the pod's volume entry in the workload (built when a finding needs it).
    var path: [YAMLPathComponent] { templatePath + ["spec", "volumes", .index(volumeIndex), .key(volumeKey)] }
    /// Where the path exists: the volume's nodes, else the pod's; nil for any node.
    var nodes: NodeNames?
}

/// The PersistentVolumes of the inputs, by name and by the claim they reserve.
private struct PersistentVolumes {
    struct Volume {
        var name: String
        var path: String
        var nodes: NodeNames?
    }
    /// A claim: its namespace and name, kept apart (joined with `/` they made a new string
    /// for every claim and every volume that names one, 40,000 for 10,000 clients).
    struct Claim: Hashable {
        var namespace: String
        var name: String
    }
    var byName: [String: Volume] = [:]
    var byClaim: [Claim: Volume] = [:]

    init(_ objects: [ManifestObject]) {
        var claims: [ManifestObject] = []
        var volumes: [ManifestObject] = []
        for o in objects where o.group.isEmpty {
            if o.kind == "PersistentVolumeClaim" { claims.append(o) }
            if o.kind == "PersistentVolume" { volumes.append(o) }
        }
        // Sized up front: growing a table rehashes every key in it.
        var claimToPV: [Claim: String] = [:]
        claimToPV.reserveCapacity(volumes.count)
        byName.reserveCapacity(volumes.count)
        byClaim.reserveCapacity(claims.count)
        for o in volumes {
            guard let spec = o.value["spec"] else { continue }
            guard let path = spec["local"]?["path"]?.string ?? spec["hostPath"]?["path"]?.string else { continue }
            let terms = spec["nodeAffinity"]?["required"]?["nodeSelectorTerms"]
            byName[o.name] = Volume(name: o.name, path: path, nodes: hostnames(terms))
            if let ref = spec["claimRef"], let ns = ref["namespace"]?.string, let c = ref["name"]?.string {
                claimToPV[Claim(namespace: ns, name: c)] = o.name
            }
        }
        for o in claims {
            let key = Claim(namespace: o.namespace ?? "default", name: o.name)
            if let pv = o.value["spec"]?["volumeName"]?.string ?? claimToPV[key], let v = byName[pv] {
                byClaim[key] = v
            }
        }
    }
}

/// The host paths a pod spec's containers can read through node storage.
private func exposed(
    _ spec: YAMLNode?, client: ClientRef, templatePath: [YAMLPathComponent], namespace: String,
    _ pvs: PersistentVolumes
) -> [Exposure] {
    let volumes = spec?["volumes"]?.sequence ?? []
    // Each volume read once (its name and its node-storage source), where each mount searched
    // the volumes by name and read its source again.
    var read: [(name: String?, source: NodeStorage?)] = []
    func volume(named name: String) -> (index: Int, source: NodeStorage)? {
        while read.count < volumes.count {
            let v = volumes[read.count]
            read.append((v["name"]?.string, nil))
            if read[read.count - 1].name == name { break }
        }
        guard let vi = read.firstIndex(where: { $0.name == name }) else { return nil }
        if read[vi].source == nil { read[vi].source = NodeStorage(volumes[vi], namespace: namespace, pvs) }
        return read[vi].source.map { (vi, $0) }
    }
    var out: [Exposure] = []
    let containers = (spec?["initContainers"]?.sequence ?? []) + (spec?["containers"]?.sequence ?? [])
    for c in containers {
        for m in c["volumeMounts"]?.sequence ?? [] {
            guard let name = m["name"]?.string, let (vi, source) = volume(named: name) else { continue }
            let sub = m["subPath"]?.string ?? ""
            let base: (path: String, nodes: NodeNames?, volume: String, file: Bool, key: String)
            switch source {
            case .hostPath(let path, let isFile): base = (path, nil, name, isFile, "hostPath")
            case .persistentVolume(let pv):
                base = (pv.path, pv.nodes, "PersistentVolume/\(pv.name)", false, "persistentVolumeClaim")
            case .none: continue
            }
            out.append(
                Exposure(
                    client: client, hostPath: normalisedHostPath(base.path + "/" + sub),
                    isFile: base.file || !sub.isEmpty,
                    volumeNodes: base.nodes, volume: base.volume, templatePath: templatePath, volumeIndex: vi,
                    volumeKey: base.key, nodes: nil))
        }
    }
    return out
}

/// Where a pod volume's data lives on a node, if it does.
private enum NodeStorage {
    /// `hostPath.path`; `type: File` narrows it to one file.
    case hostPath(String, isFile: Bool)
    /// The PersistentVolume a `persistentVolumeClaim` binds.
    case persistentVolume(PersistentVolumes.Volume)
    /// No node storage kfc can see (a ConfigMap, a Secret, an unbound claim, …).
    case none

    init(_ v: YAMLNode, namespace: String, _ pvs: PersistentVolumes) {
        if let hp = v["hostPath"]?["path"]?.string {
            self = .hostPath(hp, isFile: v["hostPath"]?["type"]?.string == "File")
        } else if let claim = v["persistentVolumeClaim"]?["claimName"]?.string,
            let pv = pvs.byClaim[.init(namespace: namespace.isEmpty ? "default" : namespace, name: claim)]
        {
            self = .persistentVolume(pv)
        } else {
            self = .none
        }
    }
}

/// The hostnames a pod spec allows (`nodeName`, `nodeSelector`, required node affinity), nil
/// when it allows any node.
private func pinnedNodes(_ spec: YAMLNode?) -> NodeNames? {
    var nodes: NodeNames?
    func restrict(_ s: NodeNames) { nodes = nodes.map { $0.intersection(s) } ?? s }
    if let n = spec?["nodeName"]?.string { restrict(NodeNames([n])) }
    if let n = spec?["nodeSelector"]?["kubernetes.io/hostname"]?.string { restrict(NodeNames([n])) }
    let terms = spec?["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?[
        "nodeSelectorTerms"]
    if let s = hostnames(terms) { restrict(s) }
    return nodes
}

/// The hostnames node selector terms allow (terms are ORed, expressions ANDed); nil when some
/// term does not restrict the hostname with `In`.
private func hostnames(_ terms: YAMLNode?) -> NodeNames? {
    guard let terms = terms?.sequence, !terms.isEmpty else { return nil }
    var all = NodeNames([])
    for t in terms {
        var term: NodeNames?
        for e in t["matchExpressions"]?.sequence ?? []
        where e["key"]?.string == "kubernetes.io/hostname" && e["operator"]?.string == "In" {
            let values = NodeNames((e["values"]?.sequence ?? []).compactMap(\.string))
            term = term.map { $0.intersection(values) } ?? values
        }
        guard let term else { return nil }
        all = all.union(term)
    }
    return all
}

/// A set of node names, kept sorted without repeats: a pod or volume names one node or a few,
/// and a `Set<String>` hashed each name and allocated its table for every client twice.
struct NodeNames: Equatable {
    /// The names, sorted, without repeats.
    private(set) var names: [String]

    /// The set of `names` (in any order, repeats allowed).
    init(_ names: [String]) {
        self.names = names.count <= 1 ? names : Array(Set(names)).sorted()
    }

    private init(sorted names: [String]) { self.names = names }

    /// The names in both (a merge of the two sorted lists).
    func intersection(_ other: NodeNames) -> NodeNames {
        if names == other.names { return self }
        var out: [String] = []
        var i = 0, j = 0
        while i < names.count && j < other.names.count {
            if names[i] < other.names[j] {
                i += 1
            } else if other.names[j] < names[i] {
                j += 1
            } else {
                out.append(names[i])
                i += 1
                j += 1
            }
        }
        return NodeNames(sorted: out)
    }

    /// The names in either.
    func union(_ other: NodeNames) -> NodeNames {
        if names.isEmpty || names == other.names { return other }
        return NodeNames(names + other.names)
    }

    /// Whether no name is in both.
    func isDisjoint(with other: NodeNames) -> Bool { intersection(other).names.isEmpty }

    /// The names, sorted.
    func sorted() -> [String] { names }
}

/// `path` with `.`/empty components dropped and `..` applied, absolute paths kept absolute.
func normalisedHostPath(_ path: String) -> String {
    if isNormalHostPath(path) { return path }
    var parts: [Substring] = []
    for c in path.split(separator: "/", omittingEmptySubsequences: true) {
        if c == "." { continue }
        if c == ".." {
            if !parts.isEmpty { parts.removeLast() }
            continue
        }
        parts.append(c)
    }
    return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
}

/// Whether `normalisedHostPath` returns `path` as it is: an ASCII path (so bytes are characters) with no
/// empty, `.` or `..` component and no trailing slash. One pass over the bytes, where the
/// general case builds an array of components and joins them again (once per client volume).
func isNormalHostPath(_ path: String) -> Bool {
    let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
    var atStart = true
    var length = 0, dots = 0
    for b in path.utf8 {
        if b >= 0x80 { return false }
        if b == slash {
            if atStart {
                atStart = false
                continue
            }
            if length == 0 || (length == dots && dots <= 2) { return false }
            length = 0
            dots = 0
        } else {
            atStart = false
            length += 1
            if b == dot { dots += 1 }
        }
    }
    if length == 0 { return path.isEmpty || path == "/" }
    return !(length == dots && dots <= 2)
}
