/// What the driver gives the server.
package struct ServerConfiguration: Sendable {
    /// Compiles and proves a document the way `kfc check` does.
    package var checker: Checker
    /// The standard library folder `kfc check` would use (for URIs of `stdlib/…` files).
    package var stdlibPath: String?
    /// The standard library's modules (`std/models`, …), completed after `import`.
    package var stdlibModules: [String]
    /// How long after an edit the check starts when the edit follows another within this
    /// time (an edit after a quiet spell is checked at once); a newer edit cancels the check.
    package var debounce: Duration
    /// kfc's version, reported in `initialize`.
    package var version: String

    /// Creates a configuration.
    package init(
        checker: @escaping Checker, stdlibPath: String?, stdlibModules: [String],
        debounce: Duration = .milliseconds(25), version: String
    ) {
        self.checker = checker
        self.stdlibPath = stdlibPath
        self.stdlibModules = stdlibModules
        self.debounce = debounce
        self.version = version
    }
}
