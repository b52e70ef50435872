import KFLang

extension IRBuilder {
    /// Checks that every Kubernetes name is a DNS-1123 label and that no two declarations of
    /// one Kubernetes kind (in one namespace) map to the same name.
    func checkKubeNames() {
        var spans: [String: Span] = [:]
        for i in ev.instances.indices { spans[ev.instances[i].name] = header(i) }
        func check(_ what: String, _ entries: [(name: String, k8s: String)]) {
            var first: [String: String] = [:]
            for e in entries {
                let at = spans[e.name] ?? spans[String(e.name.prefix { $0 != "[" })]
                guard let at else { continue }
                if !KubeName.isValid(e.k8s) {
                    sink.report(.invalidKubeName(at, e.name, k8s: e.k8s))
                    continue
                }
                if let other = first[e.k8s] {
                    sink.report(.kubeNameClash(at, e.name, other, k8s: e.k8s, what: what, other: spans[other] ?? at))
                } else {
                    first[e.k8s] = e.name
                }
            }
        }
        check("namespace", out.federations.map { ($0.name, $0.namespace) })
        check("Vpc", out.networks.map { ($0.name, $0.k8sName) })
        check("Subnet", out.zones.map { ($0.name, $0.k8sName) })
        check("PersistentVolume", out.datasets.map { ($0.name, $0.k8sName) })
        for f in out.federations {
            let server = (name: f.name + ".server", k8s: f.server.k8sName)
            check("workload", [server] + f.clients.map { ($0.name, $0.k8sName) })
        }
    }
}
