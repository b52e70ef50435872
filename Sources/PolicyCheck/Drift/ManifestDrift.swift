import KFLang
import YAML

/// Drift: how the manifests on disk differ from what `kfc build` emits for a `.kf` file.
///
/// Objects are matched by kind, namespace and name. An object the build emits and the manifests
/// lack is missing (KF3210), one the manifests hold and the build does not emit is extra
/// (KF3211), and one on both sides with different content has changed (KF3212), with its first
/// differing fields (the `kfc.dev/source` annotation, which records where the build ran, is not
/// compared). Findings are warnings, errors when `strict`.
///
/// Fails when: the manifests and the build output of the file do not hold the same objects with
/// the same content.
package enum ManifestDrift {
    /// The rule id used in reports and waivers.
    package static let id = "drift"
    /// How many differing fields a KF3212 finding lists.
    package static let shownFields = 5

    /// The drift findings of `onDisk` against `built` (what the back ends emit for `source`, the
    /// `.kf` path as given). A built object is located at the `.kf` declaration its
    /// `kfc.dev/source` annotation names (through `locate`), else where `declaration` says (the
    /// driver knows the IR: the federation, server or client its labels name), else nowhere.
    package static func findings(
        built: [YAMLNode], onDisk: [ManifestObject], source: String, strict: Bool,
        locate: (SourceLocation) -> Span?, declaration: (ManifestObject) -> Span? = { _ in nil }
    ) -> [Finding] {
        let severity: Severity = strict ? .error : .warning
        let builtObjects = built.map { ManifestObject(file: FileID(UInt32.max - 2), path: "<built>", value: $0) }
        var onDiskByKey: [Key: ManifestObject] = [:]
        for o in onDisk where onDiskByKey[Key(o)] == nil { onDiskByKey[Key(o)] = o }
        let builtKeys = Set(builtObjects.map(Key.init))
        var out: [Finding] = []
        for b in builtObjects {
            let origin = origin(of: b).flatMap(locate) ?? declaration(b)
            guard let d = onDiskByKey[Key(b)] else {
                out.append(
                    Finding(
                        .driftMissing(b.displayName, source: source, at: origin, severity: severity), rule: id,
                        subject: b.displayName))
                continue
            }
            let differences = YAMLDifference.between(withoutProvenance(b.value), withoutProvenance(d.value))
            guard let first = differences.first else { continue }
            var diagnostic = Diagnostic.driftChanged(
                d.displayName, source: source, fields: differences.count, at: d.span(at: first.path),
                severity: severity)
            for x in differences.prefix(shownFields) { diagnostic.notes.append(x.description) }
            if differences.count > shownFields {
                diagnostic.notes.append("and \(differences.count - shownFields) more")
            }
            if let origin { diagnostic = diagnostic.with(secondary: origin, "built from here") }
            out.append(Finding(diagnostic, rule: id, subject: d.displayName))
        }
        var reported = Set<Key>()
        for d in onDisk where !builtKeys.contains(Key(d)) && reported.insert(Key(d)).inserted {
            out.append(
                Finding(
                    .driftExtra(
                        d.displayName, source: source, at: d.span(at: ["metadata", "name"]), severity: severity),
                    rule: id, subject: d.displayName))
        }
        return out
    }

    /// The object without its `kfc.dev/source` annotation: where it was declared is not part of
    /// what is deployed, and the path in it depends on where `kfc build` ran.
    static func withoutProvenance(_ o: YAMLNode) -> YAMLNode {
        guard var object = o.mapping, var metadata = object["metadata"]?.mapping,
            var annotations = metadata["annotations"]?.mapping, annotations[KFCLabels.source] != nil
        else { return o }
        annotations[KFCLabels.source] = nil
        metadata["annotations"] = annotations.isEmpty ? nil : .mapping(annotations)
        object["metadata"] = .mapping(metadata)
        return .mapping(object)
    }

    /// An object's identity: kind, namespace and name.
    private struct Key: Hashable {
        var kind: String
        var namespace: String?
        var name: String
        init(_ o: ManifestObject) {
            kind = o.kind
            namespace = o.namespace
            name = o.name
        }
    }

    /// The `.kf` location in an object's `kfc.dev/source` annotation (`FILE:LINE:COL`).
    private static func origin(of o: ManifestObject) -> SourceLocation? {
        guard let text = o.kfOrigin else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]) else {
            return nil
        }
        return SourceLocation(path: parts.dropLast(2).joined(separator: ":"), line: line, column: column)
    }
}
