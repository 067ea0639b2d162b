// swift-tools-version:6.2
// satune's live dashboard: a local web page that follows a campaign's trials.csv as it grows, shows each
// agent's decisions, and evaluates a configuration typed by hand. A package of its own, so that the main
// package's build and tests do not pay for the HTTP server (Hummingbird 2 and SwiftNIO).
import PackageDescription

let package = Package(
    name: "satune-dashboard",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "satune-dashboard", targets: ["satune-dashboard"])
    ],
    dependencies: [
        .package(name: "satune", path: ".."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The server: routes, the trials follower, server-sent events, manual trials (measured by `satune evaluate`).
        .target(
            name: "DashboardServer",
            dependencies: [
                .product(name: "Results", package: "satune"),
                .product(name: "TuningKit", package: "satune"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
        ),
        // `satune-dashboard [folder] [--port] [--host]`, which `satune dashboard` and `make dashboard` start.
        .executableTarget(
            name: "satune-dashboard",
            dependencies: [
                "DashboardServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(
            name: "DashboardServerTests",
            dependencies: [
                "DashboardServer",
                .product(name: "Results", package: "satune"),
                .product(name: "TuningKit", package: "satune"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
    ]
)
