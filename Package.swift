// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "kfc",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kfc", targets: ["kfc"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        // C libraries: each is imported by exactly one wrapper file.
        .systemLibrary(
            name: "CYAML", path: "Sources/CYAML", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CJQ", path: "Sources/CJQ", providers: [.apt(["libjq-dev"])]),

        .target(name: "KFLang"),
        .target(name: "Compiler", dependencies: ["KFLang"]),
        .target(name: "Privacy"),
        .target(name: "RunPlan"),
        .target(name: "SafeFiles"),
        .target(name: "YAML", dependencies: ["CYAML"]),
        .target(name: "PolicyCheck", dependencies: ["KFLang", "Compiler", "Privacy", "YAML", "CJQ"]),
        .target(name: "Backends", dependencies: ["KFLang", "Compiler", "RunPlan", "YAML"]),
        .target(name: "IRFixtures", dependencies: ["Compiler"]),
        .target(name: "FLExec", dependencies: ["RunPlan", "Privacy", "SafeFiles"]),
        .target(name: "LanguageServer", dependencies: ["KFLang", "Compiler", "PolicyCheck"]),
        .executableTarget(
            name: "kfc",
            dependencies: [
                "KFLang", "Compiler", "Privacy", "PolicyCheck", "RunPlan", "YAML", "Backends", "FLExec", "SafeFiles",
                "LanguageServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "kfc-bench-yaml", dependencies: ["YAML"], path: "bench/yaml"),
        .executableTarget(name: "kfc-bench-policy", dependencies: ["PolicyCheck", "KFLang"], path: "bench/policy"),

        // Benchmarks (release builds; figures in docs/benchmarks.md).
        .executableTarget(name: "kfc-bench-parse", dependencies: ["KFLang"], path: "bench/parse"),

        .executableTarget(name: "kfc-bench-compile", dependencies: ["Compiler", "KFLang"], path: "bench/compiler"),

        .testTarget(name: "KFLangTests", dependencies: ["KFLang"]),
        .testTarget(name: "CompilerTests", dependencies: ["Compiler", "KFLang"]),
        .testTarget(
            name: "PolicyCheckTests", dependencies: ["PolicyCheck", "KFLang", "YAML", "Compiler"], exclude: ["Fixtures"]
        ),
        .testTarget(name: "kfcTests", dependencies: ["kfc"]),
        .testTarget(name: "LanguageServerTests", dependencies: ["LanguageServer", "KFLang", "Compiler"]),
        .testTarget(name: "YAMLTests", dependencies: ["YAML"], exclude: ["Fixtures", "GoYAMLCheck"]),
        .testTarget(name: "FLExecTests", dependencies: ["FLExec", "RunPlan"]),
        .testTarget(name: "SafeFilesTests", dependencies: ["SafeFiles"]),
        .executableTarget(name: "kfc-bench-flexec", dependencies: ["FLExec", "RunPlan"], path: "bench/flexec"),
        .testTarget(name: "PrivacyTests", dependencies: ["Privacy"], exclude: ["Reference"]),
        .executableTarget(
            name: "kfc-bench-privacy", dependencies: ["Privacy"], path: "bench/privacy",
            exclude: ["dp_accounting_bench.py"]),
        .testTarget(name: "BackendsTests", dependencies: ["Backends", "Compiler", "YAML", "IRFixtures"]),
        .executableTarget(name: "kfc-bench-build", dependencies: ["Backends", "IRFixtures"], path: "bench/backends"),

        // Fuzzing (scripts/fuzz builds kfc-fuzz with -sanitize=fuzzer,address; FuzzTests replay the corpora).
        .target(
            name: "KFCFuzz",
            dependencies: ["KFLang", "Compiler", "PolicyCheck", "Backends", "YAML", "RunPlan", "FLExec"],
            path: "Fuzz/Sources/KFCFuzz"),
        .target(name: "CLibFuzzer", path: "Fuzz/Sources/CLibFuzzer"),
        .executableTarget(name: "kfc-fuzz", dependencies: ["KFCFuzz", "CLibFuzzer"], path: "Fuzz/Sources/kfc-fuzz"),
        .testTarget(name: "FuzzTests", dependencies: ["KFCFuzz"]),
    ],
    swiftLanguageModes: [.v6]
)
