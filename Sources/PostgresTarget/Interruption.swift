import Synchronization

/// A request from another thread (Ctrl-C) to stop the program satune is waiting for.
final class Interruption: Sendable {
    private let flag = Atomic<Bool>(false)
    var requested: Bool { flag.load(ordering: .relaxed) }
    func request() { flag.store(true, ordering: .relaxed) }
}
