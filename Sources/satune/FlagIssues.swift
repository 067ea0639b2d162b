import Manifests

extension ManifestError {
    /// The problems of an environment's parameters given as flags (`satune try`), in the flags' words:
    /// `--warmup does not apply to simulator` rather than the manifest's `simulator.warmup: unknown key`.
    func inFlagWords(environment type: String) -> ManifestError {
        ManifestError(
            file: file,
            issues: issues.map { issue in
                let key = issue.path.hasPrefix(type + ".") ? String(issue.path.dropFirst(type.count + 1)) : nil
                if let key, issue.message.hasPrefix("unknown key") {
                    return ManifestIssue(path: "", "\(Self.flag(key)) does not apply to \(type)")
                }
                if issue.path == type, let range = issue.message.range(of: "missing required key '") {
                    let key = issue.message[range.upperBound...].prefix { $0 != "'" }
                    return ManifestIssue(path: "", "\(type) needs \(Self.flag(String(key)))")
                }
                return key.map { ManifestIssue(path: Self.flag($0), issue.message) } ?? issue
            })
    }

    /// The flag of a manifest key: `--setup-timeout` for `setup_timeout`, `--top-knobs` for the simulator's `knobs`.
    private static func flag(_ key: String) -> String {
        key == "knobs" ? "--top-knobs" : "--" + key.replacingOccurrences(of: "_", with: "-")
    }
}
