import ArgumentParser
@preconcurrency import Foundation
@preconcurrency import Glibc
import TuningKit

extension Satune {
    /// Starts the live dashboard, which lives in a package of its own (`Dashboard/`, on Hummingbird) so
    /// that this tool's build does not pay for an HTTP server: this command finds its built executable and
    /// hands over to it.
    struct Dashboard: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve a live dashboard of a campaign (convergence, decisions, configurations tried by hand).",
            discussion: """
                Listens on 127.0.0.1 only unless --host says otherwise. The dashboard is built separately: \
                `make dashboard` builds and starts it (`make dashboard DASHBOARD_ARGS="Results/x --port 9000"`). \
                SATUNE_DASHBOARD may name its executable.
                """)

        @Argument(help: "A results folder (default: the newest under Results/).") var folder: String?
        @Option(parsing: .unconditional, help: "The port to listen on.") var port = 8050
        @Option(help: "The address to listen on; anything but loopback lets other machines in.")
        var host = "127.0.0.1"

        func run() throws {
            guard let executable = Self.executable() else {
                throw fail(
                    "the dashboard is not built: run `make dashboard` (it builds Dashboard/, a package of its own "
                        + "with its HTTP server, and starts it), or set SATUNE_DASHBOARD to its executable")
            }
            let satune = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
            let arguments =
                [executable] + (folder.map { [$0] } ?? [])
                + ["--port", String(port), "--host", host, "--satune", satune]
            var argv = arguments.map { strdup($0) } + [nil]
            execv(executable, &argv)
            throw fail("cannot start \(executable): \(String(cString: strerror(errno)))")
        }

        /// The dashboard's executable: SATUNE_DASHBOARD, next to this one, or built in the source tree's
        /// Dashboard/ (release, then debug).
        static func executable() -> String? {
            let environment = ProcessInfo.processInfo.environment
            if let given = environment["SATUNE_DASHBOARD"] { return given }
            let here = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            let candidates =
                [here.appendingPathComponent("satune-dashboard")]
                + (SourceTree.root.map { tree in
                    [
                        tree.appendingPathComponent("Dashboard/.build/release/satune-dashboard"),
                        tree.appendingPathComponent("Dashboard/.build/debug/satune-dashboard"),
                    ]
                } ?? [])
            return candidates.map(\.path).first { FileManager.default.isExecutableFile(atPath: $0) }
        }
    }
}
