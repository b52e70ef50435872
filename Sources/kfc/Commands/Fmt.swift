import ArgumentParser
import Foundation
import KFLang
import SafeFiles

/// `kfc fmt FILE...`: rewrites files in canonical layout, or lists those that would change.
struct Fmt: KFCCommand, GlobalOptionsCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Format .kf files in the canonical layout.",
        discussion: """
            Rewrites each file in place, keeping its permissions, owner, symbolic links (the file \
            a link leads to is rewritten) and hard links; a read-only file is reported and left \
            unchanged. With --check, changes nothing, lists the files that would change and exits \
            with status 1 if there are any. Files with syntax errors are reported and left untouched.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "List files that are not formatted and exit with status 1 if any; change nothing.")
    var check = false

    @Flag(help: "Print the formatted text of a single file on stdout instead of rewriting it.")
    var stdout = false

    @ArgumentParser.Argument(help: "The .kf files or folders to format.")
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one .kf file or folder to format") }
        if check && stdout { throw ValidationError("--check and --stdout cannot be combined") }
    }

    func execute(_ ctx: Context) throws -> Int32 {
        let sink = DiagnosticSink()
        var sources = SourceManager()
        let loader = InputLoader(ctx: ctx)
        var unformatted: [String] = []
        for path in loader.expand(paths, sink: sink) {
            guard let id = loader.load(path, into: &sources, sink: sink) else { continue }
            let file = sources[id]
            let fileSink = DiagnosticSink()
            let tree = Parser.parse(file, sink: fileSink)
            sink.report(contentsOf: fileSink.diagnostics)
            if fileSink.hasErrors { continue }
            let formatted = Formatter.format(tree, source: file)
            if stdout {
                ctx.out(formatted)
                continue
            }
            guard Array(formatted.utf8) != file.bytes else { continue }
            if check {
                unformatted.append(path)
            } else {
                do {
                    try InPlaceRewrite.rewrite(ctx.absolutePath(path), with: Array(formatted.utf8))
                } catch {
                    sink.report(
                        error.kind == .readOnly
                            ? .readOnlyFile(path: path) : .cannotWriteOutput(path: path, reason: error.reason))
                }
            }
        }
        for p in unformatted { ctx.out(p + "\n") }
        let status = DiagnosticPrinter(ctx: ctx, options: global).finish(sink, sources: sources)
        return unformatted.isEmpty ? status : KFCExit.inputError
    }
}
