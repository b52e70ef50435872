import KFLang

/// Everything one compilation needs, gathered by the driver.
///
/// The compiler never touches the file system or the environment: the driver loads the root
/// files into `sources`, names the standard library folder, and passes `read` to fetch
/// imported files (`read` gets a path relative to the driver's working directory, or under
/// `stdlibPath`, and returns nil when the file cannot be read).
package struct CompileRequest {
    /// The loaded root files.
    package var sources: SourceManager
    /// The files to compile, in order (ids in `sources`).
    package var roots: [FileID]
    /// The folder holding `std/*.kf`, or nil when none was found.
    package var stdlibPath: String?
    /// `--set NAME=VALUE` overrides of top-level `let`s; VALUE is a kf expression.
    package var overrides: [String: String]
    /// Reads an imported file.
    package var read: (String) -> [UInt8]?
    /// Evaluation steps allowed before KF2001.
    package var stepLimit: Int
    /// Whether the replicas of a declaration share the fields that are the same in all of them
    /// (evaluated once, their cost still counted per replica). Output is the same either way;
    /// tests turn it off to show that.
    package var sharesInvariantFields = true
    /// The folder file imports are confined to (`--root`); nil: each root file's folder.
    package var projectRoot: String? = nil
    /// The absolute form of a path as the CLI resolves it (relative paths against the working
    /// directory), so confinement compares like with like.
    package var absolutePath: (String) -> String = { $0 }

    /// Creates a request.
    package init(
        sources: SourceManager, roots: [FileID], stdlibPath: String?, overrides: [String: String] = [:],
        stepLimit: Int = 20_000_000, read: @escaping (String) -> [UInt8]?
    ) {
        self.sources = sources
        self.roots = roots
        self.stdlibPath = stdlibPath
        self.overrides = overrides
        self.read = read
        self.stepLimit = stepLimit
    }
}
