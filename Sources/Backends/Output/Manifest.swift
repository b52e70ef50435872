import YAML

/// One Kubernetes (or Kube-OVN, or legacy) object: its kind, identity and full YAML body.
///
/// The body is the complete document, `apiVersion` first; `kind`, `namespace` and `name` are kept
/// beside it so output can be sorted and split into files without reading the body.
package struct Manifest: Sendable, Equatable {
    /// What it is.
    package var kind: ManifestKind
    /// Its namespace (nil for cluster-scoped objects).
    package var namespace: String?
    /// Its `metadata.name`.
    package var name: String
    /// The whole document.
    package var body: YAMLNode

    /// Creates an object whose body is `apiVersion`, `kind`, `metadata` (name, namespace, labels,
    /// annotations when not empty) and then `fields` in order.
    package init(
        _ kind: ManifestKind, name: String, namespace: String? = nil, labels: YAMLMapping = [:],
        annotations: YAMLMapping = [:], fields: [(String, YAMLNode)]
    ) {
        self.kind = kind
        self.name = name
        self.namespace = namespace
        // Built at their final size: tens of thousands of objects, each grown by appends, cost
        // a reallocation per growth.
        var metadata: [YAMLMapping.Pair] = []
        metadata.reserveCapacity(4)
        metadata.append(("name", .string(name)))
        if let namespace { metadata.append(("namespace", .string(namespace))) }
        if !labels.isEmpty { metadata.append(("labels", .mapping(labels))) }
        if !annotations.isEmpty { metadata.append(("annotations", .mapping(annotations))) }
        var body: [YAMLMapping.Pair] = []
        body.reserveCapacity(3 + fields.count)
        body.append(("apiVersion", .string(kind.apiVersion)))
        body.append(("kind", .string(kind.kind)))
        body.append(("metadata", .mapping(YAMLMapping(metadata))))
        for (k, v) in fields { body.append((k, v)) }
        self.body = .mapping(YAMLMapping(body))
    }

    /// The sort key of the output: kind order, then namespace, then name.
    /// A missing namespace sorts as the empty one (as in `BuildProducts.outputOrder`).
    package static func inOutputOrder(_ a: Manifest, _ b: Manifest) -> Bool {
        if a.kind != b.kind { return a.kind < b.kind }
        let an = a.namespace ?? "", bn = b.namespace ?? ""
        if an != bn { return an < bn }
        return a.name < b.name
    }
}
