// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "kfc",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kfc", targets: ["kfc"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // The distributed runtime (Transport): gRPC over NIO HTTP/2, protobuf, mutual TLS.
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
    ],
    targets: [
        // C libraries: each is imported by exactly one wrapper file.
        .systemLibrary(
            name: "CYAML", path: "Sources/CYAML", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CJQ", path: "Sources/CJQ", providers: [.apt(["libjq-dev"])]),
        // The allocator of the kfc executable on Linux (Sources/kfc/Allocator.swift says why).
        .systemLibrary(name: "CJemalloc", path: "Sources/CJemalloc", providers: [.apt(["libjemalloc-dev"])]),
        // jemalloc's options for kfc (its `malloc_conf`).
        .target(name: "CJemallocConfig", path: "Sources/CJemallocConfig"),

        .target(name: "KFLang"),
        .target(name: "Compiler", dependencies: ["KFLang", "Privacy"]),
        .target(name: "Privacy"),
        .target(name: "RunPlan", dependencies: ["Privacy"]),
        .target(name: "SafeFiles"),
        .target(name: "YAML", dependencies: ["CYAML"]),
        .target(name: "PolicyCheck", dependencies: ["KFLang", "Compiler", "Privacy", "YAML", "CJQ"]),
        .target(name: "Backends", dependencies: ["KFLang", "Compiler", "Privacy", "RunPlan", "YAML"]),
        .target(name: "IRFixtures", dependencies: ["Compiler"]),
        .target(name: "FLExec", dependencies: ["RunPlan", "Privacy", "SafeFiles"]),
        .target(name: "LanguageServer", dependencies: ["KFLang", "Compiler", "PolicyCheck"]),
        .target(
            name: "Transport",
            dependencies: [
                "FLExec", "RunPlan", "Privacy", "SafeFiles",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            exclude: ["Protos"]),
        .executableTarget(
            name: "kfc",
            dependencies: [
                "KFLang", "Compiler", "Privacy", "PolicyCheck", "RunPlan", "YAML", "Backends", "FLExec", "Transport",
                "SafeFiles", "LanguageServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .target(name: "CJemalloc", condition: .when(platforms: [.linux])),
                .target(name: "CJemallocConfig", condition: .when(platforms: [.linux])),
            ]
        ),
        .executableTarget(name: "kfc-bench-yaml", dependencies: ["YAML"], path: "bench/yaml"),
        .executableTarget(name: "kfc-bench-policy", dependencies: ["PolicyCheck", "KFLang"], path: "bench/policy"),

        // Benchmarks (release builds; figures in docs/benchmarks.md).
        .executableTarget(name: "kfc-bench-parse", dependencies: ["KFLang"], path: "bench/parse"),

        .executableTarget(name: "kfc-bench-compile", dependencies: ["Compiler", "KFLang"], path: "bench/compiler"),

        .testTarget(name: "KFLangTests", dependencies: ["KFLang"]),
        .testTarget(name: "CompilerTests", dependencies: ["Compiler", "KFLang", "Privacy"]),
        .testTarget(
            name: "PolicyCheckTests", dependencies: ["PolicyCheck", "KFLang", "YAML", "Compiler"], exclude: ["Fixtures"]
        ),
        .testTarget(name: "kfcTests", dependencies: ["kfc", "YAML", "RunPlan", "FLExec", "Privacy", "Transport"]),
        .testTarget(name: "LanguageServerTests", dependencies: ["LanguageServer", "KFLang", "Compiler"]),
        .testTarget(name: "YAMLTests", dependencies: ["YAML"], exclude: ["Fixtures", "GoYAMLCheck"]),
        .testTarget(name: "FLExecTests", dependencies: ["FLExec", "Privacy", "RunPlan"]),
        .testTarget(name: "SafeFilesTests", dependencies: ["SafeFiles"]),
        .testTarget(
            name: "TransportTests",
            dependencies: [
                "Transport", "FLExec", "RunPlan", .product(name: "X509", package: "swift-certificates"),
            ]),
        .executableTarget(name: "kfc-bench-flexec", dependencies: ["FLExec", "RunPlan"], path: "bench/flexec"),
        .testTarget(name: "PrivacyTests", dependencies: ["Privacy"], exclude: ["Reference"]),
        .executableTarget(
            name: "kfc-bench-privacy", dependencies: ["Privacy"], path: "bench/privacy",
            exclude: ["dp_accounting_bench.py"]),
        .testTarget(name: "BackendsTests", dependencies: ["Backends", "Compiler", "Privacy", "YAML", "IRFixtures"]),
        .executableTarget(name: "kfc-bench-build", dependencies: ["Backends", "IRFixtures"], path: "bench/backends"),
        // Reduced reproductions of the ThreadSanitizer reports suppressed in scripts/tsan-suppressions.txt
        // (docs/reliability.md, Sanitizers); run by hand, never by the tests.
        .executableTarget(
            name: "kfc-tsan-repro",
            dependencies: [
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
            ],
            path: "bench/tsan-repro"),

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
