import ArgumentParser
import Reports
import Results

extension Satune {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild summary.csv, pairwise.csv and report.html of a results folder from its trials.csv.",
            discussion: "Works on any results folder: complete, partial (interrupted) or merged.")

        @Argument(help: "The results folder, e.g. Results/quick.")
        var folder: String

        func run() throws {
            do {
                let (url, warnings) = try HTMLReport.rebuild(ResultsFolder(path: folder))
                for warning in warnings { FileHandleOutput.standardError.write("warning: \(warning)\n") }
                print("report: \(url.path)")
            } catch {
                throw fail(error)
            }
        }
    }
}
