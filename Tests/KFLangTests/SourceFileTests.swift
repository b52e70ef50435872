import KFLang
import Testing

@Suite struct SourceFileTests {
    @Test func theLineTableIsComputedOnFirstUseAndSharedByCopies() {
        let file = SourceFile(id: FileID(0), path: "a.yaml", bytes: Array("a: 1\r\nb: 2\n\nc: 3".utf8))
        let copy = file
        #expect(!file.lineTableIsBuilt)
        #expect(copy.lineStarts == [0, 6, 11, 12])
        #expect(file.lineTableIsBuilt)
        #expect(file.location(of: 7) == (2, 2))
        #expect(file.line(of: 11) == 3 && file.line(of: 100) == 4)
        #expect(file.lineText(1) == "a: 1" && file.lineText(4) == "c: 3" && file.lineText(5) == "")
        let empty = SourceFile(id: FileID(1), path: "e", bytes: [])
        #expect(empty.lineStarts == [0] && empty.line(of: 0) == 1)
    }
}
