-- table daemon_pass
CREATE TABLE daemon_pass (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    at INTEGER NOT NULL
) STRICT;

-- table debrief
CREATE TABLE "debrief" (
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

-- index debrief_by_occurrence
CREATE INDEX debrief_by_occurrence ON debrief(occurrence_id) WHERE occurrence_id IS NOT NULL;

-- index debrief_by_skill
CREATE INDEX debrief_by_skill ON debrief(skill, rung, recorded_at);

-- index debrief_by_time
CREATE INDEX debrief_by_time ON debrief(recorded_at);

-- table delivery
CREATE TABLE delivery (
    id INTEGER PRIMARY KEY,
    occurrence_id TEXT NOT NULL REFERENCES occurrence(id),
    channel TEXT NOT NULL CHECK (channel <> ''),
    started_at INTEGER NOT NULL,
    ended_at INTEGER,
    outcome TEXT CHECK (outcome IN ('sent', 'failed', 'timed_out')),
    error TEXT, purpose TEXT NOT NULL DEFAULT 'first'
    CHECK (purpose IN ('first', 'retry', 'escalation')), dismissed_at INTEGER,
    CHECK ((ended_at IS NULL) = (outcome IS NULL))
) STRICT;

-- index delivery_by_occurrence
CREATE INDEX delivery_by_occurrence ON delivery(occurrence_id, started_at);

-- table evidence
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
    recorded_at INTEGER NOT NULL, performance TEXT CHECK (performance IS NULL OR performance <> ''), praise_only INTEGER CHECK (praise_only IN (0, 1)), edited_at INTEGER,
    CHECK ((source = 'feedback') = (given_by IS NOT NULL AND given_by <> '')),
    CHECK (debrief_id IS NULL OR source = 'debrief')
) STRICT;

-- index evidence_by_skill
CREATE INDEX evidence_by_skill ON evidence(skill, happened_at);

-- index evidence_by_time
CREATE INDEX evidence_by_time ON evidence(happened_at);

-- table evidence_text
CREATE VIRTUAL TABLE evidence_text USING fts5(
    skill, what, detail, given_by,
    content = 'evidence', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

-- table evidence_text_config
CREATE TABLE 'evidence_text_config'(k PRIMARY KEY, v) WITHOUT ROWID;

-- table evidence_text_data
CREATE TABLE 'evidence_text_data'(id INTEGER PRIMARY KEY, block BLOB);

-- trigger evidence_text_delete
CREATE TRIGGER evidence_text_delete AFTER DELETE ON evidence BEGIN
    INSERT INTO evidence_text(evidence_text, rowid, skill, what, detail, given_by)
    VALUES ('delete', old.id, old.skill, old.what, old.detail, old.given_by);
END;

-- table evidence_text_docsize
CREATE TABLE 'evidence_text_docsize'(id INTEGER PRIMARY KEY, sz BLOB);

-- table evidence_text_idx
CREATE TABLE 'evidence_text_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;

-- trigger evidence_text_insert
CREATE TRIGGER evidence_text_insert AFTER INSERT ON evidence BEGIN
    INSERT INTO evidence_text(rowid, skill, what, detail, given_by)
    VALUES (new.id, new.skill, new.what, new.detail, new.given_by);
END;

-- trigger evidence_text_update
CREATE TRIGGER evidence_text_update AFTER UPDATE ON evidence BEGIN
    INSERT INTO evidence_text(evidence_text, rowid, skill, what, detail, given_by)
    VALUES ('delete', old.id, old.skill, old.what, old.detail, old.given_by);
    INSERT INTO evidence_text(rowid, skill, what, detail, given_by)
    VALUES (new.id, new.skill, new.what, new.detail, new.given_by);
END;

-- table grdb_migrations
CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);

-- table ladder_move
CREATE TABLE ladder_move (
    id INTEGER PRIMARY KEY,
    ladder TEXT NOT NULL CHECK (ladder <> ''),
    move TEXT NOT NULL CHECK (move IN ('start', 'climb', 'hold', 'step_back')),
    from_rung INTEGER CHECK (from_rung >= 1),
    to_rung INTEGER NOT NULL CHECK (to_rung >= 1),
    reason TEXT NOT NULL,
    moved_at INTEGER NOT NULL
) STRICT;

-- index ladder_move_by_ladder
CREATE INDEX ladder_move_by_ladder ON ladder_move(ladder, moved_at);

-- table ladder_position
CREATE TABLE ladder_position (
    ladder TEXT NOT NULL PRIMARY KEY CHECK (ladder <> ''),
    rung INTEGER NOT NULL CHECK (rung >= 1),
    since INTEGER NOT NULL
) STRICT;

-- table occurrence
CREATE TABLE "occurrence" (
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

-- index occurrence_by_follows
CREATE INDEX occurrence_by_follows ON occurrence(follows) WHERE follows IS NOT NULL;

-- index occurrence_by_kind
CREATE INDEX occurrence_by_kind ON occurrence(kind, subject, state, due_at);

-- index occurrence_by_nominal_instant
CREATE INDEX occurrence_by_nominal_instant ON occurrence(scheduled_at) WHERE scheduled_at IS NOT NULL;

-- index occurrence_by_state
CREATE INDEX occurrence_by_state ON occurrence(state, due_at);

-- index occurrence_by_subject
CREATE INDEX occurrence_by_subject ON occurrence(subject, due_at);

-- table pause
CREATE TABLE pause (
    id INTEGER PRIMARY KEY,
    subject TEXT CHECK (subject <> ''),
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    resumed_at INTEGER,
    reason TEXT NOT NULL,
    CHECK (ends_at > starts_at)
) STRICT;

-- index pause_by_end
CREATE INDEX pause_by_end ON pause(ends_at);

-- table prediction
CREATE TABLE prediction (
    id INTEGER PRIMARY KEY,
    performance TEXT NOT NULL CHECK (performance <> ''),
    attempt_start INTEGER NOT NULL,
    self_efficacy INTEGER NOT NULL CHECK (self_efficacy BETWEEN 0 AND 100),
    fear TEXT CHECK (fear IS NULL OR trim(fear) <> ''),
    recorded_at INTEGER NOT NULL,
    replaced_at INTEGER
) STRICT;

-- index prediction_standing
CREATE UNIQUE INDEX prediction_standing ON prediction(performance, attempt_start) WHERE replaced_at IS NULL;

-- table response
CREATE TABLE response (
    id INTEGER PRIMARY KEY,
    occurrence_id TEXT NOT NULL REFERENCES occurrence(id),
    answer TEXT NOT NULL CHECK (answer <> ''),
    via TEXT NOT NULL CHECK (via IN ('button', 'cli', 'hook')),
    channel TEXT,
    answered_at INTEGER NOT NULL
, note TEXT CHECK (note IS NULL OR trim(note) <> ''), replaced_at INTEGER, rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 0 AND 10)) STRICT;

-- index response_by_occurrence
CREATE INDEX response_by_occurrence ON response(occurrence_id, answered_at);

-- index response_by_time
CREATE INDEX response_by_time ON response(answered_at);

-- table rung_rating
CREATE TABLE rung_rating (
    id INTEGER PRIMARY KEY,
    ladder TEXT NOT NULL CHECK (ladder <> ''),
    rung INTEGER NOT NULL CHECK (rung >= 1),
    self_efficacy INTEGER NOT NULL CHECK (self_efficacy BETWEEN 0 AND 100),
    recorded_at INTEGER NOT NULL
) STRICT;

-- index rung_rating_by_ladder
CREATE INDEX rung_rating_by_ladder ON rung_rating(ladder, rung, recorded_at);

-- table snooze
CREATE TABLE snooze (
    id INTEGER PRIMARY KEY,
    occurrence_id TEXT NOT NULL REFERENCES occurrence(id),
    snoozed_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    CHECK (ends_at > snoozed_at)
) STRICT;

-- table snooze_all
CREATE TABLE snooze_all (
    id INTEGER PRIMARY KEY,
    snoozed_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    CHECK (ends_at > snoozed_at)
) STRICT;

-- index snooze_all_by_end
CREATE INDEX snooze_all_by_end ON snooze_all(ends_at);

-- index snooze_by_occurrence
CREATE INDEX snooze_by_occurrence ON snooze(occurrence_id, ends_at);

-- index sqlite_autoindex_grdb_migrations_1
-- (made by SQLite)

-- index sqlite_autoindex_ladder_position_1
-- (made by SQLite)

-- index sqlite_autoindex_occurrence_1
-- (made by SQLite)

-- table sqlite_sequence
CREATE TABLE sqlite_sequence(name,seq);
