import ArgumentParser
import FLExec
import Foundation
import KFLang
import SafeFiles

/// `kfc data …`: prepares data sets for federations.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Prepare data sets for federations.",
        subcommands: [Split.self]
    )

    /// `kfc data split FILE --clients N (--iid | --dirichlet ALPHA) --seed S -o DIR`.
    struct Split: KFCCommand {
        static let configuration = CommandConfiguration(
            abstract: "Split a CSV data set into per-client shards part-K.csv.",
            discussion: """
                Each shard repeats the header and holds its rows in random order, so the last \
                rows of a shard (the default evaluation rows) are a random sample of it. \
                With --dirichlet, every class is divided among the clients in Dirichlet(ALPHA) \
                proportions: the smaller ALPHA, the stronger the label skew; ALPHA is a finite \
                number from 1e-6 (each class almost whole to one client) to 1e6 (as good as IID). \
                The folder records the shards in .kfc-outputs; a later split into it replaces \
                them and removes the shards it no longer has, and never touches other files.
                """
        )

        @Argument(help: "The CSV file to split.")
        var file: String

        @Option(help: "Write this many shards.")
        var clients: Int

        @Flag(help: "Deal rows uniformly at random.")
        var iid = false

        @Option(help: "Skew labels with Dirichlet proportions of this concentration.")
        var dirichlet: Double?

        @Option(help: "Seed the split so it can be repeated.")
        var seed: UInt64 = 0

        @Option(help: "Name the label column.")
        var label = "label"

        @Option(name: .shortAndLong, help: "Write the shards to this folder.")
        var output: String

        func validate() throws {
            guard clients > 0 else { throw ValidationError("--clients must be positive") }
            guard iid != (dirichlet != nil) else {
                throw ValidationError("give exactly one of --iid and --dirichlet ALPHA")
            }
            if let dirichlet, !DataSplit.dirichletRange.contains(dirichlet) {
                throw ValidationError(
                    "--dirichlet must be a finite number from 1e-6 to 1e6 (the smaller, the stronger the label skew)")
            }
        }

        func execute(_ ctx: Context) throws -> Int32 {
            let scheme: PartitionScheme = dirichlet.map { .dirichlet(alpha: $0) } ?? .iid
            do {
                let sizes = try DataSplit.split(
                    path: ctx.absolutePath(file), label: label, clients: clients, scheme: scheme, seed: seed,
                    outputDirectory: ctx.absolutePath(output), home: ctx.environment["HOME"])
                let folder = output.hasSuffix("/") ? output : output + "/"
                let rows = sizes.map(String.init).joined(separator: ", ")
                ctx.err("wrote \(sizes.count) shards to \(folder) (\(rows) rows)\n")
                return KFCExit.ok
            } catch .unwritableOutput(let e) {
                let d: Diagnostic
                switch e.kind {
                case .dangerousTarget, .unsafeManifest: d = .refusedOutputFolder(path: output, reason: e.reason)
                default: d = .cannotWriteOutput(path: output, reason: e.reason)
                }
                ctx.err(DiagnosticRenderer(sources: SourceManager(), color: false).render([d]))
                return KFCExit.inputError
            } catch {
                ctx.err("error: \(error.description.replacingOccurrences(of: ctx.absolutePath(file), with: file))\n")
                return KFCExit.inputError
            }
        }
    }
}
