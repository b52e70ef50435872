import Foundation
import Testing
@testable import KFLang

@Test func scratch() throws {
    let path = ProcessInfo.processInfo.environment["KF_SCRATCH"] ?? ""
    guard !path.isEmpty, let data = FileManager.default.contents(atPath: path) else { return }
    let p = Parsed(bytes: Array(data))
    print(p.rendered)
    print("=====FORMATTED=====")
    print(p.formatted, terminator: "")
    print("=====END=====")
}
