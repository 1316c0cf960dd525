/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-track-window.c: cached time-window reads of a match's tracks, and their identities. */
#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "tl-error.h"
#include "tl-track-window.h"

/* How far ahead of the frame a read goes: playing for this long costs no query. */
#define READ_AHEAD_S 10.0
/* And behind it (beyond the trail): stepping back frame by frame costs no query either. */
#define READ_BEHIND_S 2.0
/* Trails longer than this would keep too many samples around. */
#define MAX_TRAIL_S  60.0
/* With less than this left in the cache ahead of the frame, the next window is read in a
 * worker thread: playing never waits for a query (a jump outside the cache still reads at
 * once, so the boxes of the frame shown are always there). */
#define PREFETCH_S 5.0

struct _TlTrackWindow
{
  GObject   parent_instance;

  TlStore  *store;
  gint64    match_id;
  double    fps;
  double    trail_s;
  gint64    frame;

  /* Samples of frames [cache_first, cache_last], frame order; cache_last < cache_first when
   * nothing is cached. */
  GArray   *cache;
  gint64    cache_first, cache_last;
  GArray   *objects;        /* TlTrackObject of the current frame */
  GCancellable *prefetch;   /* the read of the next window in flight, NULL when none */
  gint64    prefetch_first, prefetch_last;   /* the frames it reads */

  GArray    *tracks;        /* TlTrackIdentity by track number */
  GHashTable *by_track_no;  /* track_no -> index in tracks */
};

G_DEFINE_FINAL_TYPE (TlTrackWindow, tl_track_window, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FRAME,
  PROP_TRAIL_SECONDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  TRACKS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
identity_clear (gpointer data)
{
  TlTrackIdentity *identity = data;

  g_clear_pointer (&identity->name, g_free);
}

static TlTeamSide
side_from_column (int side)
{
  return side >= TL_TEAM_SIDE_UNKNOWN && side <= TL_TEAM_SIDE_REFEREE ? (TlTeamSide) side
                                                                      : TL_TEAM_SIDE_UNKNOWN;
}

static gboolean
read_identities (TlStore   *store,
                 gpointer   user_data,
                 GError   **error)
{
  TlTrackWindow *self = user_data;
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_store_prepare (store,
                           "SELECT t.track_no, t.class, t.team_side, t.player_id, t.label,"
                           " COALESCE (mp.number, p.number), t.first_frame, t.last_frame,"
                           " s.track_id IS NOT NULL, s.distance_m, s.top_speed_ms, s.sprints"
                           " FROM tracks t"
                           " LEFT JOIN players p ON p.id = t.player_id"
                           " LEFT JOIN match_players mp"
                           "   ON mp.match_id = t.match_id AND mp.player_id = t.player_id"
                           " LEFT JOIN track_stats s ON s.track_id = t.id"
                           " WHERE t.match_id = ? ORDER BY t.track_no", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->match_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TlTrackIdentity identity = { 0 };
      const char *label = (const char *) sqlite3_column_text (stmt, 4);

      identity.track_no = (guint32) sqlite3_column_int64 (stmt, 0);
      identity.klass = (guint8) sqlite3_column_int (stmt, 1);
      identity.side = side_from_column (sqlite3_column_int (stmt, 2));
      identity.player_id = sqlite3_column_int64 (stmt, 3);
      identity.name = label != NULL && *label != '\0' ? g_strdup (label) : NULL;
      identity.number = sqlite3_column_type (stmt, 5) == SQLITE_NULL
                        ? -1 : sqlite3_column_int (stmt, 5);
      identity.first_frame = sqlite3_column_int64 (stmt, 6);
      identity.last_frame = sqlite3_column_int64 (stmt, 7);
      identity.has_stats = sqlite3_column_int (stmt, 8);
      identity.distance_m = sqlite3_column_double (stmt, 9);
      identity.top_speed_ms = sqlite3_column_double (stmt, 10);
      identity.sprints = sqlite3_column_int (stmt, 11);
      g_array_append_val (self->tracks, identity);
    }
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);
  return TRUE;
}

static void
cancel_prefetch (TlTrackWindow *self)
{
  g_cancellable_cancel (self->prefetch);
  g_clear_object (&self->prefetch);
}

static void
forget_samples (TlTrackWindow *self)
{
  cancel_prefetch (self);
  g_array_set_size (self->cache, 0);
  self->cache_first = 0;
  self->cache_last = -1;
}

gboolean
tl_track_window_reload (TlTrackWindow  *self,
                        GError        **error)
{
  g_return_val_if_fail (TL_IS_TRACK_WINDOW (self), FALSE);

  g_array_set_size (self->tracks, 0);
  g_hash_table_remove_all (self->by_track_no);
  if (!tl_store_read (self->store, read_identities, self, error))
    {
      g_array_set_size (self->tracks, 0);
      return FALSE;
    }
  for (guint i = 0; i < self->tracks->len; i++)
    g_hash_table_insert (self->by_track_no,
                         GUINT_TO_POINTER (g_array_index (self->tracks, TlTrackIdentity,
                                                          i).track_no),
                         GUINT_TO_POINTER (i + 1));

  forget_samples (self);
  tl_track_window_set_frame (self, self->frame);
  g_signal_emit (self, signals[TRACKS_CHANGED], 0);
  return TRUE;
}

static void
tl_track_window_finalize (GObject *object)
{
  TlTrackWindow *self = (TlTrackWindow *) object;

  cancel_prefetch (self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->cache, g_array_unref);
  g_clear_pointer (&self->objects, g_array_unref);
  g_clear_pointer (&self->tracks, g_array_unref);
  g_clear_pointer (&self->by_track_no, g_hash_table_unref);

  G_OBJECT_CLASS (tl_track_window_parent_class)->finalize (object);
}

static void
tl_track_window_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TlTrackWindow *self = TL_TRACK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FRAME:
      g_value_set_int64 (value, self->frame);
      break;
    case PROP_TRAIL_SECONDS:
      g_value_set_double (value, self->trail_s);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_track_window_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TlTrackWindow *self = TL_TRACK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FRAME:
      tl_track_window_set_frame (self, g_value_get_int64 (value));
      break;
    case PROP_TRAIL_SECONDS:
      tl_track_window_set_trail_seconds (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_track_window_class_init (TlTrackWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tl_track_window_finalize;
  object_class->get_property = tl_track_window_get_property;
  object_class->set_property = tl_track_window_set_property;

  properties[PROP_FRAME] =
    g_param_spec_int64 ("frame", NULL, NULL, -1, G_MAXINT64, -1,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TRAIL_SECONDS] =
    g_param_spec_double ("trail-seconds", NULL, NULL, 0, MAX_TRAIL_S, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The objects or trails to draw changed (a new frame, a new name). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The identities changed (a track was named, the tracks were reloaded). */
  signals[TRACKS_CHANGED] = g_signal_new ("tracks-changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
}

static void
tl_track_window_init (TlTrackWindow *self)
{
  self->frame = -1;
  self->cache = g_array_new (FALSE, FALSE, sizeof (TlTrackSample));
  self->objects = g_array_new (FALSE, FALSE, sizeof (TlTrackObject));
  self->tracks = g_array_new (FALSE, FALSE, sizeof (TlTrackIdentity));
  g_array_set_clear_func (self->tracks, identity_clear);
  self->by_track_no = g_hash_table_new (NULL, NULL);
  forget_samples (self);
}

TlTrackWindow *
tl_track_window_new (TlStore  *store,
                     gint64    match_id,
                     double    fps,
                     GError  **error)
{
  g_autoptr(TlTrackWindow) self = NULL;

  g_return_val_if_fail (TL_IS_STORE (store), NULL);
  g_return_val_if_fail (fps > 0, NULL);

  self = g_object_new (TL_TYPE_TRACK_WINDOW, NULL);
  self->store = g_object_ref (store);
  self->match_id = match_id;
  self->fps = fps;
  if (!tl_track_window_reload (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

TlStore *
tl_track_window_get_store (TlTrackWindow *self)
{
  g_return_val_if_fail (TL_IS_TRACK_WINDOW (self), NULL);
  return self->store;
}

gint64
tl_track_window_get_match_id (TlTrackWindow *self)
{
  g_return_val_if_fail (TL_IS_TRACK_WINDOW (self), 0);
  return self->match_id;
}

double
tl_track_window_get_fps (TlTrackWindow *self)
{
  g_return_val_if_fail (TL_IS_TRACK_WINDOW (self), 0);
  return self->fps;
}

static gint64
trail_frames (TlTrackWindow *self)
{
  return (gint64) (self->trail_s * self->fps + 0.5);
}

static TlTeamSide
side_of (TlTrackWindow       *self,
         const TlTrackSample *sample)
{
  const TlTrackIdentity *identity = tl_track_window_lookup (self, sample->track_no);

  /* The tracks row may be a checkpoint behind the samples of a running analysis. */
  if (identity != NULL)
    return identity->side;
  return sample->team == 0 || sample->team == 1 ? (TlTeamSide) (sample->team + 1)
                                                 : TL_TEAM_SIDE_UNKNOWN;
}

/* The next window, read in a worker thread (ensure_cached). */
static void
prefetch_done (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(TlTrackWindow) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) samples = tl_track_chunks_query_finish (result, &error);
  gint64 needed = MAX (0, self->frame - trail_frames (self));

  /* Cancelled by a jump or by new tracks since (those clear self->prefetch): stale. */
  if (g_task_get_cancellable (G_TASK (result)) != self->prefetch)
    return;
  g_clear_object (&self->prefetch);
  if (samples == NULL)
    {
      /* The next window is read at once when the frame gets there. */
      g_warning ("Match %" G_GINT64_FORMAT ": cannot read tracks ahead: %s", self->match_id,
                 error->message);
      return;
    }
  /* Only a window that holds what the frame needs now replaces the cache. */
  if (self->frame < 0 || needed < self->prefetch_first || self->frame > self->prefetch_last)
    return;
  g_array_unref (self->cache);
  self->cache = g_steal_pointer (&samples);
  self->cache_first = self->prefetch_first;
  self->cache_last = self->prefetch_last;
}

/* Reads the window around the frame now when the cache does not hold it, and the next one in
 * the background when the frame nears the cache's end. */
static void
ensure_cached (TlTrackWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) samples = NULL;
  gint64 needed = MAX (0, self->frame - trail_frames (self));
  gint64 first = MAX (0, needed - (gint64) (READ_BEHIND_S * self->fps));
  gint64 last = self->frame + (gint64) (READ_AHEAD_S * self->fps);

  if (self->frame < 0 || self->tracks->len == 0)
    return;
  if (needed >= self->cache_first && self->frame <= self->cache_last)
    {
      if (self->prefetch == NULL
          && self->frame + (gint64) (PREFETCH_S * self->fps) > self->cache_last
          && self->cache_last < tl_track_window_get_last_frame (self))
        {
          self->prefetch = g_cancellable_new ();
          self->prefetch_first = first;
          self->prefetch_last = last;
          tl_track_chunks_query_async (self->store, self->match_id, first, last, self->prefetch,
                                       prefetch_done, g_object_ref (self));
        }
      return;
    }

  cancel_prefetch (self);
  samples = tl_track_chunks_query (self->store, self->match_id, first, last, &error);
  if (samples == NULL)
    {
      /* The overlays just stay empty; the next frame tries again. */
      g_warning ("Match %" G_GINT64_FORMAT ": cannot read tracks: %s", self->match_id,
                 error->message);
      forget_samples (self);
      return;
    }
  g_array_unref (self->cache);
  self->cache = g_steal_pointer (&samples);
  self->cache_first = first;
  self->cache_last = last;
}

void
tl_track_window_get_cached_frames (TlTrackWindow *self,
                                   gint64        *first,
                                   gint64        *last,
                                   gboolean      *reading_ahead)
{
  g_return_if_fail (TL_IS_TRACK_WINDOW (self));

  *first = self->cache_first;
  *last = self->cache_last;
  *reading_ahead = self->prefetch != NULL;
}

void
tl_track_window_set_frame (TlTrackWindow *self,
                           gint64         frame)
{
  gboolean changed;

  g_return_if_fail (TL_IS_TRACK_WINDOW (self));

  changed = frame != self->frame;
  self->frame = MAX (frame, -1);
  ensure_cached (self);

  g_array_set_size (self->objects, 0);
  if (self->frame >= 0)
    for (guint i = tl_track_samples_first_at (self->cache, self->frame); i < self->cache->len; i++)
      {
        const TlTrackSample *s = &g_array_index (self->cache, TlTrackSample, i);
        TlTrackObject o = { 0 };

        if (s->frame != self->frame)
          break;
        o.track_no = s->track_no;
        o.klass = s->klass;
        o.coasting = s->coasting;
        o.side = side_of (self, s);
        o.x = s->x;
        o.y = s->y;
        o.w = s->w;
        o.h = s->h;
        o.has_pitch = s->pitch_x_cm != TL_TRACK_PITCH_UNKNOWN
                      && s->pitch_y_cm != TL_TRACK_PITCH_UNKNOWN;
        o.pitch_x = s->pitch_x_cm / 100.0;
        o.pitch_y = s->pitch_y_cm / 100.0;
        g_array_append_val (self->objects, o);
      }

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAME]);
  g_signal_emit (self, signals[CHANGED], 0);
}

gint64
tl_track_window_get_frame (TlTrackWindow *self)
{
  g_return_val_if_fail (TL_IS_TRACK_WINDOW (self), -1);
  return self->frame;
}

void
tl_track_window_set_trail_seconds (TlTrackWindow *self,
                                   double         seconds)
{
  g_return_if_fail (TL_IS_TRACK_WINDOW (self));

  seconds = CLAMP (seconds, 0, MAX_TRAIL_S);
  if (seconds == self->trail_s)
    return;
  self->trail_s = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAIL_SECONDS]);
  tl_track_window_set_frame (self, self->frame);
}

double
tl_track_window_get_trail_seconds (TlTrackWindow *self)
{
  g_return_val_if_fail (TL_IS_TRACK_WINDOW (self), 0);
  return self->trail_s;
}

GArray *
tl_track_window_get_objects (TlTrackWindow *self)
{
  g_return_val_if_fail (TL_IS_TRACK_WINDOW (self), NULL);
  return self->objects;
}

static void
trail_free (gpointer data)
{
  TlTrackTrail *trail = data;

  g_array_unref (trail->points);
  g_free (trail);
}

GPtrArray *
tl_track_window_get_trails (TlTrackWindow *self)
{
  g_autoptr(GHashTable) by_track = g_hash_table_new (NULL, NULL);
  GPtrArray *out = g_ptr_array_new_with_free_func (trail_free);
  gint64 first;

  g_return_val_if_fail (TL_IS_TRACK_WINDOW (self), out);

  if (self->frame < 0 || self->trail_s <= 0)
    return out;

  first = MAX (0, self->frame - trail_frames (self));
  for (guint i = tl_track_samples_first_at (self->cache, first); i < self->cache->len; i++)
    {
      const TlTrackSample *s = &g_array_index (self->cache, TlTrackSample, i);
      TlTrackTrail *trail;
      double p[2];

      if (s->frame > self->frame)
        break;
      if (s->pitch_x_cm == TL_TRACK_PITCH_UNKNOWN || s->pitch_y_cm == TL_TRACK_PITCH_UNKNOWN)
        continue;

      trail = g_hash_table_lookup (by_track, GUINT_TO_POINTER (s->track_no));
      if (trail == NULL)
        {
          trail = g_new0 (TlTrackTrail, 1);
          trail->track_no = s->track_no;
          trail->klass = s->klass;
          trail->side = side_of (self, s);
          trail->points = g_array_new (FALSE, FALSE, sizeof p);
          g_hash_table_insert (by_track, GUINT_TO_POINTER (s->track_no), trail);
          g_ptr_array_add (out, trail);
        }
      p[0] = s->pitch_x_cm / 100.0;
      p[1] = s->pitch_y_cm / 100.0;
      g_array_append_val (trail->points, p);
    }
  return out;
}

GArray *
tl_track_window_get_tracks (TlTrackWindow *self)
{
  g_return_val_if_fail (TL_IS_TRACK_WINDOW (self), NULL);
  return self->tracks;
}

const TlTrackIdentity *
tl_track_window_lookup (TlTrackWindow *self,
                        guint32        track_no)
{
  guint index;

  g_return_val_if_fail (TL_IS_TRACK_WINDOW (self), NULL);

  index = GPOINTER_TO_UINT (g_hash_table_lookup (self->by_track_no,
                                                 GUINT_TO_POINTER (track_no)));
  return index > 0 ? &g_array_index (self->tracks, TlTrackIdentity, index - 1) : NULL;
}

gint64
tl_track_window_get_last_frame (TlTrackWindow *self)
{
  gint64 last = -1;

  g_return_val_if_fail (TL_IS_TRACK_WINDOW (self), -1);

  for (guint i = 0; i < self->tracks->len; i++)
    last = MAX (last, g_array_index (self->tracks, TlTrackIdentity, i).last_frame);
  return last;
}

char *
tl_track_window_dup_display_name (TlTrackWindow *self,
                                  guint32        track_no)
{
  const TlTrackIdentity *identity;

  g_return_val_if_fail (TL_IS_TRACK_WINDOW (self), NULL);

  identity = tl_track_window_lookup (self, track_no);
  if (identity != NULL && identity->name != NULL && identity->number >= 0)
    return g_strdup_printf ("%d %s", identity->number, identity->name);
  if (identity != NULL && identity->name != NULL)
    return g_strdup (identity->name);
  if (identity != NULL && identity->number >= 0)
    return g_strdup_printf ("%d", identity->number);
  return g_strdup_printf ("#%u", track_no);
}

typedef struct
{
  gint64      match_id;
  guint32     track_no;
  const char *name;
  int         number;
  TlTeamSide  side;
} IdentityEdit;

static gboolean
write_identity (TlStore   *store,
                gpointer   user_data,
                GError   **error)
{
  IdentityEdit *edit = user_data;
  sqlite3_stmt *stmt;
  gint64 player_id = 0;
  int rc;

  if (edit->name != NULL || edit->number >= 0)
    {
      /* The same name and number in this match's sheet is the same player. */
      stmt = tl_store_prepare (store,
                               "SELECT mp.player_id FROM match_players mp"
                               " JOIN players p ON p.id = mp.player_id"
                               " WHERE mp.match_id = ?1 AND p.name = ?2 COLLATE NOCASE"
                               " AND mp.number IS ?3 LIMIT 1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, edit->match_id);
      sqlite3_bind_text (stmt, 2, edit->name != NULL ? edit->name : "", -1, SQLITE_STATIC);
      if (edit->number >= 0)
        sqlite3_bind_int (stmt, 3, edit->number);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        player_id = sqlite3_column_int64 (stmt, 0);
      else if (rc != SQLITE_DONE)
        return tl_store_set_error (store, rc, error);
      sqlite3_reset (stmt);

      if (player_id == 0)
        {
          /* The squad: the player belongs to the side's team when the match names one. */
          stmt = tl_store_prepare (store,
                                   "INSERT INTO players (team_id, name, number)"
                                   " SELECT CASE ?2 WHEN 1 THEN home_team_id"
                                   " WHEN 2 THEN away_team_id END, ?3, ?4"
                                   " FROM matches WHERE id = ?1", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, edit->match_id);
          sqlite3_bind_int (stmt, 2, edit->side);
          sqlite3_bind_text (stmt, 3, edit->name != NULL ? edit->name : "", -1, SQLITE_STATIC);
          if (edit->number >= 0)
            sqlite3_bind_int (stmt, 4, edit->number);
          if (!tl_store_exec_stmt (store, stmt, error))
            return FALSE;
          player_id = tl_store_last_insert_rowid (store);

          stmt = tl_store_prepare (store,
                                   "INSERT INTO match_players (match_id, player_id, team_id,"
                                   " number) SELECT ?1, ?2, team_id, number FROM players"
                                   " WHERE id = ?2", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, edit->match_id);
          sqlite3_bind_int64 (stmt, 2, player_id);
          if (!tl_store_exec_stmt (store, stmt, error))
            return FALSE;
        }
    }

  stmt = tl_store_prepare (store,
                           "UPDATE tracks SET player_id = ?3, label = ?4, team_side = ?5,"
                           /* Naming a track confirms the side shown; only a changed side is
                            * the coach's, kept from the analysis' later rewrites. */
                           " side_by_user = side_by_user OR team_side <> ?5"
                           " WHERE match_id = ?1 AND track_no = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, edit->match_id);
  sqlite3_bind_int64 (stmt, 2, edit->track_no);
  if (player_id != 0)
    sqlite3_bind_int64 (stmt, 3, player_id);
  sqlite3_bind_text (stmt, 4, edit->name, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, edit->side);
  if (!tl_store_exec_stmt (store, stmt, error))
    return FALSE;
  if (tl_store_changes (store) == 0)
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   _("Track %u is not part of this match’s analysis"), edit->track_no);
      return FALSE;
    }
  return TRUE;
}

gboolean
tl_track_window_set_identity (TlTrackWindow  *self,
                              guint32         track_no,
                              const char     *name,
                              int             number,
                              TlTeamSide      side,
                              GError        **error)
{
  g_autofree char *clean = NULL;
  IdentityEdit edit;

  g_return_val_if_fail (TL_IS_TRACK_WINDOW (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (name != NULL)
    {
      if (!g_utf8_validate (name, -1, NULL) || g_utf8_strlen (name, -1) > 100)
        {
          g_set_error_literal (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                               _("A name must be valid text of at most 100 characters"));
          return FALSE;
        }
      clean = g_strstrip (g_strdup (name));
      if (*clean == '\0')
        g_clear_pointer (&clean, g_free);
    }
  if (number < -1 || number > 999)
    {
      g_set_error_literal (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                           _("A shirt number is between 0 and 999"));
      return FALSE;
    }
  if (side < TL_TEAM_SIDE_UNKNOWN || side > TL_TEAM_SIDE_REFEREE)
    side = TL_TEAM_SIDE_UNKNOWN;

  edit = (IdentityEdit) { self->match_id, track_no, clean, number, side };
  if (!tl_store_write (self->store, write_identity, &edit, error))
    return FALSE;

  return tl_track_window_reload (self, error);
}

static GArray *
sorted_tracks (void)
{
  return g_array_new (FALSE, FALSE, sizeof (guint32));
}

GArray *
tl_track_window_tracks_of_player (TlTrackWindow *self,
                                  guint32        track_no)
{
  const TlTrackIdentity *identity;
  GArray *out = sorted_tracks ();

  g_return_val_if_fail (TL_IS_TRACK_WINDOW (self), out);

  identity = tl_track_window_lookup (self, track_no);
  if (identity == NULL || identity->player_id == 0)
    {
      g_array_append_val (out, track_no);
      return out;
    }
  /* self->tracks is sorted by track number, so out is too. */
  for (guint i = 0; i < self->tracks->len; i++)
    {
      const TlTrackIdentity *other = &g_array_index (self->tracks, TlTrackIdentity, i);

      if (other->player_id == identity->player_id)
        g_array_append_val (out, other->track_no);
    }
  return out;
}

GArray *
tl_track_window_tracks_of_side (TlTrackWindow *self,
                                TlTeamSide     side)
{
  GArray *out = sorted_tracks ();

  g_return_val_if_fail (TL_IS_TRACK_WINDOW (self), out);

  for (guint i = 0; i < self->tracks->len; i++)
    {
      const TlTrackIdentity *t = &g_array_index (self->tracks, TlTrackIdentity, i);

      if (t->klass == 1 && t->side == side)
        g_array_append_val (out, t->track_no);
    }
  return out;
}
