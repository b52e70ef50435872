import KFLang

/// The formatter (`kfc fmt`) on every input that parses without errors.
///
/// Holds for every such input: the output parses without errors, formatting it again changes
/// nothing (`fmt(fmt(x)) == fmt(x)`), and its syntax tree is the input's, apart from positions
/// and layout (`SyntaxShape`).
enum FormatTarget {
    static func run(_ bytes: [UInt8]) {
        guard let (tree, file) = parse(bytes), !tree.hasErrors else { return }
        let once = Formatter.format(tree, source: file)
        guard let (tree1, file1) = parse(Array(once.utf8)), !tree1.hasErrors else {
            FuzzCheck.fail("formatted output does not parse:\n\(once)")
        }
        let twice = Formatter.format(tree1, source: file1)
        if twice != once { FuzzCheck.fail("not idempotent:\n--- once\n\(once)\n--- twice\n\(twice)") }
        let before = SyntaxShape.of(tree)
        let after = SyntaxShape.of(tree1)
        if before != after {
            FuzzCheck.fail("formatting changed the syntax tree:\n--- before\n\(before)\n--- after\n\(after)")
        }
    }

    private static func parse(_ bytes: [UInt8]) -> (SourceFileSyntax, SourceFile)? {
        var sources = SourceManager()
        let id = sources.add(path: "fuzz.kf", bytes: bytes)
        return (Parser.parse(sources[id], sink: DiagnosticSink()), sources[id])
    }
}
