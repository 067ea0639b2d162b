import ArgumentParser
import Foundation
import PostgresTarget
import SQLiteReplayer

extension Satune {
    struct Cache: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Show or clear the caches of pristine databases: SQLite's (one per workload and page_size/auto_vacuum "
                + "value) and PostgreSQL's clusters (one per workload and scale).",
            discussion:
                "The cache is in $SATUNE_CACHE, else $XDG_CACHE_HOME/satune, else ~/.cache/satune (PostgreSQL's, when "
                + "satune runs as root without SATUNE_CACHE, in /var/cache/satune/postgres); everything is rebuilt "
                + "on demand."
        )

        @Flag(help: "Remove every cached pristine database and cluster (only what satune wrote there).") var clear =
            false

        func run() throws {
            let store = PristineStore()
            let (files, bytes) = store.contents()
            print("\(store.folder.path): \(files) databases, \(bytes / 1_048_576) MB")
            // PostgreSQL's clusters, where PostgreSQL is installed.
            let clusters = try? ClusterStore(installation: PostgresInstallation.find())
            if let clusters {
                let (count, size) = clusters.contents()
                print("\(clusters.folder.path): \(count) clusters, \(size / 1_048_576) MB")
            }
            if clear {
                do {
                    report(left: try store.clear(), in: store.folder)
                    if let clusters { report(left: try clusters.clear(), in: clusters.folder) }
                } catch { throw fail(error) }
                print("cleared")
            }
        }

        /// "left 2 entries satune did not write in <folder>: readme.txt, thesis".
        private func report(left: [String], in folder: URL) {
            guard !left.isEmpty else { return }
            let shown = left.prefix(5).joined(separator: ", ") + (left.count > 5 ? ", ..." : "")
            print("left \(left.count) entries satune did not write in \(folder.path): \(shown)")
        }
    }
}
