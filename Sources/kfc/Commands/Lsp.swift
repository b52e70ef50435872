import ArgumentParser
import Foundation
import KFLang
import LanguageServer
import PolicyCheck

#if canImport(Glibc)
    import Glibc
#endif

/// `kfc lsp`: the language server, over standard input and output.
struct Lsp: KFCCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run the language server for editors over standard input and output.",
        discussion: """
            Speaks the Language Server Protocol (JSON-RPC 2.0 with Content-Length framing). Editors \
            start it and talk to it; see docs/editors.md. Diagnostics are what 'kfc check' reports \
            with the same flags (--strict, --policy, --set, --root), proofs included, for the \
            editor's unsaved text. Exits with status 0 after 'shutdown' \
            and 'exit', 1 when the client exits without 'shutdown' or closes the stream.
            """
    )

    @Flag(help: "Talk over standard input and output (the default; accepted for editors that pass it).")
    var stdio = false

    @Option(
        name: .customLong("debounce"),
        help: ArgumentHelp(
            "Wait this many milliseconds before checking an edit that follows another within that time (an edit after a quiet spell is checked at once); a newer edit restarts the wait.",
            valueName: "ms"))
    var debounce = 25

    @OptionGroup var compile: CompileOptions
    @OptionGroup var policy: PolicyFileOptions

    func validate() throws {
        if !(0...10_000).contains(debounce) { throw ValidationError("--debounce takes 0 to 10000 milliseconds") }
    }

    func execute(_ ctx: Context) throws -> Int32 {
        _ = try compile.overrideTable()
        let stdlib = ResourceLocator.folder("stdlib", environmentKey: "KFC_STDLIB", ctx: ctx)
        let configuration = ServerConfiguration(
            checker: Self.checker(
                environment: ctx.environment, workingDirectory: ctx.workingDirectory, options: compile, policy: policy),
            stdlibPath: stdlib, stdlibModules: stdlib.map(Self.modules) ?? [], debounce: .milliseconds(debounce),
            version: KFC.version)
        // A client that goes away mid-answer must not kill the server with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        return Server.run(input: .standardInput, output: .standardOutput, configuration: configuration)
    }

    /// Checks a document as `kfc check FILE` does (the same session, the same policy pass and
    /// back ends), reading the open documents instead of the files on disk.
    static func checker(
        environment: [String: String], workingDirectory: String, options: CompileOptions, policy: PolicyFileOptions
    ) -> Checker {
        { request in
            let ctx = Context(
                environment: environment, workingDirectory: workingDirectory, stderrIsTerminal: false, live: false)
            var session = CompileSession(ctx: ctx, options: options, policy: policy)
            session.overlay = request.overlay
            session.isCancelled = request.isCancelled
            let sink = DiagnosticSink()
            // `run` throws only for a malformed `--set`, which `execute` refused before serving.
            let (sources, proved) = (try? session.run([request.path], sink: sink)) ?? (SourceManager(), [])
            // The editor reads the spends of what the pass proved, never its objects or model:
            // those are freed off the edit's path (they are most of the check's memory, and the
            // next edit would otherwise free them before its check starts).
            var proof = proved.first?.result
            proof?.emitted = []
            proof?.model = NetworkModel(objects: [])
            let deployment = proved.first?.deployment
            Discard.inBackground(consume proved)
            return CheckOutcome(
                sources: sources, diagnostics: sink.diagnostics, deployment: deployment, proof: proof)
        }
    }

    /// The modules of the standard library folder (`std/models`, …), sorted.
    static func modules(in stdlib: String) -> [String] {
        let found = FileManager.default.enumerator(atPath: stdlib)?.compactMap { $0 as? String } ?? []
        return found.filter { $0.hasSuffix(".kf") }.map { String($0.dropLast(3)) }.sorted()
    }
}
