import Compiler

/// The names of the TLS Secrets the workloads mount. The manifests only reference them;
/// `kfc certs` makes their contents (`ca.crt`, `tls.crt`, `tls.key`), outside the manifests.
package enum TLSSecrets {
    /// The server's Secret.
    package static func server(_ s: IR.Server) -> String { "\(s.k8sName)-tls" }

    /// A client's Secret.
    package static func client(_ c: IR.Client) -> String { "\(c.k8sName)-tls" }

    /// The name clients dial: the server's Service name, namespace-qualified. Each client pod
    /// maps it to the server's fixed address with `hostAliases` (a KubeOVN custom Vpc has no
    /// cluster DNS), and the server's certificate carries it.
    package static func serviceHost(_ f: IR.Federation) -> String { "\(f.server.k8sName).\(f.namespace).svc" }

    /// The DNS names of the server's Service, which its certificate carries besides its address.
    package static func serviceNames(_ f: IR.Federation) -> [String] {
        let s = f.server.k8sName
        let ns = f.namespace
        return [s, "\(s).\(ns)", "\(s).\(ns).svc", "\(s).\(ns).svc.cluster.local"]
    }
}
