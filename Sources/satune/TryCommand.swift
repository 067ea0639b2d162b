import ArgumentParser
import Experiments
import Foundation
import TuningKit

extension Satune {
    struct Try: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate one configuration of an environment and print its measurement next to the default's.",
            discussion: """
            Values are in the knob's units, or with a unit suffix for memory and time knobs:
              satune try simulator --workload oltp-write --knobs 16 --knob shared_buffers=4GB --knob synchronous_commit=off
              satune try branin --knob x1=3.14 --knob x2=2.27
            """)

        @Argument(help: "The environment type (satune list environments).")
        var environment: String

        @Option(name: .customLong("knob"), help: "A knob setting, name=value (repeatable).")
        var knobs: [String] = []

        @Option(help: "Simulator workload.") var workload: String?
        @Option(name: .customLong("knobs"), help: "Tune the top k knobs (k or all).") var knobCount: String?
        @Option(help: "Simulator hardware profile.") var hardware: String?
        @Option(help: "Simulator objective.") var objective: String?
        @Option(help: "Coefficient of variation of the measurement noise.") var noise: Double?
        @Option(help: "Dimensions of a benchmark function.") var dimensions: Int?
        @Option(help: "Seed of the measurement noise.") var seed: UInt64 = 1

        func validate() throws { _ = try knobAssignments(knobs) }

        func run() throws {
            Satune.setUp(verbose: false)
            var parameters: [String: String] = [:]
            parameters["workload"] = workload
            parameters["knobs"] = knobCount
            parameters["hardware"] = hardware
            parameters["objective"] = objective
            parameters["noise"] = noise.map { String($0) }
            parameters["dimensions"] = dimensions.map(String.init)
            do {
                let env = try Catalog.environment(type: environment, parameters: parameters, seed: seed)
                let configuration = try env.space.configuration(assigning: try knobAssignments(knobs))
                let measured = try env.evaluate(configuration, trial: 1)
                let baseline = try env.evaluate(env.defaultConfiguration, trial: 0)
                print(Self.lines(measured, env: env, prefix: "").joined(separator: "\n"))
                print(Self.lines(baseline, env: env, prefix: "default.").joined(separator: "\n"))
            } catch let error as ExitCode {
                throw error
            } catch {
                throw fail(error)
            }
        }

        /// `name: value` lines: objective, throughput, latencies, failed (and why), then each metric.
        static func lines(_ m: TuningKit.Measurement, env: any Environment, prefix: String) -> [String] {
            var lines: [(String, String)] = [("objective", m.objective.map { String($0) } ?? "")]
            lines += [("throughput", m.throughput), ("latency_mean", m.latencyMean), ("latency_p50", m.latencyP50),
                      ("latency_p95", m.latencyP95), ("latency_p99", m.latencyP99)].compactMap { name, value in value.map { (name, String($0)) } }
            lines.append(("failed", m.failed ? "true" : "false"))
            if let reason = m.failureReason { lines.append(("failure_reason", reason)) }
            lines += zip(env.metricNames, m.metrics).map { ($0, String($1)) }
            return lines.map { "\(prefix)\($0): \($1)" }
        }
    }
}
