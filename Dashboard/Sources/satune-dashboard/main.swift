import ArgumentParser
import DashboardServer
import Foundation

/// `satune-dashboard [folder] [--port 8050] [--host 127.0.0.1]`: serves the live dashboard of a results
/// folder (by default the newest under Results/). `satune dashboard` and `make dashboard` start it.
@main
struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "satune-dashboard",
        abstract: "Serve a live dashboard of a campaign: convergence, decisions, and configurations tried by hand.")

    @Argument(help: "A results folder (default: the newest under Results/).") var folder: String?
    @Option(help: "The port to listen on.") var port = 8050
    @Option(help: "The address to listen on; anything but loopback lets other machines in.") var host = "127.0.0.1"
    @Option(
        help:
            "The satune executable that measures configurations tried by hand (default: SATUNE_BIN, beside this one, or the source tree's build)."
    )
    var satune: String?

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port: expected 1...65535, got \(port)") }
    }

    func run() async throws {
        guard let folder = folder ?? Self.newestResults() else {
            throw ValidationError(
                "no results folder under Results/: run a campaign first (make demo), or name a folder")
        }
        var options = DashboardOptions(folder: folder, satune: satune)
        options.port = port
        options.host = host
        if !options.loopbackOnly {
            FileHandle.standardError.write(
                Data(
                    ("warning: listening on \(host): anyone who can reach this machine on port \(port) can read these "
                        + "results and evaluate configurations on its environments\n").utf8))
        }
        let dashboard: Dashboard
        do {
            dashboard = try Dashboard(options)
        } catch {
            throw ValidationError("\(error)")
        }
        print(
            "satune dashboard of \(folder): http://\(host.contains(":") ? "[\(host)]" : host):\(port)/ (Ctrl-C stops it)"
        )
        try await dashboard.run()
    }

    /// The results folder under Results/ whose run.json changed last.
    static func newestResults() -> String? {
        let root = URL(fileURLWithPath: "Results")
        let folders = (try? FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: nil)) ?? []
        return folders.compactMap { folder -> (String, Date)? in
            let info = folder.appendingPathComponent("run.json")
            guard let date = (try? FileManager.default.attributesOfItem(atPath: info.path))?[.modificationDate] as? Date
            else { return nil }
            return ("Results/" + folder.lastPathComponent, date)
        }.max { $0.1 < $1.1 }?.0
    }
}
