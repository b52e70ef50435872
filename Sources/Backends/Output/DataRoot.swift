import Compiler
import Foundation
import KFLang

/// Where relative dataset paths live on the nodes: `kfc build --data-root DIR`.
///
/// A relative `path` means "relative to the `.kf` file" to `kfc run`, which reads the data on
/// this machine; on a cluster it means nothing, so it must never reach a PersistentVolume, a
/// hostPath or an `FLDeployment` as it is. With a data root the back ends see `DIR/path`;
/// without one each relative path is refused (KF5007).
package enum DataRoot {
    /// `d` with every relative dataset path joined to `root` (an absolute folder), or, when
    /// `root` is nil, `d` unchanged and one KF5007 per dataset whose path is relative.
    package static func resolve(_ d: IR.Deployment, root: String?) -> (IR.Deployment, [Diagnostic]) {
        var d = d
        var diags: [Diagnostic] = []
        for i in d.datasets.indices where !d.datasets[i].path.hasPrefix("/") {
            guard let root else {
                diags.append(
                    .relativeDatasetPath(
                        dataset: d.datasets[i].name, path: d.datasets[i].path, at: d.datasets[i].origin))
                continue
            }
            d.datasets[i].path = join(root, d.datasets[i].path)
        }
        return (d, diags)
    }

    /// `root/path` with `.` and `..` applied; `..` never climbs above `/`.
    static func join(_ root: String, _ path: String) -> String {
        var parts: [Substring] = []
        for c in (root + "/" + path).split(separator: "/") {
            if c == "." { continue }
            if c == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(c)
        }
        return "/" + parts.joined(separator: "/")
    }
}
