// swift-tools-version: 6.0
import PackageDescription

let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")

let package = Package(
    name: "Rung",
    products: [
        .executable(name: "rungctl", targets: ["rungctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
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
        .target(name: "RungControl", dependencies: ["RungCore"]),
        .target(name: "RungDaemon", dependencies: ["RungCore", "RungStore", "RungSystemd", "RungControl", "CSystemd", logging]),
        .executableTarget(name: "rungctl", dependencies: ["RungCore", "RungStore", argumentParser]),
        .executableTarget(name: "rung-bench", dependencies: ["RungCore", "RungStore"]),

        .testTarget(name: "CSystemdTests", dependencies: ["CSystemd"]),
        .testTarget(name: "RungCoreTests", dependencies: ["RungCore"]),
        .testTarget(name: "RungStoreTests", dependencies: ["RungStore", "RungCore"]),
        .testTarget(name: "RungControlTests", dependencies: ["RungControl"]),
        .testTarget(name: "RungDaemonTests", dependencies: ["RungDaemon", "RungCore"]),
        .testTarget(name: "RungSystemdTests", dependencies: ["RungSystemd", "CSystemd", logging]),
        .testTarget(name: "rungctlTests", dependencies: ["RungCore"]),
    ],
    swiftLanguageModes: [.v6]
)
