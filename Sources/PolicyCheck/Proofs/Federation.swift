/// A federation as the manifests' kfc labels declare it: its server and client classes.
package struct Federation: Sendable {
    /// The name.
    package var name: String
    /// Namespaces of its pods (normally one).
    package var namespaces: [String]
    /// Endpoint classes labelled `kfc.dev/role: server`.
    package var servers: [Int]
    /// Endpoint classes labelled `kfc.dev/role: client`.
    package var clients: [Int]

    /// The federations of a model, sorted by name.
    package static func all(in m: NetworkModel) -> [Federation] {
        var byName: [String: Federation] = [:]
        for e in m.endpoints where e.kind == .pod {
            guard let f = e.federation, let role = e.role else { continue }
            // Mutate in place: copying out and back would copy the client list for every client.
            if byName[f] == nil { byName[f] = Federation(name: f, namespaces: [], servers: [], clients: []) }
            if !byName[f]!.namespaces.contains(e.namespace) { byName[f]!.namespaces.append(e.namespace) }
            if role == "server" {
                byName[f]!.servers.append(e.id)
            } else if role == "client" {
                byName[f]!.clients.append(e.id)
            }
        }
        return byName.values.map {
            var f = $0; f.namespaces.sort(); return f
        }.sorted { $0.name < $1.name }
    }

    /// The port clients dial on `server`: `kfc.dev/port` on its template, else its first TCP container port.
    package static func port(of server: Endpoint, in m: NetworkModel) -> Int? {
        if let o = server.workloads.first, let tpl = NetworkModelBuilder.podTemplate(m.objects[o]),
            let p = ManifestObject.stringMap(tpl.node["metadata"]?["annotations"])[KFCLabels.port].flatMap(Int.init)
                ?? server.labels[KFCLabels.port].flatMap(Int.init)
        {
            return p
        }
        return server.containerPorts.first { $0.proto == .tcp }?.port
    }
}
