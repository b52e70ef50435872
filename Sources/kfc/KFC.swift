import ArgumentParser

/// The `kfc` root command.
struct KFC: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "kfc",
        abstract: "Compile, check and run federated-learning deployments.",
        version: version,
        subcommands: [
            Check.self, Build.self, Verify.self, Query.self, Fmt.self, Explain.self, Budget.self, Graph.self,
            Import.self, DataCommand.self, Run.self, Report.self, Lsp.self, Exec.self, Certs.self,
        ]
    )
}
