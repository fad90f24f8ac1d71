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
        .target(name: "RungCore"),
        .target(name: "RungStore", dependencies: ["RungCore", grdb]),
        .target(name: "RungSystemd", dependencies: ["CSystemd", logging]),
        .target(name: "RungDelivery", dependencies: ["RungCore", "RungSystemd", "CSystemd", subprocess, systemPackage]),
        .target(name: "RungControl", dependencies: ["RungCore"]),
        .target(name: "CSwiftExecutorHook"),
        .target(name: "RungDaemon", dependencies: ["RungCore", "RungStore", "RungSystemd", "RungControl", "RungDelivery", "CSystemd", "CSwiftExecutorHook", logging]),
        .executableTarget(
            name: "rungd",
            dependencies: ["RungDaemon", "RungSystemd", logging],
            linkerSettings: [.unsafeFlags(residentDaemonLinkFlags, .when(configuration: .release))]
        ),
        .executableTarget(name: "rungctl", dependencies: ["RungCore", "RungStore", "RungControl", "RungDelivery", argumentParser]),
        .executableTarget(name: "rung-bench", dependencies: ["RungCore", "RungStore", "RungControl", "RungDaemon", "RungDelivery", logging, grdb]),
        .executableTarget(name: "rung-store-crash-writer", dependencies: ["RungCore", "RungStore"]),
        .executableTarget(name: "rung-control-clients", dependencies: ["RungControl"]),
        // Fuzzing: scripts/fuzz builds rung-fuzz with libFuzzer; a plain build replays inputs.
        .target(name: "RungFuzzTargets", dependencies: ["RungCore", "RungControl"]),
        .executableTarget(name: "rung-fuzz", dependencies: ["RungFuzzTargets"]),

        .target(name: "RungTestSupport", path: "Tests/RungTestSupport"),
        .testTarget(name: "CSystemdTests", dependencies: ["CSystemd"]),
        .testTarget(name: "RungCoreTests", dependencies: ["RungTestSupport", "RungCore"]),
        .testTarget(name: "RungStoreTests", dependencies: ["RungTestSupport", "RungStore", "RungCore"], exclude: ["Golden"]),
        .testTarget(name: "RungControlTests", dependencies: ["RungTestSupport", "RungControl"]),
        .testTarget(name: "RungDeliveryTests", dependencies: ["RungTestSupport", "RungDelivery", "RungCore"]),
        .testTarget(name: "RungDaemonTests", dependencies: ["RungTestSupport", "RungDaemon", "RungCore", "RungStore", "RungControl", logging]),
        // The real rungd, rungctl, buses and peers, each test starting its own processes:
        // `swift test --skip RungIntegrationTests` leaves them out.
        .testTarget(
            name: "RungIntegrationTests",
            dependencies: ["RungTestSupport", "RungDaemon", "RungCore", "RungStore", "RungControl", "RungDelivery", "RungSystemd", logging],
            exclude: ["Golden"]
        ),
        .testTarget(name: "RungSystemdTests", dependencies: ["RungTestSupport", "RungSystemd", "CSystemd", logging]),
        .testTarget(name: "RungFuzzTargetsTests", dependencies: ["RungFuzzTargets"]),
    ],
    swiftLanguageModes: [.v6]
)
