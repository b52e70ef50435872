import Testing

@testable import KFLang

/// The byte readings of `String+Components` agree with the readings by characters they
/// replace, for ASCII text (read by bytes) and any other (read by characters).
@Suite struct StringComponentsTests {
    static let texts = [
        "/data/digits/part-3.csv", "part.csv", "/a/b/", "/a//b//", "/", "//", "", "a/", "/x.csv", "é/ü.csv",
        "/a/\u{301}/b", "a/b\u{301}/", "ghcr.io/kfc/flexec:0.1.0", "/a-rather-long-path/that/is/not/small.csv",
    ]

    @Test(arguments: texts) func lastComponentIsTheLastOfTheSplit(_ text: String) {
        let expected = text.split(separator: "/").last.map(String.init)
        #expect(text.lastComponentRange(separatedBy: UInt8(ascii: "/")).map { String(text[$0]) } == expected)
    }

    @Test(arguments: texts) func lastASCIIByteIsTheLastCharacter(_ text: String) {
        #expect(text.lastIndex(ofASCII: UInt8(ascii: "/")) == text.lastIndex(of: "/"))
        #expect(text.lastIndex(ofASCII: UInt8(ascii: ".")) == text.lastIndex(of: "."))
        #expect(text.firstIndex(ofASCII: UInt8(ascii: "/")) == text.firstIndex(of: "/"))
    }

    @Test(arguments: texts) func asciiAndBytesAreReadFromTheUTF8(_ text: String) {
        #expect(text.isAllASCII == text.utf8.allSatisfy { $0 < 0x80 })
        #expect(text.containsByte(UInt8(ascii: "/")) == text.utf8.contains(UInt8(ascii: "/")))
        let tail = text.dropFirst()
        #expect(tail.isAllASCII == tail.utf8.allSatisfy { $0 < 0x80 })
        #expect(tail.containsByte(UInt8(ascii: ".")) == tail.utf8.contains(UInt8(ascii: ".")))
    }
}
