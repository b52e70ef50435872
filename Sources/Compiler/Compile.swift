import KFLang

/// The compiler's entry point: sources in, IR out.
package enum Compiler {
    /// Loads, resolves, checks and evaluates the request's files and lowers them to the IR.
    ///
    /// Every problem is reported to `sink`; the deployment is nil when any error was reported.
    /// Files with syntax errors stop after parsing (their syntax errors are the report). Deterministic: the same request gives the
    /// same diagnostics and the same IR.
    package static func compile(_ request: CompileRequest, sink: DiagnosticSink) -> CompileResult {
        // Loading (the parser) and evaluation recurse up to their depth limits: on a stack large
        // enough for those limits, whatever thread the caller (the CLI, `kfc lsp`) is on.
        Concurrently.onLargeStack { compileOnThisThread(request, sink: sink) }
    }

    private static func compileOnThisThread(_ request: CompileRequest, sink: DiagnosticSink) -> CompileResult {
        let errorsBefore = sink.errorCount
        var loader = ModuleLoader(
            sources: request.sources, stdlibPath: request.stdlibPath, projectRoot: request.projectRoot,
            absolute: request.absolutePath, read: request.read, sink: sink)
        var rootModules: [Int] = []
        for f in request.roots { rootModules.append(loader.loadRoot(f)) }
        var sources = loader.sources
        // Names and types are checked only on files that parse: a broken declaration would
        // otherwise resurface as "cannot find" at every use (no cascades).
        if loader.modules.contains(where: \.syntax.hasErrors) {
            return CompileResult(sources: sources, deployment: nil)
        }
        let ev = Evaluator(modules: loader.modules, sink: sink, stepLimit: request.stepLimit)
        ev.sharesInvariantFields = request.sharesInvariantFields
        ev.declare()
        applyOverrides(request.overrides, roots: rootModules, evaluator: ev, sources: &sources, sink: sink)
        ev.expandAll()
        ev.evaluateAllLets()
        var builder = IRBuilder(evaluator: ev, sources: sources)
        let deployment = builder.build()
        return CompileResult(sources: sources, deployment: sink.errorCount > errorsBefore ? nil : deployment)
    }

    /// Parses each `--set NAME=VALUE` as `let NAME = VALUE` in a file of its own (so diagnostics
    /// point into it) and attaches the value to the root `let` it replaces.
    private static func applyOverrides(
        _ overrides: [String: String], roots: [Int], evaluator ev: Evaluator,
        sources: inout SourceManager, sink: DiagnosticSink
    ) {
        for (name, text) in overrides.sorted(by: { $0.key < $1.key }) {
            let slot = roots.lazy.compactMap { r -> Int? in
                if case .letSlot(let k)? = ev.moduleScopes[r].own(name)?.0 { return k }
                return nil
            }.first
            guard let slot else {
                let candidates = roots.flatMap { r in
                    ev.moduleScopes[r].names.compactMap { if case .letSlot = $0.value.0 { $0.key } else { nil } }
                }
                sink.report(.unknownOverride(name, suggestion: Suggest.closest(to: name, in: candidates)))
                continue
            }
            let file = sources.add(path: "--set \(name)", text: "let \(name) = \(text)\n")
            // Parsed into a sink of its own: text that is not an expression may still be the
            // value of a `String` let, which only evaluation knows.
            let parseSink = DiagnosticSink()
            let syntax = Parser.parse(sources[file], sink: parseSink)
            var expr: Expr?
            var diagnostics = parseSink.diagnostics
            if case .letDecl(let d)? = syntax.items.first, syntax.items.count == 1, !syntax.hasErrors {
                expr = d.value
            } else if !syntax.hasErrors {
                diagnostics.append(.typeMismatch(syntax.span, expected: "one expression", found: "several items"))
            }
            ev.lets[slot].override = LetSlot.Override(text: text, expr: expr, diagnostics: diagnostics)
        }
    }
}
