import Foundation
import TestSupport

@testable import SQLiteReplayer

/// A scratch folder per test with its own pristine store: workload files and the cache live there and are
/// removed afterwards.
final class WorkloadScratch: Scratch {
    lazy var store = PristineStore(root: url.appendingPathComponent("cache"))

    /// Writes a workload file and returns its path.
    func workload(_ text: String, name: String = "w.sql") -> String { try! write(name, text) }
}

/// A third-party-style script: a trigger, semicolons and comment markers inside strings, comments everywhere.
let trickyWorkload = """
    -- @setup
    CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT, n INTEGER DEFAULT 0); -- a comment; with a semicolon
    CREATE TABLE audit(note_id INTEGER, what TEXT);
    CREATE TRIGGER notes_audit AFTER UPDATE ON notes BEGIN
      INSERT INTO audit VALUES (new.id, 'updated; body -- kept');
    END;
    WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 700)
    INSERT INTO notes(id, body) SELECT x, 'note ' || x || '; /* not a comment */' FROM c;
    -- @run
    BEGIN;
    UPDATE notes SET n = n + 1, body = body || ';' WHERE id % 7 = 0;
    COMMIT;
    SELECT count(*), sum(length(body)) FROM notes WHERE body LIKE '%;%';
    /* a block comment; with a semicolon */
    SELECT count(*) FROM audit WHERE what = 'updated; body -- kept';

    """
