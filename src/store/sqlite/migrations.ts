import type { Database } from 'better-sqlite3';
import { AppError } from '../../domain/errors.js';

/** One step of the schema. Append new steps; never edit one that has shipped. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The SQLite layout. Posts keep the whole post as JSON (`body`) and, beside it, the fields the
 * queue and the history are read by; triggers keep per-status and per-stream counts so `/metrics`
 * and retention never count a million rows. The audit log has one row per entry, indexed by
 * stream, actor, action and target, each with time, so every audit question is an index range.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE posts (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        priority TEXT NOT NULL,
        due_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        channel TEXT NOT NULL,
        grp TEXT,
        broadcast INTEGER NOT NULL,
        awaiting INTEGER NOT NULL,
        claim_owner TEXT,
        claim_until INTEGER,
        body TEXT NOT NULL
      );
      CREATE INDEX posts_queue ON posts (priority, due_at, id) WHERE status = 'pending' AND awaiting = 0;
      CREATE INDEX posts_claims ON posts (claim_until) WHERE status IN ('claimed', 'attempting');
      CREATE INDEX posts_status ON posts (status, updated_at);
      CREATE INDEX posts_changed ON posts (updated_at);
      CREATE INDEX posts_channel ON posts (channel, updated_at);
      CREATE INDEX posts_group ON posts (grp) WHERE grp IS NOT NULL;
      CREATE INDEX posts_broadcasts ON posts (updated_at) WHERE status = 'sent' AND broadcast = 1;

      CREATE TABLE post_counts (status TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TRIGGER posts_count_insert AFTER INSERT ON posts BEGIN
        INSERT INTO post_counts (status, n) VALUES (new.status, 1) ON CONFLICT (status) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER posts_count_delete AFTER DELETE ON posts BEGIN
        UPDATE post_counts SET n = n - 1 WHERE status = old.status;
      END;
      CREATE TRIGGER posts_count_update AFTER UPDATE OF status ON posts WHEN old.status <> new.status BEGIN
        UPDATE post_counts SET n = n - 1 WHERE status = old.status;
        INSERT INTO post_counts (status, n) VALUES (new.status, 1) ON CONFLICT (status) DO UPDATE SET n = n + 1;
      END;

      CREATE TABLE docs (
        collection TEXT NOT NULL,
        id TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (collection, id)
      ) WITHOUT ROWID;
      CREATE INDEX docs_changed ON docs (collection, updated_at);

      CREATE TABLE seen (key TEXT PRIMARY KEY, expires INTEGER NOT NULL) WITHOUT ROWID;
      CREATE INDEX seen_expires ON seen (expires);
      CREATE TABLE slots (key TEXT PRIMARY KEY, window_start INTEGER NOT NULL, used INTEGER NOT NULL, expires INTEGER NOT NULL) WITHOUT ROWID;
      CREATE INDEX slots_expires ON slots (expires);
      CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;

      CREATE TABLE audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        stream TEXT NOT NULL,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        place TEXT,
        entry TEXT NOT NULL
      );
      CREATE INDEX audit_stream ON audit (stream, at, seq);
      CREATE INDEX audit_actor ON audit (actor, at, seq);
      CREATE INDEX audit_action ON audit (action, at, seq);
      CREATE INDEX audit_target ON audit (target, at, seq) WHERE target IS NOT NULL;
      CREATE TABLE audit_counts (stream TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TRIGGER audit_count_insert AFTER INSERT ON audit BEGIN
        INSERT INTO audit_counts (stream, n) VALUES (new.stream, 1) ON CONFLICT (stream) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER audit_count_delete AFTER DELETE ON audit BEGIN
        UPDATE audit_counts SET n = n - 1 WHERE stream = old.stream;
      END;

      -- For people with the sqlite3 shell: the staff inbox as a table (read-only view).
      CREATE VIEW inbox_items AS
        SELECT id,
               json_extract(value, '$.status') AS status,
               json_extract(value, '$.channel') AS channel,
               json_extract(value, '$.reason') AS reason,
               json_extract(value, '$.urgent') AS urgent,
               json_extract(value, '$.topic') AS topic,
               json_extract(value, '$.locale') AS locale,
               json_extract(value, '$.createdAt') AS created_at,
               json_extract(value, '$.resolvedAt') AS resolved_at,
               json_extract(value, '$.resolvedBy') AS resolved_by
        FROM docs WHERE collection = 'inbox';
    `,
  },
];

/** The newest schema this build knows. */
export const SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

/**
 * Brings the database to `SCHEMA_VERSION`, one transaction per step, recorded in `user_version`.
 * A database written by a newer build is refused rather than half-understood.
 */
export function migrate(db: Database, file: string): { from: number; to: number } {
  const from = Number(db.pragma('user_version', { simple: true }));
  if (from > SCHEMA_VERSION) {
    throw new AppError('CONFLICT', `${file} has schema version ${from}, newer than this civicast knows (${SCHEMA_VERSION}): run the newer version, or restore a backup`);
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= from) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return { from, to: SCHEMA_VERSION };
}
