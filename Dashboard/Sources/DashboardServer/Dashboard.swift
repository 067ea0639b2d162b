import Foundation
import Hummingbird
import Results
import TuningKit

/// Where and what the dashboard serves.
public struct DashboardOptions: Sendable {
    /// The results folder followed (its `run.json` must exist; `trials.csv` may come later).
    public var folder: String
    /// The address to listen on: loopback by default, so that only this machine can reach the page.
    public var host = "127.0.0.1"
    public var port = 8050
    /// How often `trials.csv` is checked for new rows.
    public var pollInterval = Duration.milliseconds(200)
    /// The `satune` executable that measures configurations typed by hand (`satune evaluate`).
    public var satune: String

    public init(folder: String, satune: String? = nil) {
        self.folder = folder
        self.satune = satune ?? Self.satuneExecutable()
    }

    /// `satune`: SATUNE_BIN, beside this executable, or built in the source tree this file belongs to
    /// (release, then debug); "satune" (on the PATH) when none is found.
    public static func satuneExecutable() -> String {
        if let given = ProcessInfo.processInfo.environment["SATUNE_BIN"], !given.isEmpty { return given }
        let here = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        var tree = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while tree.path != "/", !FileManager.default.fileExists(atPath: tree.appendingPathComponent("Dashboard").path) {
            tree.deleteLastPathComponent()
        }
        let candidates = [
            here.appendingPathComponent("satune"), tree.appendingPathComponent(".build/release/satune"),
            tree.appendingPathComponent(".build/debug/satune"),
        ]
        return candidates.map(\.path).first { FileManager.default.isExecutableFile(atPath: $0) } ?? "satune"
    }

    /// True for an address only this machine can reach.
    public var loopbackOnly: Bool { ["127.0.0.1", "localhost", "::1"].contains(host) || host.hasPrefix("127.") }
}

/// satune's live dashboard: a page that follows a campaign as it runs and evaluates configurations
/// typed by hand, and the JSON and server-sent-event endpoints it is built on (see `routes`).
public struct Dashboard: Sendable {
    public let options: DashboardOptions
    let feed: TrialFeed
    let manual: ManualTrials

    /// A dashboard of a results folder; a folder without `run.json` is refused in words.
    public init(_ options: DashboardOptions) throws {
        self.options = options
        let folder = ResultsFolder(path: options.folder)
        guard FileManager.default.fileExists(atPath: folder.file(RunInfo.fileName).path) else {
            throw PlainError(
                "\(options.folder) is not a results folder (it has no \(RunInfo.fileName)); give the folder that "
                    + "satune run writes, e.g. Results/quick")
        }
        feed = try TrialFeed(folder: folder)
        manual = ManualTrials(folder: folder, info: feed.info, satune: options.satune)
    }

    /// The HTTP application on `options.host` and `options.port`.
    public func application() -> some ApplicationProtocol {
        Application(
            router: routes(),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "satune-dashboard"))
    }

    /// Serves until the process is stopped (Ctrl-C or SIGTERM), following `trials.csv` meanwhile. On
    /// either signal the event streams end at once (a browser would otherwise hold the server open), and
    /// the process exits within two seconds whatever is still in flight: it holds nothing to save (a
    /// manual trial's row is written before its answer).
    public func run() async throws {
        let feed = self.feed, interval = options.pollInterval
        let stops = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                Task { await feed.closeAll() }
                DispatchQueue.global().asyncAfter(deadline: .now() + 2) { exit(0) }
            }
            source.resume()
            return source
        }
        defer { for stop in stops { stop.cancel() } }
        let follower = Task {
            var sinceHeartbeat = Duration.zero
            while !Task.isCancelled {
                await feed.poll()
                sinceHeartbeat += interval
                if sinceHeartbeat >= .seconds(10) {
                    await feed.heartbeat()
                    sinceHeartbeat = .zero
                }
                try? await Task.sleep(for: interval)
            }
        }
        defer { follower.cancel() }
        try await application().runService()
    }
}
