import Foundation

#if canImport(Glibc)
    import Glibc
#endif

let result = Driver.run(
    Array(CommandLine.arguments.dropFirst()),
    stderrIsTerminal: isatty(2) == 1,
    live: true
)
exit(result.exitCode)
