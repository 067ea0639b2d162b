import ArgumentParser
import SQLiteReplayer

extension Satune {
    struct Cache: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Show or clear the cache of pristine SQLite databases (one per workload and page_size/auto_vacuum "
                + "value).",
            discussion:
                "The cache is in $SATUNE_CACHE, else $XDG_CACHE_HOME/satune, else ~/.cache/satune; databases are "
                + "rebuilt on demand."
        )

        @Flag(help: "Remove every cached pristine database.") var clear = false

        func run() throws {
            let store = PristineStore()
            let (files, bytes) = store.contents()
            print("\(store.folder.path): \(files) databases, \(bytes / 1_048_576) MB")
            if clear {
                do { try store.clear() } catch { throw fail(error) }
                print("cleared")
            }
        }
    }
}
