import Foundation
import Testing
@testable import KFLang

@Test func scratch() throws {
    let path = ProcessInfo.processInfo.environment["KF_SCRATCH"] ?? ""
    guard !path.isEmpty, let data = FileManager.default.contents(atPath: path) else { return }
    var sm = SourceManager()
    let id = sm.add(path: path, bytes: Array(data))
    let sink = DiagnosticSink()
    let tree = Parser.parse(sm[id], sink: sink)
    print(DiagnosticRenderer(sources: sm).render(sink.sorted()))
    let out = Formatter.format(tree, source: sm[id])
    print("=====FORMATTED=====")
    print(out, terminator: "")
    print("=====END=====")
}
