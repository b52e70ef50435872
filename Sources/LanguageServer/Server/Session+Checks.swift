import Foundation
import KFLang

extension Session {
    /// A document changed: check it, and every open document whose last check read it (it
    /// imports the changed file) — at once after a quiet spell, after `delay` when the
    /// document's previous change was less than `delay` ago. A newer change cancels the pending
    /// and running checks of the same documents.
    func changed(_ uri: String, delay: Duration) {
        guard let path = documents[uri]?.path else { return }
        // Leading edge: an edit after a quiet spell (none within `delay`) is checked at once; only
        // edits that follow one another closely (a burst, fast typing) wait, each restarting the
        // wait. Opening a document (no delay) is not an edit.
        var delay = delay
        if delay > .zero {
            let now = ContinuousClock.now
            if lastEdit[uri].map({ now - $0 >= delay }) ?? true { delay = .zero }
            lastEdit[uri] = now
        }
        var affected = [uri]
        for (other, a) in analyses where other != uri && a.sources.file(atPath: path) != nil {
            affected.append(other)
        }
        for u in affected.sorted() {
            // A document importing the changed one keeps its version: its check is stale all the same.
            analyses[u] = nil
            scheduled.removeValue(forKey: u)?.cancel()
            running[u]?.task.cancel()
            scheduled[u] = Task {
                if delay > .zero { try? await Task.sleep(for: delay) }
                guard !Task.isCancelled else { return }
                _ = await self.analysis(u)
            }
        }
    }

    /// The check of the current version of `uri`: the finished one, the running one, or a new
    /// one. A check that finishes for the current version is stored and its diagnostics
    /// published; one made stale by a newer edit is dropped.
    func analysis(_ uri: String) async -> Analysis? {
        guard let doc = documents[uri] else { return nil }
        if let a = analyses[uri], a.version == doc.version { return a }
        if let r = running[uri], r.version == doc.version, !r.task.isCancelled { return await r.task.value }
        running[uri]?.task.cancel()
        let request = CheckRequest(path: doc.path, overlay: overlay(), isCancelled: { Task.isCancelled })
        let checker = configuration.checker
        let version = doc.version
        let path = doc.path
        let task = Task.detached {
            Analysis(uri: uri, version: version, path: path, outcome: checker(request))
        }
        running[uri] = (version, task)
        let a = await task.value
        if running[uri]?.version == version { running[uri] = nil }
        guard !task.isCancelled, documents[uri]?.version == version else { return a }
        analyses[uri] = a
        publish(a)
        return a
    }

    /// The open documents' text by real path, read instead of the files on disk.
    private func overlay() -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for d in documents.values {
            out[URL(fileURLWithPath: d.path).resolvingSymlinksInPath().path] = d.bytes
        }
        return out
    }

    private func publish(_ a: Analysis) {
        let diagnostics = DiagnosticConversion.convert(a.diagnostics, root: a.root, mapper: mapper(a))
        writer.send(
            OutgoingMessage.notification(
                "textDocument/publishDiagnostics",
                LSP.PublishDiagnosticsParams(uri: a.uri, version: a.version, diagnostics: diagnostics)))
    }
}
