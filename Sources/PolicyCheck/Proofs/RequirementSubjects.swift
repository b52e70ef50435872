import Compiler

/// What the subjects of a `require` stand for, in the IR and in a network model.
///
/// A subject is a qualified name: a federation (its server and clients), a client group
/// (`f.client`: every client of `f`; `f.north`: a named group) or one client, a network (its zones), a zone group or zone, or a
/// dataset. The compiler has type-checked the kinds; a hand-edited IR that names something else
/// resolves to nothing, and the requirement is then unprovable, never vacuously true.
package struct RequirementSubjects {
    /// One client: its federation's namespace and its id (the `kfc.dev/client` label).
    package struct ClientRef: Hashable, Sendable {
        package var namespace: String
        package var id: String
        package var name: String
    }

    let ir: IR.Deployment

    /// Whether `name` is `subject` or one of its replicas (`subject[3]`, `subject[3].x`).
    static func names(_ name: String, _ subject: String) -> Bool {
        name == subject || (name.hasPrefix(subject) && name.dropFirst(subject.count).first == "[")
    }

    /// The clients `subject` stands for (a federation's, a group's, one), or nil when it names no client.
    package func clients(_ subject: String) -> [ClientRef]? {
        var out: [ClientRef] = []
        for f in ir.federations {
            // `f.client` is every client of `f`, named groups (`client north[…]`) included.
            let all = f.name == subject || subject == f.name + ".client"
            for c in f.clients where all || Self.names(c.name, subject) {
                out.append(ClientRef(namespace: f.namespace, id: String(c.id), name: c.name))
            }
        }
        return out.isEmpty ? nil : out
    }

    /// The servers `subject` stands for (a federation's), as `(namespace, name)`.
    package func servers(_ subject: String) -> [String] {
        ir.federations.filter { $0.name == subject }.map(\.namespace)
    }

    /// The zones `subject` stands for (a network's, a group's, one).
    package func zones(_ subject: String) -> [IR.Zone] {
        ir.zones.filter { $0.network == subject || Self.names($0.name, subject) }
    }

    /// The pod classes of `model` that the subjects stand for, or the subjects that stand for none.
    package func endpoints(_ subjects: [String], in model: NetworkModel) -> (pods: [Int], missing: [String]) {
        var pods = Set<Int>()
        var missing: [String] = []
        for s in subjects {
            let clients = Set((clients(s) ?? []).map { "\($0.namespace)/\($0.id)" })
            let servers = Set(servers(s))
            let names = Set(zones(s).map(\.k8sName))
            let subnets = Set(model.subnets.indices.filter { names.contains(model.subnets[$0].name) })
            var found = false
            for e in model.endpoints where e.kind == .pod {
                let isClient =
                    e.role == "client" && !clients.isEmpty
                    && clients.contains("\(e.federation ?? "")/\(e.clientID ?? "")")
                let isServer = e.role == "server" && servers.contains(e.federation ?? "")
                let inZone = !subnets.isEmpty && e.interfaces.contains { subnets.contains($0.subnet) }
                if isClient || isServer || inZone {
                    pods.insert(e.id)
                    found = true
                }
            }
            if !found { missing.append(s) }
        }
        return (pods.sorted(), missing)
    }
}
