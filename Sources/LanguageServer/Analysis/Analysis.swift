import Compiler
import KFLang
import PolicyCheck

/// One document's check at one version, with the syntax trees the editor features walk.
package struct Analysis: Sendable {
    /// The document's URI.
    package var uri: String
    /// The version checked.
    package var version: Int
    /// What the checker returned.
    package var outcome: CheckOutcome
    /// The diagnostics resolved to spans, sorted and folded as `kfc check` prints them.
    package var diagnostics: [Diagnostic]
    /// The parsed tree of every loaded file, by file id.
    package var trees: [FileID: SourceFileSyntax]
    /// The root file's id.
    package var root: FileID?

    /// Indexes an outcome of the check of the document at `path`.
    package init(uri: String, version: Int, path: String, outcome: CheckOutcome) {
        self.uri = uri
        self.version = version
        self.outcome = outcome
        let sources = outcome.sources
        self.diagnostics = DiagnosticSink.sorted(outcome.diagnostics.map { $0.resolved(in: sources) })
        var trees: [FileID: SourceFileSyntax] = [:]
        for f in sources.files where f.path.hasSuffix(".kf") {
            // The trees only locate names: the check reported the syntax errors already.
            trees[f.id] = Parser.parse(f, sink: DiagnosticSink())
        }
        self.trees = trees
        self.root = sources.files.first { $0.path == path }?.id
    }

    /// The loaded sources.
    package var sources: SourceManager { outcome.sources }
}
