// swift-tools-version:6.0
// satune: a sample-aware database tuning harness.
import PackageDescription

/// Pure-Swift targets that call libm (`.rounded()`, `exp`, `log`) need it linked explicitly on Linux.
let libm: [LinkerSetting] = [.linkedLibrary("m", .when(platforms: [.linux]))]

let package = Package(
    name: "satune",
    products: [
        .executable(name: "satune", targets: ["satune"]),
        .library(name: "TuningKit", targets: ["TuningKit"]),
        .library(name: "LinearAlgebra", targets: ["LinearAlgebra"]),
        .library(name: "NeuralNetwork", targets: ["NeuralNetwork"]),
        // For the dashboard package (Dashboard/), which depends on this one by path.
        .library(name: "Results", targets: ["Results"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // System libraries (Debian: libopenblas-dev liblapacke-dev libsqlite3-dev pkg-config).
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CLAPACKE", pkgConfig: "lapacke", providers: [.apt(["liblapacke-dev"])]),
        .systemLibrary(name: "CSQLite3", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),

        // Dense linear algebra on BLAS/LAPACK.
        .target(name: "LinearAlgebra", dependencies: ["CBLAS", "CLAPACKE"], linkerSettings: libm),
        // The shared vocabulary: knobs, configurations, measurements, Environment and Agent protocols, reward, RNG.
        .target(name: "TuningKit", linkerSettings: libm),
        // General numerical tools: Gaussian-process regression, bounded L-BFGS, the optimum search of a surface.
        .target(name: "Optimization", dependencies: ["LinearAlgebra", "TuningKit"], linkerSettings: libm),
        // Simulated database response surfaces.
        .target(
            name: "Simulator", dependencies: ["TuningKit", "Optimization"], linkerSettings: libm),
        // A real PostgreSQL 15 server that satune builds, starts, loads with pgbench and stops for each trial.
        .target(
            name: "PostgresTarget", dependencies: ["TuningKit", "CProcessControl"],
            linkerSettings: libm),
        // Linux process control that Swift cannot call directly (prctl is variadic).
        .target(name: "CProcessControl"),
        // Elementwise training kernels in C (vectorized: restrict pointers, sqrtf without errno).
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-fno-math-errno"])], linkerSettings: libm),
        // Dense networks with BLAS-backed batched forward and backward passes, Adam, soft updates.
        .target(name: "NeuralNetwork", dependencies: ["TuningKit", "CBLAS", "CKernels"], linkerSettings: libm),
        // A real SQLite database: workload files, the SQLite knob space, per-trial copies, timed replays.
        .target(
            name: "SQLiteReplayer",
            dependencies: ["TuningKit", "CSQLite3", .product(name: "Histogram", package: "hdrhistogram-swift")],
            linkerSettings: libm),
        // Surfaces learned from a real database (satune calibrate), served as simulated environments.
        .target(
            name: "Surrogates", dependencies: ["TuningKit", "Optimization"], linkerSettings: libm),
        // Tuning agents.
        .target(
            name: "Agents",
            dependencies: [
                "TuningKit", "NeuralNetwork", "Optimization", .product(name: "Logging", package: "swift-log"),
            ],
            linkerSettings: libm),
        // Agents in other processes: the ask/tell protocol, the agent's process, the shipped adapters' commands.
        .target(name: "Peers", dependencies: ["TuningKit", "CProcessControl"], linkerSettings: libm),
        // The results of a campaign: trial records and the results folder, statistics, the analyses behind the
        // figures. What reports and the dashboard read; it knows nothing of agents, environments or the runner.
        .target(
            name: "Results", dependencies: ["TuningKit", "Optimization"], linkerSettings: libm),
        // Manifests and the catalog of agent and environment types they name.
        .target(
            name: "Manifests",
            dependencies: [
                "TuningKit", "Results", "Simulator", "SQLiteReplayer", "Surrogates", "Agents", "Peers",
                "PostgresTarget", .product(name: "Yams", package: "Yams"),
            ],
            linkerSettings: libm),
        // Running campaigns: cells, the scheduler, the writer, resumes, shards on a cluster and their merge.
        .target(
            name: "Campaigns",
            dependencies: [
                "TuningKit", "Results", "Manifests", "LinearAlgebra", "SQLiteReplayer",
                .product(name: "Logging", package: "swift-log"),
            ],
            linkerSettings: libm),
        // Static HTML reports with inline SVG charts.
        .target(
            name: "Reports",
            dependencies: [
                "Results", "TuningKit",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            linkerSettings: libm),
        // satune's own speed: `satune bench`.
        .target(
            name: "Benchmarks",
            dependencies: [
                "TuningKit", "Simulator", "SQLiteReplayer", "CSQLite3", "PostgresTarget", "Agents", "Peers", "Results",
                "Manifests", "Campaigns", "Reports",
            ],
            linkerSettings: libm),
        // The command-line tool.
        .executableTarget(
            name: "satune",
            dependencies: [
                "TuningKit", "SQLiteReplayer", "Surrogates", "PostgresTarget", "Results", "Manifests", "Campaigns",
                "Reports",
                "LinearAlgebra",
                "Benchmarks", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            linkerSettings: libm),

        // What the tests share: a scratch folder, polling instead of fixed sleeps.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "TuningKit"]),
        .testTarget(name: "TuningKitTests", dependencies: ["TuningKit"]),
        .testTarget(name: "OptimizationTests", dependencies: ["Optimization", "LinearAlgebra", "TuningKit"]),
        .testTarget(name: "SimulatorTests", dependencies: ["Simulator", "TuningKit"]),
        // Real PostgreSQL 15 servers (Debian's postgresql-15, installed by `make postgres`).
        .testTarget(name: "PostgresTargetTests", dependencies: ["PostgresTarget", "TuningKit", "TestSupport"]),
        .testTarget(
            name: "SQLiteReplayerTests", dependencies: ["SQLiteReplayer", "TuningKit", "CSQLite3", "TestSupport"]),
        .testTarget(
            name: "SurrogatesTests", dependencies: ["Surrogates", "SQLiteReplayer", "Optimization", "TuningKit"]),
        .testTarget(name: "NeuralNetworkTests", dependencies: ["NeuralNetwork", "TuningKit"]),
        .testTarget(name: "AgentsTests", dependencies: ["Agents", "TuningKit", "Simulator"]),
        // Agents in other processes: fake agents of a few lines of Python, each breach of the protocol.
        .testTarget(name: "PeersTests", dependencies: ["Peers", "TuningKit", "Simulator", "TestSupport"]),
        .testTarget(name: "ResultsTests", dependencies: ["Results", "TuningKit", "TestSupport"]),
        .testTarget(name: "ManifestsTests", dependencies: ["Manifests", "Results", "TuningKit", "TestSupport"]),
        .testTarget(
            name: "CampaignsTests",
            dependencies: ["Campaigns", "Manifests", "Results", "TuningKit", "Simulator", "Agents", "TestSupport"]),
        .testTarget(
            name: "ReportsTests", dependencies: ["Reports", "Results", "Campaigns", "Manifests", "TestSupport"],
            exclude: ["Snapshots"]),
        // The command line read in-process: exit statuses of what the parser and satune refuse.
        .testTarget(name: "CommandLineTests", dependencies: ["satune"]),
        // The command-line tool as a person runs it (the built binary): exit statuses and messages of each command.
        .testTarget(name: "CLITests", dependencies: ["satune", "TestSupport"]),
        // The module graph of docs/architecture.md, checked against every import.
        .testTarget(name: "ArchitectureTests"),
        // Random mutations of manifests, workloads and results files: no crash, no hang, nothing written outside.
        .testTarget(
            name: "FuzzTests",
            dependencies: [
                "Results", "Manifests", "Campaigns", "Reports", "SQLiteReplayer", "TuningKit", "TestSupport",
            ]),
    ]
)
