import KFLang
import YAML

/// Reads the objects of manifest files (multi-document YAML, `v1` `List`s opened).
///
/// Files are added to the caller's `SourceManager` first, so findings can show snippets of the
/// YAML. A stream that does not parse is KF3001 at libyaml's position; a document that is not a
/// Kubernetes object (no `apiVersion`, `kind` or `metadata.name`) is KF3002 and skipped.
package struct ManifestLoader {
    /// Creates a value from its parts.
    package init() {}

    /// The objects of `files`, in order, each file read on its own core where there are
    /// several; each file's diagnostics are reported in file order too.
    package func load(_ files: [SourceFile], sink: DiagnosticSink) -> [ManifestObject] {
        let read = Concurrently.map(files.count) { i -> (objects: [ManifestObject], diagnostics: [Diagnostic]) in
            let own = DiagnosticSink()
            return (load(files[i], sink: own), own.diagnostics)
        }
        var out: [ManifestObject] = []
        out.reserveCapacity(read.reduce(0) { $0 + $1.objects.count })
        for r in read {
            out += r.objects
            sink.report(contentsOf: r.diagnostics)
        }
        return out
    }

    /// The objects of one file that is already in `sources`.
    package func load(_ file: SourceFile, sink: DiagnosticSink) -> [ManifestObject] {
        let docs: [YAMLNode]
        let reader = YAMLReader()
        do {
            // Values only: positions are read again for a finding (`ManifestFilePositions`).
            docs = try reader.values(from: file.bytes)
        } catch {
            let mark = error.mark ?? YAMLMark(line: 1, column: 1, offset: 0)
            let span = Span(file: file.id, start: mark.offset, end: mark.offset, line: mark.line, column: mark.column)
            sink.report(.manifestNotYAML(path: file.path, reason: error.message, at: span))
            return []
        }
        // The objects keep their values; positions are read again only if a finding needs one
        // in this file.
        let positions = ManifestFilePositions(bytes: file.bytes, reader: reader)
        var out: [ManifestObject] = []
        for (k, value) in docs.enumerated() {
            if case .null = value { continue }
            let obj = ManifestObject(
                file: file.id, path: file.path, value: value, positions: positions, document: k, item: nil)
            if obj.kind == "List", let items = value["items"]?.sequence {
                for (i, item) in items.enumerated() {
                    append(
                        ManifestObject(
                            file: file.id, path: file.path, value: item, positions: positions, document: k,
                            item: i), to: &out, sink: sink)
                }
                continue
            }
            append(obj, to: &out, sink: sink)
        }
        return out
    }

    private func append(_ o: ManifestObject, to out: inout [ManifestObject], sink: DiagnosticSink) {
        if o.value.mapping == nil || o.apiVersion.isEmpty || o.kind.isEmpty || o.name.isEmpty {
            let reason =
                o.value.mapping == nil
                ? "it is not a mapping"
                : "it has no " + (o.apiVersion.isEmpty ? "apiVersion" : o.kind.isEmpty ? "kind" : "metadata.name")
            sink.report(.notAnObject(reason: reason, at: o.span()))
            return
        }
        out.append(o)
    }
}
