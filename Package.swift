// swift-tools-version: 6.0
import PackageDescription

let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let subprocess = Target.Dependency.product(name: "Subprocess", package: "swift-subprocess")
let systemPackage = Target.Dependency.product(name: "SystemPackage", package: "swift-system")

/// How the release rungd is linked, to keep the pages a resident daemon touches few: relative
/// relocations packed (DT_RELR, needs lld and glibc 2.36), and no symbol table exported, which
/// a link with `--static-swift-stdlib` otherwise does (the Makefile builds releases so).
let residentDaemonLinkFlags = [
    "-use-ld=lld",
    "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
    "-Xlinker", "--no-export-dynamic",
]

let package = Package(
    name: "Rung",
    products: [
        .executable(name: "rungd", targets: ["rungd"]),
        .executable(name: "rungctl", targets: ["rungctl"]),
        // systemd's calendar expressions and time spans, and TZif/POSIX time zones, on their own.
        .library(name: "RungTime", targets: ["RungTime"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        .target(name: "RungTime"),
        .target(name: "RungTOML"),
        .target(name: "RungCore", dependencies: ["RungTime", "RungTOML"]),
        .target(name: "RungStore", dependencies: ["RungCore", "RungTime", grdb]),
        .target(name: "RungSystemd", dependencies: ["CSystemd", "RungTime", logging]),
        .target(name: "RungDelivery", dependencies: ["RungCore", "RungTime", "RungSystemd", "CSystemd", subprocess, systemPackage]),
        .target(name: "RungControl", dependencies: ["RungCore", "RungTime"]),
        .target(name: "RungReport", dependencies: ["RungCore", "RungTime", "RungStore"]),
        .target(name: "CSwiftExecutorHook"),
        .target(name: "RungDaemon", dependencies: ["RungCore", "RungTime", "RungStore", "RungSystemd", "RungControl", "RungDelivery", "CSystemd", "CSwiftExecutorHook", logging]),
        .executableTarget(
            name: "rungd",
            dependencies: ["RungDaemon", "RungSystemd", logging],
            linkerSettings: [.unsafeFlags(residentDaemonLinkFlags, .when(configuration: .release))]
        ),
        .executableTarget(name: "rungctl", dependencies: ["RungCore", "RungTime", "RungStore", "RungControl", "RungDelivery", "RungDaemon", "RungReport", argumentParser, systemPackage]),
        .executableTarget(name: "rung-bench", dependencies: ["RungCore", "RungTime", "RungTOML", "RungStore", "RungControl", "RungDaemon", "RungDelivery", "RungPracticeHistory", "RungTestSupport", logging, grdb]),
        .executableTarget(name: "rung-store-crash-writer", dependencies: ["RungCore", "RungTime", "RungStore"]),
        .executableTarget(name: "rung-control-clients", dependencies: ["RungControl"]),
        // Fuzzing: scripts/fuzz builds rung-fuzz with libFuzzer; a plain build replays inputs.
        .target(name: "RungFuzzTargets", dependencies: ["RungCore", "RungTime", "RungTOML", "RungControl"]),
        .executableTarget(name: "rung-fuzz", dependencies: ["RungFuzzTargets"]),

        .target(name: "RungTestSupport", path: "Tests/RungTestSupport"),
        // A seeded, documented generator of a person's practice history, for the report's
        // tests and benchmarks.
        .target(name: "RungPracticeHistory", dependencies: ["RungTestSupport", "RungCore", "RungTime", "RungStore", grdb], path: "Tests/RungPracticeHistory"),
        .testTarget(name: "CSystemdTests", dependencies: ["CSystemd"]),
        .testTarget(name: "RungTimeTests", dependencies: ["RungTestSupport", "RungTime"]),
        .testTarget(name: "RungTOMLTests", dependencies: ["RungTestSupport", "RungTOML"]),
        .testTarget(name: "RungCoreTests", dependencies: ["RungTestSupport", "RungCore", "RungTime"], exclude: ["Golden"]),
        .testTarget(name: "RungStoreTests", dependencies: ["RungTestSupport", "RungStore", "RungCore", "RungTime"], exclude: ["Golden"]),
        .testTarget(name: "RungControlTests", dependencies: ["RungTestSupport", "RungControl"]),
        .testTarget(name: "RungReportTests", dependencies: ["RungTestSupport", "RungPracticeHistory", "RungReport", "RungStore", "RungCore", "RungTime", grdb], exclude: ["Golden"]),
        .testTarget(name: "RungDeliveryTests", dependencies: ["RungTestSupport", "RungDelivery", "RungCore", "RungTime"]),
        .testTarget(name: "RungDaemonTests", dependencies: ["RungTestSupport", "RungDaemon", "RungCore", "RungTime", "RungTOML", "RungStore", "RungControl", logging]),
        // The real rungd, rungctl, buses and peers, each test starting its own processes:
        // `swift test --skip RungIntegrationTests` leaves them out.
        .testTarget(
            name: "RungIntegrationTests",
            dependencies: [
                "RungTestSupport", "RungPracticeHistory", "RungDaemon", "RungCore", "RungTime", "RungTOML", "RungStore", "RungControl",
                "RungDelivery", "RungSystemd", logging,
            ],
            exclude: ["Golden"]
        ),
        .testTarget(name: "RungSystemdTests", dependencies: ["RungTestSupport", "RungSystemd", "CSystemd", logging]),
        .testTarget(name: "RungFuzzTargetsTests", dependencies: ["RungFuzzTargets"]),
    ],
    swiftLanguageModes: [.v6]
)
