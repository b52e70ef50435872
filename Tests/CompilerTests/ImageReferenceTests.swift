import Testing

@testable import Compiler

@Suite struct ImageReferenceTests {
    @Test func asciiReferencesAreJudgedAsByUnicodeProperties() {
        for b in UInt8(0)..<0x80 {
            let s = "ghcr.io/kfc/flexec" + String(UnicodeScalar(b)) + ":0.1.0"
            #expect(ImageReference.isUnpullable(s) == ImageReference.holdsWhitespaceOrControl(s), "byte \(b)")
        }
        #expect(ImageReference.isUnpullable(""))
        #expect(!ImageReference.isUnpullable("ghcr.io/kfc/flexec:0.1.0"))
        // Outside ASCII the properties decide: a no-break space is whitespace, é is not.
        #expect(ImageReference.isUnpullable("app\u{00A0}:1") && ImageReference.isUnpullable("app\u{2028}"))
        #expect(!ImageReference.isUnpullable("registry/é:1"))
    }
}
