import GRDB

/// The store's schema: every migration Rung has shipped, in order. A shipped migration is
/// never edited; a change of schema is a new migration appended here.
enum StoreSchema {
    /// `PRAGMA application_id` of a Rung store: "Rung" in ASCII. It tells a Rung store
    /// apart from any other SQLite file before Rung writes a byte to it.
    static let applicationID: Int32 = 0x5275_6E67

    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-initial") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: initial)
        }
        migrator.registerMigration("v2-delivery-purpose") { db in
            try db.execute(sql: deliveryPurpose)
        }
        migrator.registerMigration("v3-ledger-plan") { db in
            try db.execute(sql: ledgerPlan)
        }
        migrator.registerMigration("v4-response-note") { db in
            try db.execute(sql: responseNote)
        }
        migrator.registerMigration("v5-snooze-all") { db in
            try db.execute(sql: snoozeAll)
        }
        migrator.registerMigration("v6-coaching") { db in
            try db.execute(sql: coaching)
        }
        migrator.registerMigration("v7-rehearsal") { db in
            try db.execute(sql: rehearsal)
            // Deliveries, answers, snoozes and debriefs name their occurrence by id: the
            // rebuilt ledger must still hold every one they name.
            try db.checkForeignKeys()
        }
        migrator.registerMigration("v8-rung-rating") { db in
            try db.execute(sql: rungRating)
        }
        migrator.registerMigration("v9-evidence-edited") { db in
            try db.execute(sql: evidenceEdited)
        }
        migrator.registerMigration("v10-occurrence-by-kind") { db in
            try db.execute(sql: occurrenceByKind)
        }
        return migrator
    }()

    private static let initial = """
        CREATE TABLE occurrence (
            id TEXT NOT NULL PRIMARY KEY CHECK (id <> ''),
            kind TEXT NOT NULL CHECK (kind IN ('vicarious', 'reframe', 'debrief', 'affirmation', 'check_in')),
            subject TEXT NOT NULL CHECK (subject <> ''),
            state TEXT NOT NULL CHECK (state IN ('planned', 'delivering', 'delivered', 'answered', 'snoozed', 'missed', 'expired', 'failed')),
            due_at INTEGER NOT NULL,
            delivered_at INTEGER,
            updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX occurrence_by_state ON occurrence(state, due_at);
        CREATE INDEX occurrence_by_subject ON occurrence(subject, due_at);

        CREATE TABLE delivery (
            id INTEGER PRIMARY KEY,
            occurrence_id TEXT NOT NULL REFERENCES occurrence(id),
            channel TEXT NOT NULL CHECK (channel <> ''),
            started_at INTEGER NOT NULL,
            ended_at INTEGER,
            outcome TEXT CHECK (outcome IN ('sent', 'failed', 'timed_out')),
            error TEXT,
            CHECK ((ended_at IS NULL) = (outcome IS NULL))
        ) STRICT;
        CREATE INDEX delivery_by_occurrence ON delivery(occurrence_id, started_at);

        CREATE TABLE response (
            id INTEGER PRIMARY KEY,
            occurrence_id TEXT NOT NULL REFERENCES occurrence(id),
            answer TEXT NOT NULL CHECK (answer <> ''),
            via TEXT NOT NULL CHECK (via IN ('button', 'cli', 'hook')),
            channel TEXT,
            answered_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX response_by_occurrence ON response(occurrence_id, answered_at);
        CREATE INDEX response_by_time ON response(answered_at);

        CREATE TABLE debrief (
            id INTEGER PRIMARY KEY,
            occurrence_id TEXT REFERENCES occurrence(id),
            performance TEXT NOT NULL CHECK (performance <> ''),
            skill TEXT NOT NULL CHECK (skill <> ''),
            rung INTEGER CHECK (rung >= 1),
            outcome TEXT NOT NULL CHECK (outcome IN ('success', 'partial', 'miss')),
            what_worked TEXT NOT NULL,
            keep TEXT NOT NULL,
            change TEXT NOT NULL,
            self_efficacy INTEGER NOT NULL CHECK (self_efficacy BETWEEN 0 AND 100),
            feared_happened INTEGER CHECK (feared_happened IN (0, 1)),
            distress INTEGER CHECK (distress BETWEEN 0 AND 100),
            recorded_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX debrief_by_skill ON debrief(skill, rung, recorded_at);
        CREATE INDEX debrief_by_time ON debrief(recorded_at);

        CREATE TABLE evidence (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            skill TEXT NOT NULL CHECK (skill <> ''),
            rung INTEGER CHECK (rung >= 1),
            what TEXT NOT NULL CHECK (trim(what) <> ''),
            detail TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('debrief', 'manual', 'feedback')),
            given_by TEXT,
            debrief_id INTEGER REFERENCES debrief(id),
            observed INTEGER CHECK (observed IN (0, 1)),
            feared TEXT,
            feared_happened INTEGER CHECK (feared_happened IN (0, 1)),
            aids TEXT,
            happened_at INTEGER NOT NULL,
            recorded_at INTEGER NOT NULL,
            CHECK ((source = 'feedback') = (given_by IS NOT NULL AND given_by <> '')),
            CHECK (debrief_id IS NULL OR source = 'debrief')
        ) STRICT;
        CREATE INDEX evidence_by_skill ON evidence(skill, happened_at);
        CREATE INDEX evidence_by_time ON evidence(happened_at);

        CREATE VIRTUAL TABLE evidence_text USING fts5(
            skill, what, detail, given_by,
            content = 'evidence', content_rowid = 'id',
            tokenize = 'porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER evidence_text_insert AFTER INSERT ON evidence BEGIN
            INSERT INTO evidence_text(rowid, skill, what, detail, given_by)
            VALUES (new.id, new.skill, new.what, new.detail, new.given_by);
        END;
        CREATE TRIGGER evidence_text_delete AFTER DELETE ON evidence BEGIN
            INSERT INTO evidence_text(evidence_text, rowid, skill, what, detail, given_by)
            VALUES ('delete', old.id, old.skill, old.what, old.detail, old.given_by);
        END;
        CREATE TRIGGER evidence_text_update AFTER UPDATE ON evidence BEGIN
            INSERT INTO evidence_text(evidence_text, rowid, skill, what, detail, given_by)
            VALUES ('delete', old.id, old.skill, old.what, old.detail, old.given_by);
            INSERT INTO evidence_text(rowid, skill, what, detail, given_by)
            VALUES (new.id, new.skill, new.what, new.detail, new.given_by);
        END;

        CREATE TABLE ladder_position (
            ladder TEXT NOT NULL PRIMARY KEY CHECK (ladder <> ''),
            rung INTEGER NOT NULL CHECK (rung >= 1),
            since INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE ladder_move (
            id INTEGER PRIMARY KEY,
            ladder TEXT NOT NULL CHECK (ladder <> ''),
            move TEXT NOT NULL CHECK (move IN ('start', 'climb', 'hold', 'step_back')),
            from_rung INTEGER CHECK (from_rung >= 1),
            to_rung INTEGER NOT NULL CHECK (to_rung >= 1),
            reason TEXT NOT NULL,
            moved_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX ladder_move_by_ladder ON ladder_move(ladder, moved_at);

        CREATE TABLE daemon_pass (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            at INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE snooze (
            id INTEGER PRIMARY KEY,
            occurrence_id TEXT NOT NULL REFERENCES occurrence(id),
            snoozed_at INTEGER NOT NULL,
            ends_at INTEGER NOT NULL,
            CHECK (ends_at > snoozed_at)
        ) STRICT;
        CREATE INDEX snooze_by_occurrence ON snooze(occurrence_id, ends_at);

        CREATE TABLE pause (
            id INTEGER PRIMARY KEY,
            subject TEXT CHECK (subject <> ''),
            starts_at INTEGER NOT NULL,
            ends_at INTEGER NOT NULL,
            resumed_at INTEGER,
            reason TEXT NOT NULL,
            CHECK (ends_at > starts_at)
        ) STRICT;
        CREATE INDEX pause_by_end ON pause(ends_at);
        """

    /// Why each attempt was made (the first on its channel, a retry of the same channel,
    /// or the escalation of an unanswered prompt), and when the person dismissed what it
    /// delivered. An attempt recorded before this migration is a retry when the attempt
    /// before it, for the same prompt, was on the same channel and did not send it.
    private static let deliveryPurpose = """
        ALTER TABLE delivery ADD COLUMN purpose TEXT NOT NULL DEFAULT 'first'
            CHECK (purpose IN ('first', 'retry', 'escalation'));
        ALTER TABLE delivery ADD COLUMN dismissed_at INTEGER;
        UPDATE delivery SET purpose = 'retry' WHERE EXISTS (
            SELECT 1 FROM delivery AS previous
            WHERE previous.id = (
                    SELECT max(id) FROM delivery AS earlier
                    WHERE earlier.occurrence_id = delivery.occurrence_id AND earlier.id < delivery.id)
                AND previous.channel = delivery.channel
                AND (previous.outcome IS NULL OR previous.outcome <> 'sent')
        );
        """

    /// The ledger keeps what it takes to deliver a prompt until it reaches a final state
    /// (its schedule, nominal instant, expiry, performance start and the debrief a re-nudge
    /// follows), a `paused` final state for a prompt due in a pause, and the reason of a
    /// final state. SQLite cannot alter a CHECK constraint, so the table is rebuilt; rows
    /// from before keep these columns empty and are matched to the plan at start-up.
    private static let ledgerPlan = """
        CREATE TABLE occurrence_new (
            id TEXT NOT NULL PRIMARY KEY CHECK (id <> ''),
            kind TEXT NOT NULL CHECK (kind IN ('vicarious', 'reframe', 'debrief', 'affirmation', 'check_in')),
            subject TEXT NOT NULL CHECK (subject <> ''),
            state TEXT NOT NULL CHECK (state IN ('planned', 'delivering', 'delivered', 'answered', 'snoozed', 'missed', 'expired', 'failed', 'paused')),
            due_at INTEGER NOT NULL,
            delivered_at INTEGER,
            updated_at INTEGER NOT NULL,
            schedule TEXT,
            scheduled_at INTEGER,
            expires_at INTEGER,
            performance_start INTEGER,
            follows TEXT,
            reason TEXT
        ) STRICT;
        INSERT INTO occurrence_new (id, kind, subject, state, due_at, delivered_at, updated_at)
            SELECT id, kind, subject, state, due_at, delivered_at, updated_at FROM occurrence;
        DROP TABLE occurrence;
        ALTER TABLE occurrence_new RENAME TO occurrence;
        CREATE INDEX occurrence_by_state ON occurrence(state, due_at);
        CREATE INDEX occurrence_by_subject ON occurrence(subject, due_at);
        CREATE INDEX occurrence_by_nominal_instant ON occurrence(scheduled_at) WHERE scheduled_at IS NOT NULL;
        CREATE INDEX occurrence_by_follows ON occurrence(follows) WHERE follows IS NOT NULL;
        """

    /// A note, the person's own words, kept apart from the answer (a note alone has the
    /// answer `note`); and when an answer was replaced by a later one, which only an
    /// explicit `rungctl respond --replace` does: the first answer otherwise stands.
    private static let responseNote = """
        ALTER TABLE response ADD COLUMN note TEXT CHECK (note IS NULL OR trim(note) <> '');
        ALTER TABLE response ADD COLUMN replaced_at INTEGER;
        """

    /// `snooze --all` as one row — everything due before `ends_at` comes then — instead of
    /// a snooze row per prompt, so a snooze of a century costs what one of ten minutes does.
    private static let snoozeAll = """
        CREATE TABLE snooze_all (
            id INTEGER PRIMARY KEY,
            snoozed_at INTEGER NOT NULL,
            ends_at INTEGER NOT NULL,
            CHECK (ends_at > snoozed_at)
        ) STRICT;
        CREATE INDEX snooze_all_by_end ON snooze_all(ends_at);
        """

    /// Every answer of the coaching loop gets a home. A prediction before an attempt (how
    /// sure the person is that they can do it, and what they fear), kept when replaced. The
    /// debrief in After Action Review order: what was planned, what happened, why, the aids
    /// used and the attempt it is about; an outcome given by a button is a debrief not yet
    /// completed (no self-efficacy yet), completed later in place. The debrief table is
    /// rebuilt for that (SQLite cannot drop a NOT NULL); every old debrief counts as
    /// completed when it was recorded and keeps its `what_worked`, which new debriefs leave
    /// empty (their `why` and `keep` say it). Feedback names the performance it is about and
    /// is flagged when it is only praise of the person; a reframe's "did this help?" is a
    /// rating 0–10 beside the answer.
    private static let coaching = """
        CREATE TABLE prediction (
            id INTEGER PRIMARY KEY,
            performance TEXT NOT NULL CHECK (performance <> ''),
            attempt_start INTEGER NOT NULL,
            self_efficacy INTEGER NOT NULL CHECK (self_efficacy BETWEEN 0 AND 100),
            fear TEXT CHECK (fear IS NULL OR trim(fear) <> ''),
            recorded_at INTEGER NOT NULL,
            replaced_at INTEGER
        ) STRICT;
        CREATE UNIQUE INDEX prediction_standing ON prediction(performance, attempt_start) WHERE replaced_at IS NULL;

        CREATE TABLE debrief_new (
            id INTEGER PRIMARY KEY,
            occurrence_id TEXT REFERENCES occurrence(id),
            performance TEXT NOT NULL CHECK (performance <> ''),
            skill TEXT NOT NULL CHECK (skill <> ''),
            rung INTEGER CHECK (rung >= 1),
            attempt_start INTEGER,
            outcome TEXT NOT NULL CHECK (outcome IN ('success', 'partial', 'miss')),
            planned TEXT NOT NULL DEFAULT '',
            happened TEXT NOT NULL DEFAULT '',
            why TEXT NOT NULL DEFAULT '',
            what_worked TEXT NOT NULL DEFAULT '',
            keep TEXT NOT NULL DEFAULT '',
            change TEXT NOT NULL DEFAULT '',
            self_efficacy INTEGER CHECK (self_efficacy BETWEEN 0 AND 100),
            feared_happened INTEGER CHECK (feared_happened IN (0, 1)),
            distress INTEGER CHECK (distress BETWEEN 0 AND 100),
            aids TEXT,
            recorded_at INTEGER NOT NULL,
            completed_at INTEGER,
            CHECK (completed_at IS NULL OR self_efficacy IS NOT NULL)
        ) STRICT;
        INSERT INTO debrief_new (
            id, occurrence_id, performance, skill, rung, outcome, what_worked, keep, change,
            self_efficacy, feared_happened, distress, recorded_at, completed_at)
        SELECT id, occurrence_id, performance, skill, rung, outcome, what_worked, keep, change,
            self_efficacy, feared_happened, distress, recorded_at, recorded_at
        FROM debrief;
        DROP TABLE debrief;
        ALTER TABLE debrief_new RENAME TO debrief;
        CREATE INDEX debrief_by_skill ON debrief(skill, rung, recorded_at);
        CREATE INDEX debrief_by_time ON debrief(recorded_at);
        CREATE INDEX debrief_by_occurrence ON debrief(occurrence_id) WHERE occurrence_id IS NOT NULL;

        ALTER TABLE evidence ADD COLUMN performance TEXT CHECK (performance IS NULL OR performance <> '');
        ALTER TABLE evidence ADD COLUMN praise_only INTEGER CHECK (praise_only IN (0, 1));

        ALTER TABLE response ADD COLUMN rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 0 AND 10);
        """

    /// A new kind of prompt, the rehearsal before a one-off high-stakes performance. SQLite
    /// cannot alter the CHECK on `kind`, so the ledger is rebuilt as v3 left it, every row,
    /// column and index kept; the tables that refer to it name it, not its storage, and
    /// refer to the new table once it takes the name.
    private static let rehearsal = """
        CREATE TABLE occurrence_new (
            id TEXT NOT NULL PRIMARY KEY CHECK (id <> ''),
            kind TEXT NOT NULL CHECK (kind IN ('vicarious', 'reframe', 'debrief', 'affirmation', 'check_in', 'rehearsal')),
            subject TEXT NOT NULL CHECK (subject <> ''),
            state TEXT NOT NULL CHECK (state IN ('planned', 'delivering', 'delivered', 'answered', 'snoozed', 'missed', 'expired', 'failed', 'paused')),
            due_at INTEGER NOT NULL,
            delivered_at INTEGER,
            updated_at INTEGER NOT NULL,
            schedule TEXT,
            scheduled_at INTEGER,
            expires_at INTEGER,
            performance_start INTEGER,
            follows TEXT,
            reason TEXT
        ) STRICT;
        INSERT INTO occurrence_new (
            id, kind, subject, state, due_at, delivered_at, updated_at,
            schedule, scheduled_at, expires_at, performance_start, follows, reason)
        SELECT id, kind, subject, state, due_at, delivered_at, updated_at,
            schedule, scheduled_at, expires_at, performance_start, follows, reason
        FROM occurrence;
        DROP TABLE occurrence;
        ALTER TABLE occurrence_new RENAME TO occurrence;
        CREATE INDEX occurrence_by_state ON occurrence(state, due_at);
        CREATE INDEX occurrence_by_subject ON occurrence(subject, due_at);
        CREATE INDEX occurrence_by_nominal_instant ON occurrence(scheduled_at) WHERE scheduled_at IS NOT NULL;
        CREATE INDEX occurrence_by_follows ON occurrence(follows) WHERE follows IS NOT NULL;
        """

    /// v8: how sure the person is that they can do a rung, rated for the rung itself
    /// (`rungctl ladder rate`): what a climb reads when no prediction names the next rung.
    private static let rungRating = """
        CREATE TABLE rung_rating (
            id INTEGER PRIMARY KEY,
            ladder TEXT NOT NULL CHECK (ladder <> ''),
            rung INTEGER NOT NULL CHECK (rung >= 1),
            self_efficacy INTEGER NOT NULL CHECK (self_efficacy BETWEEN 0 AND 100),
            recorded_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX rung_rating_by_ladder ON rung_rating(ladder, rung, recorded_at);
        """

    /// v9: when the person last corrected an evidence entry by hand (`rungctl evidence
    /// edit`); entries from before were never edited.
    private static let evidenceEdited = """
        ALTER TABLE evidence ADD COLUMN edited_at INTEGER;
        """

    /// v10: the prompts of one kind about given subjects, in one index: what a ladder's
    /// record asks (when the person last watched a peer) and what the report counts (the
    /// debrief prompts that passed), answered without reading the ledger's rows.
    private static let occurrenceByKind = """
        CREATE INDEX occurrence_by_kind ON occurrence(kind, subject, state, due_at);
        """
}
