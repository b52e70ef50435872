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
            commandName: "split",
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

        @Flag(
            name: .customLong("print-kf"),
            help: "Print a .kf 'dataset' declaration of the shards (paths and records) on stdout.")
        var printKF = false

        @Option(
            name: .customLong("node"),
            help: "Place shard i on this node in the printed declaration (a kf expression in i).")
        var node = "lab.edge[i]"

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
                if printKF { ctx.out(declaration(records: sizes, folder: folder)) }
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

        /// The `dataset` declaration of the shards: one replicated declaration named after the CSV
        /// file, its paths as `-o` gave them and each shard's row count, so nobody copies counts.
        func declaration(records: [Int], folder: String) -> String {
            let base = (file as NSString).lastPathComponent
            let name = Self.identifier((base as NSString).deletingPathExtension)
            let scheme = dirichlet.map { "Dirichlet(\(Self.number($0))) label skew" } ?? "iid"
            var out = "/// Shards of \(StringLiteral.quote(base)) from `kfc data split` (\(scheme), seed \(seed)).\n"
            let same = Set(records).count == 1
            let count: String
            if same {
                count = String(records[0])
            } else {
                out += "let \(name)_records = [\(records.map(String.init).joined(separator: ", "))]\n"
                count = "\(name)_records[i]"
            }
            let path = String(StringLiteral.quote(folder + "part-").dropLast()) + "\\(i).csv\""
            out += """

                dataset \(name)[i in 0..<\(records.count)] {
                  format: csv(label: \(StringLiteral.quote(label)))
                  path: \(path)
                  node: \(node)
                  records: \(count)
                }

                """
            return out
        }

        /// A kf identifier for a file name: ASCII letters, digits and `_`, never a keyword.
        static func identifier(_ s: String) -> String {
            var id = String(
                s.unicodeScalars.map {
                    $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) ? Character($0) : "_"
                }
            ).lowercased()
            if id.first.map({ !$0.isLetter }) ?? true || TokenKind.keywords[id] != nil { id = "data_" + id }
            return id
        }

        /// A Float as the shortest literal that reads back to it.
        static func number(_ d: Double) -> String { String(d) }
    }
}
