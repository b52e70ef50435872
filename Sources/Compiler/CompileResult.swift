import KFLang

/// What a compilation produced.
package struct CompileResult {
    /// The sources, including every imported file and `--set` value (for rendering diagnostics).
    package var sources: SourceManager
    /// The deployment; nil when an error was reported.
    package var deployment: IR.Deployment?
}
