import ArgumentParser
import KFLang

/// How diagnostics and reports are written.
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
    @Option(help: "Write diagnostics as text or as one JSON document on stdout.")
    var format: OutputFormat = .text

    @Option(help: "Colour the output: auto, always or never.")
    var color: ColorMode = .auto

    @Flag(help: "Exit with status 1 when there are warnings.")
    var warningsAsErrors = false

    /// Whether to colour stderr in this context.
    func useColor(_ ctx: Context) -> Bool { color.enabled(in: ctx) }
}
