import Testing

@testable import YAML

/// `YAMLScalarResolver.quickNumber` answers for most scalars that start like numbers without
/// the full parse; whatever it answers must be the full parse's answer.
@Suite struct QuickNumberTests {
    /// Equal values, NaN equal to NaN.
    func same(_ a: YAMLNode?, _ b: YAMLNode?) -> Bool {
        if case .double(let x)? = a, case .double(let y)? = b, x.isNaN, y.isNaN { return true }
        return a == b
    }

    @Test func theQuickPassAgreesWithTheFullParse() {
        let alphabet = Array("0123456789012345678901234567890123456789.+-_eExXoObBaAfFmMiGk:/ nNI")
        var state: UInt64 = 0x5EED
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        var samples = [
            "0", "00", "007", "12", "123456789012345678", "1234567890123456789", "9223372036854775807",
            "-1", "+1", "1_000", "0x1F", "0o17", "0b101", "1.5", "1.", ".5", "1e5", "1e-05", "1.5E+3", "10.18.0.2",
            "500m", "512Mi", "1Gi", "10.0.0.0/8", "1:20", ".inf", "-.inf", "+.INF", ".nan", ".NaN", "-.nan",
            ".infinity", "1.inf", "0.1.0", "6e", "1__2",
        ]
        for _ in 0..<200_000 {
            samples.append(String((0..<(1 + next() % 20)).map { _ in alphabet[next() % alphabet.count] }))
        }
        var quick = 0
        for s in samples {
            switch YAMLScalarResolver.quickNumber(s) {
            case .int(let i):
                quick += 1
                #expect(YAMLScalarResolver.resolveNumberFully(s) == .int(i), "\(s)")
            case .notANumber:
                quick += 1
                #expect(YAMLScalarResolver.resolveNumberFully(s) == nil, "\(s)")
            case .unknown:
                break
            }
            #expect(same(YAMLScalarResolver.resolveNumber(s), YAMLScalarResolver.resolveNumberFully(s)), "\(s)")
        }
        #expect(quick > 100_000)
        #expect(YAMLScalarResolver.quickNumber("8080") == .int(8080))
        #expect(YAMLScalarResolver.quickNumber("10.18.0.2") == .notANumber)
        #expect(YAMLScalarResolver.quickNumber("0x10") == .unknown)
    }
}

/// The writer's test for words some reader gives another meaning (`yes`, `NULL`, `<<`): every
/// short text over the words' letters is reserved exactly when it is one of the words.
@Suite struct ReservedWordTests {
    @Test func shortTextsAreReservedExactlyWhenTheyAreWords() {
        let words = Set(YAMLScalarResolver.boolWords.keys).union(YAMLScalarResolver.nullWords)
            .union(YAMLScalarResolver.otherWords)
        let alphabet = Array("ynotfrueaslYNOTFRUEASL~<=".utf8)
        var texts: [[UInt8]] = words.map { Array($0.utf8) }
        for a in alphabet {
            texts.append([a])
            for b in alphabet {
                texts.append([a, b])
                for c in alphabet { texts.append([a, b, c]) }
            }
        }
        // Near misses of the longer words.
        for w in words where w.utf8.count >= 4 {
            texts.append(Array(w.utf8.dropLast()))
            texts.append(Array(w.utf8) + [UInt8(ascii: "s")])
        }
        for t in texts {
            let text = String(decoding: t, as: UTF8.self)
            let expected = words.contains(text)
            // The reader gives the null and bool words their meaning, and every other text is
            // a string.
            let read: YAMLNode =
                YAMLScalarResolver.nullWords.contains(text)
                ? .null : YAMLScalarResolver.boolWords[text].map(YAMLNode.bool) ?? .string(text)
            #expect(YAMLScalarResolver.resolvePlain(text) == read, "\(text)")
            #expect(
                t.withUnsafeBufferPointer(YAMLScalarResolver.plainIsAmbiguous) == expected,
                "\(String(decoding: t, as: UTF8.self))")
        }
    }
}
