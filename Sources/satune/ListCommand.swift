import ArgumentParser
import Manifests
import TuningKit

extension Satune {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List agent types, environment types, or the knobs of an environment type.",
            discussion: """
                Examples:

                  satune list                    agent and environment types, with their keys
                  satune list knobs simulator    the knobs of an environment type
                """)

        enum What: String, ExpressibleByArgument, CaseIterable {
            case all, agents, environments, knobs
        }

        @Argument(help: "What to list.")
        var what: What = .all

        @Argument(help: "For knobs: the environment type.")
        var environment: String?

        func run() throws {
            switch what {
            case .all:
                printAgents()
                print("")
                printEnvironments()
            case .agents: printAgents()
            case .environments: printEnvironments()
            case .knobs:
                guard let environment else { throw fail("satune list knobs: name an environment type, e.g. simulator") }
                do { printKnobs(try Catalog.knobs(type: environment)) } catch { throw fail(error) }
            }
        }

        private func printAgents() {
            print("Agents (manifest agents[].type):")
            for type in Catalog.agentTypes {
                print("  \(type.typeName.padding(toLength: 20, withPad: " ", startingAt: 0)) \(type.summary)")
                for help in type.parameterHelp { print("  \(String(repeating: " ", count: 22))\(help)") }
            }
        }

        private func printEnvironments() {
            print("Environments (manifest environments[].type):")
            for type in Catalog.environmentTypes {
                print("  \(type.typeName.padding(toLength: 20, withPad: " ", startingAt: 0)) \(type.summary)")
                for help in type.parameterHelp { print("  \(String(repeating: " ", count: 22))\(help)") }
            }
        }

        private func printKnobs(_ space: KnobSpace) {
            print("Knobs:")
            let width = max(30, space.knobs.map(\.name.count).max() ?? 0)
            for knob in space.knobs {
                var scale = knob.logScale ? ", log scale" : ""
                if !knob.unsafeValues.isEmpty {
                    scale += "; unsafe: " + knob.unsafeValues.map(\.description).joined(separator: ", ")
                }
                print(
                    "  \(knob.name.padding(toLength: width, withPad: " ", startingAt: 0)) \(knob.typeName) in "
                        + "\(knob.rangeText), default \(knob.defaultValue)\(scale)"
                )
                if !knob.summary.isEmpty { print("  \(String(repeating: " ", count: width + 2))\(knob.summary)") }
            }
        }
    }
}
