import Foundation

/// The operating-system account PostgreSQL's programs run as. The server refuses to run as root, so when
/// satune runs as root, `initdb`, `pg_ctl` and the server run as the `postgres` system user (which
/// Debian's package creates), started through `setpriv` so that signals reach the program itself; the
/// clients (`pgbench`, `psql`) stay in satune's account. Otherwise everything runs as satune's own user.
public struct ServerUser: Sendable, Equatable {
    /// The account's name, uid and primary gid.
    public let name: String
    public let uid: uid_t
    public let gid: gid_t
    /// True when this is another account than satune's (satune runs as root).
    public let isOtherAccount: Bool

    /// The account the server runs as for this process.
    public static func forThisProcess() throws -> ServerUser {
        guard geteuid() == 0 else {
            let name = getpwuid(geteuid()).map { String(cString: $0.pointee.pw_name) } ?? "uid \(geteuid())"
            return ServerUser(name: name, uid: geteuid(), gid: getegid(), isOtherAccount: false)
        }
        guard let entry = getpwnam("postgres") else {
            throw PostgresError(
                "satune runs as root, and PostgreSQL refuses to; no `postgres` system user exists to run the server "
                    + "(Debian's postgresql-15 package creates it: make postgres)")
        }
        return ServerUser(
            name: "postgres", uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid, isOtherAccount: true)
    }

    /// The program and arguments that run `executable` as this account.
    func command(_ executable: String, _ arguments: [String]) -> (String, [String]) {
        guard isOtherAccount else { return (executable, arguments) }
        return ("/usr/bin/setpriv", ["--reuid=\(uid)", "--regid=\(gid)", "--init-groups", executable] + arguments)
    }

    /// Gives a file or folder (not recursively) to this account, so the server can use it.
    func own(_ url: URL) throws {
        guard isOtherAccount else { return }
        guard chown(url.path, uid, gid) == 0 else {
            throw PostgresError("cannot give \(url.path) to the \(name) user: \(String(cString: strerror(errno)))")
        }
    }

    /// True when this account can reach `folder`: it may search (x) every folder on the way there.
    func canReach(_ folder: URL) -> Bool {
        guard isOtherAccount else { return true }
        var url = folder.standardizedFileURL
        while true {
            var info = stat()
            if stat(url.path, &info) == 0 {
                let mode = info.st_mode
                let searchable =
                    info.st_uid == uid
                    ? mode & S_IXUSR != 0
                    : info.st_gid == gid ? mode & S_IXGRP != 0 : mode & S_IXOTH != 0
                if !searchable { return false }
            }
            if url.path == "/" { return true }
            url = url.deletingLastPathComponent()
        }
    }
}
