import ArgumentParser
import KFLang
import PolicyCheck

extension ReportFormat: ExpressibleByArgument {
    /// Whether this is a CI report format (sarif, junit, github) rather than text or json.
    var isReport: Bool { self == .sarif || self == .junit || self == .github }
}

/// How a command that writes text or JSON only (`kfc budget`) writes its result.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// When to colour output.
enum ColorMode: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    /// Whether to colour stderr: `auto` means stderr is a terminal, `TERM` is not `dumb` and
    /// `NO_COLOR` is unset.
    func enabled(in ctx: Context) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            if ctx.environment["NO_COLOR"] != nil || ctx.environment["TERM"] == "dumb" { return false }
            return ctx.stderrIsTerminal
        }
    }
}

/// Flags shared by every command that reads `.kf` files.
struct GlobalOptions: ParsableArguments {
    @Option(
        help: """
            Write diagnostics as text, as one JSON document on stdout, or (check and build) as a \
            sarif, junit or github report on stdout.
            """)
    var format: ReportFormat = .text

    @Option(help: "Colour the output: auto, always or never.")
    var color: ColorMode = .auto

    @Flag(help: "Exit with status 1 when there are warnings.")
    var warningsAsErrors = false

    /// Whether to colour stderr in this context.
    func useColor(_ ctx: Context) -> Bool { color.enabled(in: ctx) }
}

/// A command that takes the shared diagnostic options.
protocol GlobalOptionsCommand {
    /// The shared options.
    var global: GlobalOptions { get }
}

/// A command that can write its diagnostics as a CI report (`--format sarif|junit|github`); the
/// driver refuses those formats (usage error) for every other `GlobalOptionsCommand`.
protocol ReportingCommand: GlobalOptionsCommand {}
