import KFLang

/// One loaded `.kf` file and where its imports lead.
struct LoadedModule {
    /// Index in `ModuleLoader.modules`.
    var id: Int
    var file: FileID
    /// Display path (`input.kf`, `stdlib/std/models.kf`).
    var path: String
    /// The module name used in messages (`std/models` or the display path).
    var displayName: String
    var syntax: SourceFileSyntax
    /// For each import of `syntax.imports`, the module it resolved to (nil if it failed).
    var resolved: [Int?] = []
    /// The folder (absolute, normalised) this module's file imports must stay inside: the
    /// project root for project files, the standard library for library files.
    var confinedTo: String = "/"
}

/// Loads root files and, transitively, everything they import.
///
/// `import std/a/b` resolves to `<stdlib>/std/a/b.kf`; `import "x.kf"` resolves against the
/// importing file's folder. Each file is loaded and parsed once. A cycle, a missing module or
/// a file that cannot be read is a diagnostic that names the import chain; loading continues.
///
/// File imports are confined: a project file imports only `.kf` files inside the project root
/// (`projectRoot`, or the root file's folder), a library file only inside the standard library.
/// A path outside, or a file that is not `.kf`, is refused before it is read (KF1028), so no
/// other file's content can reach a diagnostic.
struct ModuleLoader {
    private(set) var sources: SourceManager
    private(set) var modules: [LoadedModule] = []
    private let stdlibPath: String?
    private let read: (String) -> [UInt8]?
    private let projectRoot: String?
    private let absolute: (String) -> String
    private let sink: DiagnosticSink
    /// Real path → module id.
    private var byPath: [String: Int] = [:]
    /// Modules being loaded (the DFS stack), for cycle detection.
    private var stack: [Int] = []

    init(
        sources: SourceManager, stdlibPath: String?, projectRoot: String? = nil,
        absolute: @escaping (String) -> String = { $0 }, read: @escaping (String) -> [UInt8]?,
        sink: DiagnosticSink
    ) {
        self.sources = sources
        self.stdlibPath = stdlibPath
        self.projectRoot = projectRoot
        self.absolute = absolute
        self.read = read
        self.sink = sink
    }

    /// The absolute, normalised form of `path` (`""` is the working directory).
    private func absolutePath(_ path: String) -> String {
        Self.normalise(absolute(path.isEmpty ? "." : path))
    }

    /// Whether `path` is `folder` or inside it (both normalised; `""` is the working directory
    /// when no absolute form is known).
    static func isInside(_ path: String, _ folder: String) -> Bool {
        if folder.isEmpty { return !path.hasPrefix("/") && path != ".." && !path.hasPrefix("../") }
        return folder == "/" || path == folder || path.hasPrefix(folder + "/")
    }

    /// Parses a root file that is already in `sources` and loads its imports.
    mutating func loadRoot(_ file: FileID) -> Int {
        let path = sources[file].path
        let syntax = Parser.parse(sources[file], sink: sink)
        let id = modules.count
        modules.append(LoadedModule(id: id, file: file, path: path, displayName: path, syntax: syntax))
        modules[id].confinedTo = absolutePath(projectRoot ?? Self.folder(path))
        // Keyed by absolute, normalised path: `./x.kf` given as the root and `x.kf` imported from
        // another file are one module, loaded once.
        byPath[absolutePath(path)] = id
        loadImports(of: id, realPath: path)
        return id
    }

    private mutating func loadImports(of id: Int, realPath: String) {
        stack.append(id)
        defer { stack.removeLast() }
        var resolved: [Int?] = []
        for imp in modules[id].syntax.imports {
            resolved.append(load(imp, from: id, importerRealPath: realPath))
        }
        modules[id].resolved = resolved
    }

    private mutating func load(_ imp: ImportDecl, from importer: Int, importerRealPath: String) -> Int? {
        let chain = stack.map { modules[$0].displayName }
        var real: String
        var display: String
        var name: String
        var confinedTo = modules[importer].confinedTo
        switch imp.source {
        case .module(let parts):
            name = parts.map(\.name).joined(separator: "/")
            // A path that failed to parse was diagnosed already.
            if parts.isEmpty || parts.contains(where: { $0.name.isEmpty }) { return nil }
            guard let stdlibPath else {
                sink.report(
                    .moduleNotFound(imp.span, name, chain: chain + [name])
                        .with(note: "no standard library folder was found (set KFC_STDLIB)"))
                return nil
            }
            real = stdlibPath + "/" + name + ".kf"
            display = "stdlib/" + name + ".kf"
            confinedTo = absolutePath(stdlibPath)
        case .file(let lit):
            guard let rel = lit.staticValue else {
                sink.report(.typeMismatch(lit.span, expected: "a plain path", found: "an interpolated string"))
                return nil
            }
            name = rel
            real = Self.join(Self.folder(importerRealPath), rel)
            display = Self.join(Self.folder(modules[importer].path), rel)
            let inLibrary = stdlibPath.map { confinedTo == absolutePath($0) } ?? false
            let root = inLibrary ? "the standard library" : "the project root '\(shownRoot(confinedTo))'"
            if !Self.isInside(absolutePath(real), confinedTo) {
                sink.report(.importRefused(lit.span, rel, reason: .outsideRoot(root)))
                return nil
            }
            if !rel.hasSuffix(".kf") {
                sink.report(.importRefused(lit.span, rel, reason: .notKF))
                return nil
            }
        }
        if let existing = byPath[absolutePath(real)] {
            if let pos = stack.firstIndex(of: existing) {
                let cycle = stack[pos...].map { modules[$0].displayName } + [modules[existing].displayName]
                sink.report(.importCycle(imp.span, chain: cycle))
                return nil
            }
            return existing
        }
        guard let bytes = read(real) else {
            sink.report(.moduleNotFound(imp.span, name, chain: chain + [name]))
            return nil
        }
        let file = sources.add(path: display, bytes: bytes)
        let syntax = Parser.parse(sources[file], sink: sink)
        let id = modules.count
        let shown = if case .module = imp.source { name } else { display }
        modules.append(
            LoadedModule(id: id, file: file, path: display, displayName: shown, syntax: syntax, confinedTo: confinedTo))
        byPath[absolutePath(real)] = id
        loadImports(of: id, realPath: real)
        return id
    }

    /// A root folder as the user gave it where possible: relative to the working directory
    /// when it is inside it.
    private func shownRoot(_ root: String) -> String {
        let cwd = absolutePath(".")
        if root == cwd { return "." }
        if cwd.isEmpty { return root }
        if root.hasPrefix(cwd + "/") { return String(root.dropFirst(cwd.count + 1)) }
        return root
    }

    /// The folder part of a path (`""` for a bare file name).
    static func folder(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// Joins and normalises `a/b`, resolving `.` and `..` where possible.
    static func join(_ base: String, _ rel: String) -> String {
        if rel.hasPrefix("/") { return normalise(rel) }
        return normalise(base.isEmpty ? rel : base + "/" + rel)
    }

    static func normalise(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var out: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == "..", let last = out.last, last != ".." { out.removeLast(); continue }
            out.append(part)
        }
        return (absolute ? "/" : "") + out.joined(separator: "/")
    }
}
