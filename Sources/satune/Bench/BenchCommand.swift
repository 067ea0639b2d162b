import ArgumentParser

extension Satune {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure satune's own speed (build with -c release). Prints one 'name: value' line per figure.")

        enum What: String, ExpressibleByArgument, CaseIterable {
            case simulator
        }

        @Argument(help: "What to measure: \(What.allCases.map(\.rawValue).joined(separator: ", ")).")
        var what: What

        func run() throws {
            Satune.setUp(verbose: false)
            #if DEBUG
            print("warning: a debug build; benchmark a release build (swift build -c release)")
            #endif
            switch what {
            case .simulator: SimulatorBench.run()
            }
        }
    }
}

/// Prints a benchmark figure as `name: value`.
func report(_ name: String, _ value: Double) {
    print("\(name): \(value < 10 ? (value * 1000).rounded() / 1000 : value.rounded())")
}
