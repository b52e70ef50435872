import Compiler
import KFLang

/// Checks that each dataset is its own data: no two datasets name the same file, or a file
/// inside the other's folder, on one node.
///
/// A budget belongs to the data (`budget:` on a dataset is its lifetime budget across every
/// federation); two declarations of one file would each get a full budget, and a client given
/// one of them could read the other's rows through its mount.
///
/// Fails when: two datasets on one node have equal paths, or one path is a folder that holds
/// the other (KF3043).
package enum DatasetIdentityCheck {
    /// The diagnostics for `d`; `locate` turns IR origins into spans.
    package static func check(_ d: IR.Deployment, locate: (IR.Origin) -> Span?) -> [Diagnostic] {
        // Datasets by index (a copy of a dataset is a retain per field, one per client).
        var byNode: [String: [(path: String, index: Int)]] = [:]
        for (i, ds) in d.datasets.enumerated() { byNode[ds.node, default: []].append((normalized(ds.path), i)) }
        var out: [Diagnostic] = []
        for node in byNode.keys.sorted() {
            // Sorted by path, a folder comes right before the files it holds (`/a` < `/a/b`), so
            // comparing each path with the nearest shorter one that contains it is enough.
            // One dataset on a node overlaps nothing.
            guard let onNode = byNode[node], onNode.count > 1 else { continue }
            let entries = onNode.map { (path: $0.path, dataset: d.datasets[$0.index]) }
                .sorted { ($0.path, $0.dataset.name) < ($1.path, $1.dataset.name) }
            var open: [(path: String, dataset: IR.Dataset)] = []
            for e in entries {
                while let last = open.last, !(e.path == last.path || e.path.hasPrefix(last.path + "/")) {
                    open.removeLast()
                }
                if let outer = open.last {
                    var diag = Diagnostic.datasetsOverlap(
                        dataset: e.dataset.name, path: e.dataset.path, other: outer.dataset.name,
                        otherPath: outer.dataset.path, node: node,
                        at: locate(e.dataset.origin).map { DiagnosticLabel($0, "'\(e.dataset.path)'") })
                    if let span = locate(outer.dataset.origin), span != diag.primary?.span {
                        diag.secondary.append(DiagnosticLabel(span, "'\(outer.dataset.path)'"))
                    }
                    if diag.primary == nil { diag.location = e.dataset.origin.location }
                    out.append(diag)
                }
                open.append(e)
            }
        }
        return out
    }

    /// `path` without `.`, `..`, repeated or trailing slashes (relative paths stay relative).
    static func normalized(_ path: String) -> String {
        // A path with no empty, `.` or `..` component and no trailing slash is its own normal
        // form (every generated dataset path): no array of components built and joined again.
        if isNormalHostPath(path) { return path }
        var parts: [Substring] = []
        for c in path.split(separator: "/") {
            if c == "." { continue }
            if c == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            parts.append(c)
        }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }
}
