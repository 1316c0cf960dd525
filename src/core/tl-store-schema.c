/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-store-schema.c: the library schema as a list of migrations, oldest first.
 *
 * Never edit a migration that has shipped: add a new one and bump TL_STORE_SCHEMA_VERSION.
 * Times in the video are nanoseconds (gint64) like GStreamer's; wall-clock times are Unix
 * seconds (UTC). Colours are "#rrggbb". Free-form structured values (camera models, drawing
 * geometry) are JSON text so that they can grow without a migration.
 */
#include "tl-store.h"

/* 1: the match library. */
static const char migration_1[] =
  "CREATE TABLE teams ("
  "  id              INTEGER PRIMARY KEY,"
  "  name            TEXT NOT NULL,"
  "  short_name      TEXT,"
  "  color           TEXT NOT NULL DEFAULT '#ffffff',"
  "  secondary_color TEXT,"
  "  created_at      INTEGER NOT NULL DEFAULT (unixepoch())"
  ");"
  "CREATE TABLE players ("
  "  id         INTEGER PRIMARY KEY,"
  "  team_id    INTEGER REFERENCES teams(id) ON DELETE SET NULL,"
  "  name       TEXT NOT NULL,"
  "  number     INTEGER CHECK (number IS NULL OR number BETWEEN 0 AND 999),"
  "  position   TEXT,"
  "  color      TEXT,"
  "  created_at INTEGER NOT NULL DEFAULT (unixepoch())"
  ");"
  "CREATE INDEX players_team ON players(team_id);"
  "CREATE TABLE matches ("
  "  id             INTEGER PRIMARY KEY,"
  "  title          TEXT NOT NULL,"
  "  file_path      TEXT NOT NULL,"
  "  content_hash   TEXT NOT NULL,"
  "  file_size      INTEGER NOT NULL CHECK (file_size >= 0),"
  "  duration_ns    INTEGER NOT NULL CHECK (duration_ns >= 0),"
  "  width          INTEGER NOT NULL CHECK (width > 0),"
  "  height         INTEGER NOT NULL CHECK (height > 0),"
  "  fps_num        INTEGER NOT NULL DEFAULT 0,"
  "  fps_den        INTEGER NOT NULL DEFAULT 1,"
  "  container      TEXT,"
  "  video_codec    TEXT,"
  "  audio_codec    TEXT,"
  "  projection     TEXT NOT NULL DEFAULT 'flat' CHECK (projection IN ('flat', 'cylindrical')),"
  "  hfov_deg       REAL NOT NULL DEFAULT 90 CHECK (hfov_deg > 0 AND hfov_deg <= 360),"
  "  calibration    TEXT," /* JSON camera model; NULL until calibrated */
  "  home_team_id   INTEGER REFERENCES teams(id) ON DELETE SET NULL,"
  "  away_team_id   INTEGER REFERENCES teams(id) ON DELETE SET NULL,"
  "  competition    TEXT,"
  "  venue          TEXT,"
  "  recorded_at    INTEGER,"
  "  imported_at    INTEGER NOT NULL DEFAULT (unixepoch()),"
  "  poster_path    TEXT,"
  "  analysis_state TEXT NOT NULL DEFAULT 'none'"
  "                 CHECK (analysis_state IN ('none','queued','running','paused','done','failed')),"
  "  trashed_at     INTEGER" /* delete with undo: hidden until purged */
  ");"
  "CREATE UNIQUE INDEX matches_content_hash ON matches(content_hash);"
  /* Kick-off offsets: where each period starts and ends in the file, for the match clock. */
  "CREATE TABLE periods ("
  "  id        INTEGER PRIMARY KEY,"
  "  match_id  INTEGER NOT NULL REFERENCES matches(id) ON DELETE CASCADE,"
  "  number    INTEGER NOT NULL CHECK (number >= 1),"
  "  name      TEXT NOT NULL,"
  "  start_ns  INTEGER NOT NULL CHECK (start_ns >= 0),"
  "  end_ns    INTEGER CHECK (end_ns IS NULL OR end_ns >= start_ns),"
  "  clock_offset_s INTEGER NOT NULL DEFAULT 0," /* 45*60 for the second half, ... */
  "  UNIQUE (match_id, number)"
  ");"
  /* Who played in a match: squads are reusable, this is the match sheet. */
  "CREATE TABLE match_players ("
  "  match_id  INTEGER NOT NULL REFERENCES matches(id) ON DELETE CASCADE,"
  "  player_id INTEGER NOT NULL REFERENCES players(id) ON DELETE CASCADE,"
  "  team_id   INTEGER REFERENCES teams(id) ON DELETE SET NULL,"
  "  number    INTEGER,"
  "  starter   INTEGER NOT NULL DEFAULT 1,"
  "  PRIMARY KEY (match_id, player_id)"
  ");";

/* 2: tagging, annotations and highlight reels. */
static const char migration_2[] =
  "CREATE TABLE tag_templates ("
  "  id          INTEGER PRIMARY KEY,"
  "  name        TEXT NOT NULL,"
  "  is_default  INTEGER NOT NULL DEFAULT 0,"
  "  created_at  INTEGER NOT NULL DEFAULT (unixepoch()),"
  "  modified_at INTEGER NOT NULL DEFAULT (unixepoch())"
  ");"
  "CREATE TABLE tag_codes ("
  "  id          INTEGER PRIMARY KEY,"
  "  template_id INTEGER NOT NULL REFERENCES tag_templates(id) ON DELETE CASCADE,"
  "  name        TEXT NOT NULL,"
  "  color       TEXT NOT NULL DEFAULT '#3584e4',"
  "  hotkey      TEXT,"
  "  lead_ns     INTEGER NOT NULL DEFAULT 5000000000 CHECK (lead_ns >= 0),"
  "  lag_ns      INTEGER NOT NULL DEFAULT 5000000000 CHECK (lag_ns >= 0),"
  "  team_bound  INTEGER NOT NULL DEFAULT 0,"
  "  toggle      INTEGER NOT NULL DEFAULT 0,"
  "  position    INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (template_id, name)"
  ");"
  "CREATE TABLE label_groups ("
  "  id          INTEGER PRIMARY KEY,"
  "  template_id INTEGER NOT NULL REFERENCES tag_templates(id) ON DELETE CASCADE,"
  "  name        TEXT NOT NULL,"
  "  exclusive   INTEGER NOT NULL DEFAULT 1," /* one label of the group per event */
  "  position    INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (template_id, name)"
  ");"
  "CREATE TABLE labels ("
  "  id        INTEGER PRIMARY KEY,"
  "  group_id  INTEGER NOT NULL REFERENCES label_groups(id) ON DELETE CASCADE,"
  "  name      TEXT NOT NULL,"
  "  hotkey    TEXT,"
  "  position  INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (group_id, name)"
  ");"
  /* Events keep their code's name and colour so that editing or deleting a template never
   * changes what was tagged (and imported Sportscode codes need no template). */
  "CREATE TABLE events ("
  "  id          INTEGER PRIMARY KEY,"
  "  match_id    INTEGER NOT NULL REFERENCES matches(id) ON DELETE CASCADE,"
  "  code_id     INTEGER REFERENCES tag_codes(id) ON DELETE SET NULL,"
  "  code        TEXT NOT NULL,"
  "  color       TEXT NOT NULL DEFAULT '#3584e4',"
  "  start_ns    INTEGER NOT NULL CHECK (start_ns >= 0),"
  "  end_ns      INTEGER NOT NULL CHECK (end_ns >= start_ns),"
  "  lead_ns     INTEGER NOT NULL DEFAULT 0,"
  "  lag_ns      INTEGER NOT NULL DEFAULT 0,"
  "  team_id     INTEGER REFERENCES teams(id) ON DELETE SET NULL,"
  "  player_id   INTEGER REFERENCES players(id) ON DELETE SET NULL,"
  "  note        TEXT,"
  "  external_id TEXT," /* the <ID> of an imported Sportscode instance */
  "  created_at  INTEGER NOT NULL DEFAULT (unixepoch()),"
  "  modified_at INTEGER NOT NULL DEFAULT (unixepoch())"
  ");"
  "CREATE INDEX events_match_time ON events(match_id, start_ns);"
  "CREATE TABLE event_labels ("
  "  id         INTEGER PRIMARY KEY,"
  "  event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
  "  group_name TEXT," /* NULL: a label without group, as Sportscode allows */
  "  text       TEXT NOT NULL,"
  "  position   INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX event_labels_event ON event_labels(event_id);"
  "CREATE TABLE annotations ("
  "  id          INTEGER PRIMARY KEY,"
  "  match_id    INTEGER NOT NULL REFERENCES matches(id) ON DELETE CASCADE,"
  "  event_id    INTEGER REFERENCES events(id) ON DELETE SET NULL,"
  "  shape       TEXT NOT NULL," /* pen, line, arrow, circle, rect, zone, text, marker, spotlight,
                                  * link, magnifier */
  "  space       TEXT NOT NULL CHECK (space IN ('pitch', 'image')),"
  "  geometry    TEXT NOT NULL," /* JSON: points in the space above, curve, dash... */
  "  style       TEXT NOT NULL DEFAULT '{}'," /* JSON: colour, width, opacity, fill */
  "  text        TEXT,"
  "  start_ns    INTEGER NOT NULL CHECK (start_ns >= 0),"
  "  end_ns      INTEGER NOT NULL CHECK (end_ns >= start_ns),"
  "  freeze_ns   INTEGER NOT NULL DEFAULT 0 CHECK (freeze_ns >= 0)," /* telestration pause */
  "  z_order     INTEGER NOT NULL DEFAULT 0,"
  "  created_at  INTEGER NOT NULL DEFAULT (unixepoch()),"
  "  modified_at INTEGER NOT NULL DEFAULT (unixepoch())"
  ");"
  "CREATE INDEX annotations_match_time ON annotations(match_id, start_ns);"
  /* Tracks a player-bound drawing follows (a spotlight has one, a link several). */
  "CREATE TABLE annotation_tracks ("
  "  annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,"
  "  track_no      INTEGER NOT NULL,"
  "  position      INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (annotation_id, position)"
  ");"
  "CREATE TABLE reels ("
  "  id          INTEGER PRIMARY KEY,"
  "  name        TEXT NOT NULL,"
  "  intro_title TEXT,"
  "  created_at  INTEGER NOT NULL DEFAULT (unixepoch()),"
  "  modified_at INTEGER NOT NULL DEFAULT (unixepoch())"
  ");"
  "CREATE TABLE reel_items ("
  "  id            INTEGER PRIMARY KEY,"
  "  reel_id       INTEGER NOT NULL REFERENCES reels(id) ON DELETE CASCADE,"
  "  position      INTEGER NOT NULL,"
  "  match_id      INTEGER NOT NULL REFERENCES matches(id) ON DELETE CASCADE,"
  "  event_id      INTEGER REFERENCES events(id) ON DELETE SET NULL,"
  "  start_ns      INTEGER NOT NULL CHECK (start_ns >= 0),"
  "  end_ns        INTEGER NOT NULL CHECK (end_ns > start_ns),"
  "  camera_mode   TEXT NOT NULL DEFAULT 'follow'"
  "                CHECK (camera_mode IN ('follow', 'path', 'fixed', 'full')),"
  "  camera        TEXT," /* JSON: the fixed view (yaw, pitch, hfov) */
  "  slowmo_start_ns INTEGER,"
  "  slowmo_end_ns   INTEGER,"
  "  slowmo_rate   REAL NOT NULL DEFAULT 1.0 CHECK (slowmo_rate > 0),"
  "  title_text    TEXT"
  ");"
  "CREATE INDEX reel_items_reel ON reel_items(reel_id, position);";

/* 3: analysis jobs, tracks, the follow-cam path and the coach's camera keyframes. */
static const char migration_3[] =
  "CREATE TABLE analysis_jobs ("
  "  id            INTEGER PRIMARY KEY,"
  "  match_id      INTEGER NOT NULL REFERENCES matches(id) ON DELETE CASCADE,"
  "  state         TEXT NOT NULL DEFAULT 'queued'"
  "                CHECK (state IN ('queued','running','paused','done','failed')),"
  "  backend       TEXT NOT NULL DEFAULT 'auto' CHECK (backend IN ('auto','cpu','cuda')),"
  "  device_name   TEXT,"
  "  threads       INTEGER NOT NULL DEFAULT 0,"
  "  frames_total  INTEGER NOT NULL DEFAULT 0,"
  "  frames_done   INTEGER NOT NULL DEFAULT 0,"
  "  checkpoint_frame INTEGER NOT NULL DEFAULT 0,"
  "  checkpoint    BLOB," /* engine state to resume from checkpoint_frame */
  "  error         TEXT,"
  "  created_at    INTEGER NOT NULL DEFAULT (unixepoch()),"
  "  started_at    INTEGER,"
  "  finished_at   INTEGER"
  ");"
  "CREATE INDEX analysis_jobs_match ON analysis_jobs(match_id);"
  "CREATE TABLE tracks ("
  "  id          INTEGER PRIMARY KEY,"
  "  match_id    INTEGER NOT NULL REFERENCES matches(id) ON DELETE CASCADE,"
  "  track_no    INTEGER NOT NULL,"
  "  class       INTEGER NOT NULL CHECK (class IN (1, 2))," /* 1 person, 2 ball (MOTChallenge) */
  "  team_side   INTEGER NOT NULL DEFAULT 0," /* 0 unknown, 1 home, 2 away, 3 referee */
  "  player_id   INTEGER REFERENCES players(id) ON DELETE SET NULL,"
  "  label       TEXT,"
  "  first_frame INTEGER NOT NULL,"
  "  last_frame  INTEGER NOT NULL CHECK (last_frame >= first_frame),"
  "  UNIQUE (match_id, track_no)"
  ");"
  /* Samples are stored in chunks of a few seconds of all objects, so a time window is a range
   * read of a handful of rows. The blob layout is versioned inside the blob. */
  "CREATE TABLE track_chunks ("
  "  match_id    INTEGER NOT NULL REFERENCES matches(id) ON DELETE CASCADE,"
  "  first_frame INTEGER NOT NULL,"
  "  last_frame  INTEGER NOT NULL CHECK (last_frame >= first_frame),"
  "  samples     BLOB NOT NULL,"
  "  PRIMARY KEY (match_id, first_frame)"
  ") WITHOUT ROWID;"
  "CREATE TABLE track_stats ("
  "  track_id      INTEGER PRIMARY KEY REFERENCES tracks(id) ON DELETE CASCADE,"
  "  distance_m    REAL,"
  "  top_speed_ms  REAL,"
  "  sprints       INTEGER"
  ");"
  "CREATE TABLE camera_paths ("
  "  match_id  INTEGER PRIMARY KEY REFERENCES matches(id) ON DELETE CASCADE,"
  "  fps       REAL NOT NULL,"
  "  samples   BLOB NOT NULL" /* yaw, pitch, hfov per frame, float32 */
  ");"
  "CREATE TABLE camera_keyframes ("
  "  id        INTEGER PRIMARY KEY,"
  "  match_id  INTEGER NOT NULL REFERENCES matches(id) ON DELETE CASCADE,"
  "  time_ns   INTEGER NOT NULL CHECK (time_ns >= 0),"
  "  yaw_deg   REAL NOT NULL,"
  "  pitch_deg REAL NOT NULL,"
  "  hfov_deg  REAL NOT NULL CHECK (hfov_deg > 0),"
  "  UNIQUE (match_id, time_ns)"
  ");";

/* 4: a match's Sportscode rows (the code list of its timeline, with codes that have no
 * instance yet) and the session start time, so that an imported edit list exports unchanged. */
static const char migration_4[] =
  "CREATE TABLE event_rows ("
  "  match_id  INTEGER NOT NULL REFERENCES matches(id) ON DELETE CASCADE,"
  "  code      TEXT NOT NULL,"
  "  color     TEXT NOT NULL DEFAULT '#3584e4',"
  "  position  INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (match_id, code)"
  ");"
  "CREATE TABLE event_sessions ("
  "  match_id   INTEGER PRIMARY KEY REFERENCES matches(id) ON DELETE CASCADE,"
  "  start_time TEXT" /* <SESSION_INFO><start_time> as written in the file */
  ");";

/* 5: a side the coach gave a track is his: a running or resumed analysis rewrites the
 * engine's side of the tracks it extends, and must leave that one alone. */
static const char migration_5[] =
  "ALTER TABLE tracks ADD COLUMN side_by_user INTEGER NOT NULL DEFAULT 0"
  "  CHECK (side_by_user IN (0, 1));";

/* 6: which video decoder an analysis used: NVDEC and software decoders give slightly different
 * pixels, so a resumed run must decode with the same one (or start over). */
static const char migration_6[] =
  "ALTER TABLE analysis_jobs ADD COLUMN decoder TEXT;";

static const char * const migrations[] = {
  NULL, /* version 0: the empty file */
  migration_1,
  migration_2,
  migration_3,
  migration_4,
  migration_5,
  migration_6,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == TL_STORE_SCHEMA_VERSION + 1);

const char *
tl_store_get_migration_sql (guint version)
{
  g_return_val_if_fail (version >= 1 && version <= TL_STORE_SCHEMA_VERSION, NULL);

  return migrations[version];
}
