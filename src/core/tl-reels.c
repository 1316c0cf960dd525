/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-reels.c: the library's highlight reels: store reads and writes, models kept in step. */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "tl-reels.h"

/* An event without length still needs a clip: this much around its time. */
#define INSTANT_EVENT_HALF_NS (5 * G_TIME_SPAN_SECOND * (gint64) 1000)

struct _TlReels
{
  GObject     parent_instance;

  /* Not a reference: the library owns its reels (tl_library_get_reels()), so a reference
   * back would keep both alive forever. A weak pointer, NULL once the library is gone. */
  TlLibrary  *library;
  TlStore    *store;
  GListStore *reels;
};

G_DEFINE_FINAL_TYPE (TlReels, tl_reels, G_TYPE_OBJECT)

typedef enum
{
  EDIT_CREATE,
  EDIT_DELETE,
  EDIT_RENAME,
  EDIT_INTRO,
  EDIT_ADD_EVENTS,
  EDIT_ADD_RANGE,
  EDIT_REMOVE,
  EDIT_MOVE,
  EDIT_TRIM,
  EDIT_CAMERA,
  EDIT_SLOWMO,
  EDIT_TITLE,
} EditKind;

/* One edit: what to change, and (filled inside the same transaction) the reel's items as they
 * are after it, so the models can follow once the transaction has committed. */
typedef struct
{
  EditKind      kind;
  gint64        reel_id;
  gint64        item_id;
  const char   *text;
  const gint64 *event_ids;
  guint         n_events;
  int           position;
  gint64        match_id;
  gint64        start_ns, end_ns;
  TlReelCamera  camera;
  double        yaw_deg, pitch_deg, hfov_deg;
  double        rate;
  GPtrArray    *infos;    /* out: TlReelItemInfo */
} Edit;

static void
tl_reels_dispose (GObject *object)
{
  TlReels *self = (TlReels *) object;

  g_clear_object (&self->reels);
  g_clear_object (&self->store);
  g_clear_weak_pointer (&self->library);

  G_OBJECT_CLASS (tl_reels_parent_class)->dispose (object);
}

static void
tl_reels_class_init (TlReelsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tl_reels_dispose;
}

static void
tl_reels_init (TlReels *self)
{
  self->reels = g_list_store_new (TL_TYPE_REEL);
}

static char *
camera_to_json (double yaw_deg,
                double pitch_deg,
                double hfov_deg)
{
  char yaw[G_ASCII_DTOSTR_BUF_SIZE], pitch[G_ASCII_DTOSTR_BUF_SIZE];
  char hfov[G_ASCII_DTOSTR_BUF_SIZE];

  /* g_ascii_dtostr: JSON needs a dot whatever the locale. */
  return g_strdup_printf ("{\"yaw_deg\": %s, \"pitch_deg\": %s, \"hfov_deg\": %s}",
                          g_ascii_dtostr (yaw, sizeof yaw, yaw_deg),
                          g_ascii_dtostr (pitch, sizeof pitch, pitch_deg),
                          g_ascii_dtostr (hfov, sizeof hfov, hfov_deg));
}

static void
camera_from_json (const char     *json,
                  TlReelItemInfo *info)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  object = json_node_get_object (json_parser_get_root (parser));
  info->yaw_deg = json_object_get_double_member_with_default (object, "yaw_deg", 0.0);
  info->pitch_deg = json_object_get_double_member_with_default (object, "pitch_deg", 0.0);
  info->hfov_deg = json_object_get_double_member_with_default (object, "hfov_deg", 60.0);
}

static gboolean
load_items (TlStore    *store,
            gint64      reel_id,
            GPtrArray  *infos,
            GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_store_prepare (store,
                           "SELECT ri.id, ri.position, ri.match_id, ri.event_id, e.code,"
                           " ri.start_ns, ri.end_ns, ri.camera_mode, ri.camera,"
                           " ri.slowmo_start_ns, ri.slowmo_end_ns, ri.slowmo_rate, ri.title_text"
                           " FROM reel_items ri LEFT JOIN events e ON e.id = ri.event_id"
                           " WHERE ri.reel_id = ? ORDER BY ri.position, ri.id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, reel_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TlReelItemInfo *info = tl_reel_item_info_new ();

      info->id = sqlite3_column_int64 (stmt, 0);
      info->reel_id = reel_id;
      /* Positions are renumbered 0..n-1 on every write; the row order is the truth. */
      info->position = (int) infos->len;
      info->match_id = sqlite3_column_int64 (stmt, 2);
      info->event_id = sqlite3_column_int64 (stmt, 3);
      info->event_code = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      info->start_ns = sqlite3_column_int64 (stmt, 5);
      info->end_ns = sqlite3_column_int64 (stmt, 6);
      tl_reel_camera_from_string ((const char *) sqlite3_column_text (stmt, 7), &info->camera);
      camera_from_json ((const char *) sqlite3_column_text (stmt, 8), info);
      if (sqlite3_column_type (stmt, 9) != SQLITE_NULL)
        {
          info->slowmo_start_ns = sqlite3_column_int64 (stmt, 9);
          info->slowmo_end_ns = sqlite3_column_int64 (stmt, 10);
        }
      info->slowmo_rate = sqlite3_column_double (stmt, 11);
      info->title = g_strdup ((const char *) sqlite3_column_text (stmt, 12));
      g_ptr_array_add (infos, info);
    }
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);

  return TRUE;
}

/* Item ids of a reel in order. */
static GArray *
load_item_ids (TlStore  *store,
               gint64    reel_id,
               GError  **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_store_prepare (store, "SELECT id FROM reel_items WHERE reel_id = ?"
                                  " ORDER BY position, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, reel_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      tl_store_set_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

static gboolean
store_positions (TlStore  *store,
                 GArray   *ids,
                 GError  **error)
{
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_stmt *stmt = tl_store_prepare (store, "UPDATE reel_items SET position = ?"
                                                    " WHERE id = ?", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int (stmt, 1, (int) i);
      sqlite3_bind_int64 (stmt, 2, g_array_index (ids, gint64, i));
      if (!tl_store_exec_stmt (store, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
match_duration (TlStore  *store,
                gint64    match_id,
                gint64   *out_duration,
                GError  **error)
{
  sqlite3_stmt *stmt = tl_store_prepare (store, "SELECT duration_ns FROM matches WHERE id = ?",
                                         error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, match_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_NO_SUCH_MATCH,
                   _("No match %" PRId64 " in the library"), match_id);
      return FALSE;
    }
  *out_duration = sqlite3_column_int64 (stmt, 0);

  return TRUE;
}

static gboolean
check_range (gint64    start_ns,
             gint64    end_ns,
             gint64    duration_ns,
             GError  **error)
{
  if (start_ns < 0 || end_ns <= start_ns || (duration_ns > 0 && end_ns > duration_ns))
    {
      g_autofree char *start = tl_format_duration (MAX (start_ns, 0));
      g_autofree char *end = tl_format_duration (MAX (end_ns, 0));
      g_autofree char *length = tl_format_duration (duration_ns);

      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   _("The clip %s–%s is empty or outside the video (%s long)"), start, end,
                   length);
      return FALSE;
    }

  return TRUE;
}

static gboolean
insert_item (TlStore  *store,
             gint64    reel_id,
             gint64    match_id,
             gint64    event_id,
             gint64    start_ns,
             gint64    end_ns,
             GArray   *ids,
             guint     position,
             GError  **error)
{
  sqlite3_stmt *stmt;
  gint64 id;

  stmt = tl_store_prepare (store, "INSERT INTO reel_items (reel_id, position, match_id,"
                                  " event_id, start_ns, end_ns) VALUES (?, ?, ?, ?, ?, ?)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, reel_id);
  sqlite3_bind_int (stmt, 2, (int) position);
  sqlite3_bind_int64 (stmt, 3, match_id);
  if (event_id > 0)
    sqlite3_bind_int64 (stmt, 4, event_id);
  else
    sqlite3_bind_null (stmt, 4);
  sqlite3_bind_int64 (stmt, 5, start_ns);
  sqlite3_bind_int64 (stmt, 6, end_ns);
  if (!tl_store_exec_stmt (store, stmt, error))
    return FALSE;
  id = tl_store_last_insert_rowid (store);
  g_array_insert_val (ids, position, id);

  return TRUE;
}

/* An event's clip: its range widened by lead and lag, kept inside the video; an instant
 * event gets a few seconds around it. */
static gboolean
event_clip (TlStore         *store,
            gint64           event_id,
            TlReelItemInfo  *info,
            GError         **error)
{
  sqlite3_stmt *stmt;
  gint64 start, end, duration;

  stmt = tl_store_prepare (store, "SELECT e.match_id, e.start_ns - e.lead_ns,"
                                  " e.end_ns + e.lag_ns, m.duration_ns, e.code"
                                  " FROM events e JOIN matches m ON m.id = e.match_id"
                                  " WHERE e.id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, event_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   _("No event %" PRId64 " in the library"), event_id);
      return FALSE;
    }
  info->match_id = sqlite3_column_int64 (stmt, 0);
  start = sqlite3_column_int64 (stmt, 1);
  end = sqlite3_column_int64 (stmt, 2);
  duration = sqlite3_column_int64 (stmt, 3);
  g_free (info->event_code);
  info->event_code = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  info->event_id = event_id;
  if (end <= start)
    {
      start -= INSTANT_EVENT_HALF_NS;
      end += INSTANT_EVENT_HALF_NS;
    }
  info->start_ns = MAX (start, 0);
  info->end_ns = duration > 0 ? MIN (end, duration) : end;

  return check_range (info->start_ns, info->end_ns, duration, error);
}

static gboolean
add_events (TlStore  *store,
            Edit     *edit,
            GArray   *ids,
            GError  **error)
{
  guint at = edit->position < 0 ? ids->len : MIN ((guint) edit->position, ids->len);

  for (guint i = 0; i < edit->n_events; i++)
    {
      g_autoptr(TlReelItemInfo) info = tl_reel_item_info_new ();

      if (!event_clip (store, edit->event_ids[i], info, error)
          || !insert_item (store, edit->reel_id, info->match_id, edit->event_ids[i],
                           info->start_ns, info->end_ns, ids, at++, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
exec_simple (TlStore     *store,
             const char  *sql,
             gint64       id,
             const char  *text,
             GError     **error)
{
  sqlite3_stmt *stmt = tl_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (text != NULL && *text != '\0')
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_int64 (stmt, 2, id);

  return tl_store_exec_stmt (store, stmt, error);
}

/* The item row being edited, checked to belong to the reel (a stale UI could hold another). */
static gboolean
load_item (TlStore         *store,
           Edit            *edit,
           TlReelItemInfo **out_info,
           GError         **error)
{
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                               tl_reel_item_info_free);

  if (!load_items (store, edit->reel_id, infos, error))
    return FALSE;
  for (guint i = 0; i < infos->len; i++)
    {
      TlReelItemInfo *info = g_ptr_array_index (infos, i);

      if (info->id == edit->item_id)
        {
          *out_info = g_ptr_array_steal_index (infos, i);
          return TRUE;
        }
    }
  g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
               _("The clip is no longer in this reel"));

  return FALSE;
}

static gboolean
edit_item (TlStore  *store,
           Edit     *edit,
           GError  **error)
{
  g_autoptr(TlReelItemInfo) info = NULL;
  sqlite3_stmt *stmt;
  gint64 duration;

  if (!load_item (store, edit, &info, error))
    return FALSE;

  switch (edit->kind)
    {
    case EDIT_TRIM:
      if (!match_duration (store, info->match_id, &duration, error)
          || !check_range (edit->start_ns, edit->end_ns, duration, error))
        return FALSE;
      stmt = tl_store_prepare (store, "UPDATE reel_items SET start_ns = ?, end_ns = ?"
                                      " WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, edit->start_ns);
      sqlite3_bind_int64 (stmt, 2, edit->end_ns);
      sqlite3_bind_int64 (stmt, 3, edit->item_id);
      return tl_store_exec_stmt (store, stmt, error);

    case EDIT_CAMERA:
      {
        g_autofree char *json = NULL;

        if (!(edit->hfov_deg > 0 && edit->hfov_deg < 180))
          {
            g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                         _("A field of view of %.1f° is not possible"), edit->hfov_deg);
            return FALSE;
          }
        json = camera_to_json (edit->yaw_deg, edit->pitch_deg, edit->hfov_deg);
        stmt = tl_store_prepare (store, "UPDATE reel_items SET camera_mode = ?, camera = ?"
                                        " WHERE id = ?", error);
        if (stmt == NULL)
          return FALSE;
        sqlite3_bind_text (stmt, 1, tl_reel_camera_to_string (edit->camera), -1,
                           SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, json, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (stmt, 3, edit->item_id);
        return tl_store_exec_stmt (store, stmt, error);
      }

    case EDIT_SLOWMO:
      {
        gboolean none = edit->start_ns == TL_REEL_NO_SLOWMO || edit->rate >= 1.0;

        if (!none && (edit->rate < TL_REEL_MIN_SLOWMO_RATE || edit->end_ns <= edit->start_ns))
          {
            g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                         _("Slow motion needs a range and a speed between %g and 1"),
                         TL_REEL_MIN_SLOWMO_RATE);
            return FALSE;
          }
        stmt = tl_store_prepare (store, "UPDATE reel_items SET slowmo_start_ns = ?,"
                                        " slowmo_end_ns = ?, slowmo_rate = ? WHERE id = ?",
                                 error);
        if (stmt == NULL)
          return FALSE;
        if (none)
          {
            sqlite3_bind_null (stmt, 1);
            sqlite3_bind_null (stmt, 2);
            sqlite3_bind_double (stmt, 3, 1.0);
          }
        else
          {
            sqlite3_bind_int64 (stmt, 1, MAX (edit->start_ns, 0));
            sqlite3_bind_int64 (stmt, 2, edit->end_ns);
            sqlite3_bind_double (stmt, 3, edit->rate);
          }
        sqlite3_bind_int64 (stmt, 4, edit->item_id);
        return tl_store_exec_stmt (store, stmt, error);
      }

    case EDIT_TITLE:
      return exec_simple (store, "UPDATE reel_items SET title_text = ? WHERE id = ?",
                          edit->item_id, edit->text, error);

    default:
      g_assert_not_reached ();
    }
}

static gboolean
run_edit (TlStore  *store,
          gpointer  user_data,
          GError  **error)
{
  Edit *edit = user_data;
  g_autoptr(GArray) ids = NULL;
  guint from = 0;

  switch (edit->kind)
    {
    case EDIT_CREATE:
      {
        sqlite3_stmt *stmt = tl_store_prepare (store, "INSERT INTO reels (name) VALUES (?)",
                                               error);

        if (stmt == NULL)
          return FALSE;
        sqlite3_bind_text (stmt, 1, edit->text, -1, SQLITE_TRANSIENT);
        if (!tl_store_exec_stmt (store, stmt, error))
          return FALSE;
        edit->reel_id = tl_store_last_insert_rowid (store);
        ids = g_array_new (FALSE, FALSE, sizeof (gint64));
        edit->position = -1;
        if (!add_events (store, edit, ids, error))
          return FALSE;
        break;
      }

    case EDIT_DELETE:
      return exec_simple (store, "DELETE FROM reels WHERE ?1 IS NULL AND id = ?2", edit->reel_id,
                          NULL, error);

    case EDIT_RENAME:
      if (!exec_simple (store, "UPDATE reels SET name = ?, modified_at = unixepoch()"
                               " WHERE id = ?", edit->reel_id, edit->text, error))
        return FALSE;
      break;

    case EDIT_INTRO:
      if (!exec_simple (store, "UPDATE reels SET intro_title = ?, modified_at = unixepoch()"
                               " WHERE id = ?", edit->reel_id, edit->text, error))
        return FALSE;
      break;

    case EDIT_ADD_EVENTS:
      if (!(ids = load_item_ids (store, edit->reel_id, error))
          || !add_events (store, edit, ids, error))
        return FALSE;
      break;

    case EDIT_ADD_RANGE:
      {
        gint64 duration;
        guint at;

        if (!(ids = load_item_ids (store, edit->reel_id, error))
            || !match_duration (store, edit->match_id, &duration, error)
            || !check_range (edit->start_ns, edit->end_ns, duration, error))
          return FALSE;
        at = edit->position < 0 ? ids->len : MIN ((guint) edit->position, ids->len);
        if (!insert_item (store, edit->reel_id, edit->match_id, 0, edit->start_ns,
                          edit->end_ns, ids, at, error))
          return FALSE;
        break;
      }

    case EDIT_REMOVE:
    case EDIT_MOVE:
      if (!(ids = load_item_ids (store, edit->reel_id, error)))
        return FALSE;
      while (from < ids->len && g_array_index (ids, gint64, from) != edit->item_id)
        from++;
      if (from == ids->len)
        {
          g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                       _("The clip is no longer in this reel"));
          return FALSE;
        }
      g_array_remove_index (ids, from);
      if (edit->kind == EDIT_MOVE)
        g_array_insert_val (ids, MIN ((guint) edit->position, ids->len), edit->item_id);
      else if (!exec_simple (store, "DELETE FROM reel_items WHERE ?1 IS NULL AND id = ?2",
                             edit->item_id, NULL, error))
        return FALSE;
      break;

    case EDIT_TRIM:
    case EDIT_CAMERA:
    case EDIT_SLOWMO:
    case EDIT_TITLE:
      if (!edit_item (store, edit, error))
        return FALSE;
      break;
    }

  if (ids != NULL && !store_positions (store, ids, error))
    return FALSE;
  if (edit->kind != EDIT_CREATE
      && !exec_simple (store, "UPDATE reels SET modified_at = unixepoch()"
                              " WHERE ?1 IS NULL AND id = ?2", edit->reel_id, NULL, error))
    return FALSE;

  return load_items (store, edit->reel_id, edit->infos, error);
}

/* Makes the reel's item objects match @infos, reusing the objects of items that stay. */
static void
apply_items (TlReel    *reel,
             GPtrArray *infos)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < infos->len; i++)
    {
      const TlReelItemInfo *info = g_ptr_array_index (infos, i);
      TlReelItem *item = tl_reel_lookup_item (reel, info->id, NULL);

      if (item != NULL)
        {
          tl_reel_item_update (item, info);
          g_ptr_array_add (items, g_object_ref (item));
        }
      else
        {
          g_ptr_array_add (items, tl_reel_item_new (info));
        }
    }
  tl_reel_set_items (reel, items);
}

static gboolean
find_reel (TlReels *self,
           gint64   reel_id,
           guint   *out_position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->reels));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TlReel) reel = g_list_model_get_item (G_LIST_MODEL (self->reels), i);

      if (tl_reel_get_id (reel) == reel_id)
        {
          *out_position = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* Runs @edit in one transaction, then updates the models. */
static gboolean
commit (TlReels  *self,
        TlReel   *reel,
        Edit     *edit,
        GError  **error)
{
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                               tl_reel_item_info_free);
  if (reel != NULL)
    edit->reel_id = tl_reel_get_id (reel);
  edit->infos = infos;
  if (!tl_store_write (self->store, run_edit, edit, error))
    return FALSE;

  switch (edit->kind)
    {
    case EDIT_CREATE:
      {
        g_autoptr(TlReel) created = tl_reel_new (edit->reel_id, edit->text, NULL);

        apply_items (created, infos);
        g_list_store_append (self->reels, created);
        break;
      }
    case EDIT_DELETE:
      {
        guint position;

        if (find_reel (self, edit->reel_id, &position))
          g_list_store_remove (self->reels, position);
        break;
      }
    case EDIT_RENAME:
      tl_reel_set_name (reel, edit->text);
      break;
    case EDIT_INTRO:
      tl_reel_set_intro_title (reel, edit->text != NULL && *edit->text ? edit->text : NULL);
      break;
    default:
      apply_items (reel, infos);
    }

  return TRUE;
}

typedef struct
{
  GPtrArray *reels;   /* TlReel */
} LoadAll;

static gboolean
load_all (TlStore  *store,
          gpointer  user_data,
          GError  **error)
{
  LoadAll *load = user_data;
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_store_prepare (store, "SELECT id, name, intro_title FROM reels ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (load->reels, tl_reel_new (sqlite3_column_int64 (stmt, 0),
                                               (const char *) sqlite3_column_text (stmt, 1),
                                               (const char *) sqlite3_column_text (stmt, 2)));
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);

  for (guint i = 0; i < load->reels->len; i++)
    {
      TlReel *reel = g_ptr_array_index (load->reels, i);
      g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                   tl_reel_item_info_free);

      if (!load_items (store, tl_reel_get_id (reel), infos, error))
        return FALSE;
      apply_items (reel, infos);
    }

  return TRUE;
}

TlReels *
tl_reels_new (TlLibrary  *library,
              GError    **error)
{
  g_autoptr(TlReels) self = NULL;
  g_autoptr(GPtrArray) reels = g_ptr_array_new_with_free_func (g_object_unref);
  LoadAll load = { reels };

  g_return_val_if_fail (TL_IS_LIBRARY (library), NULL);

  self = g_object_new (TL_TYPE_REELS, NULL);
  g_set_weak_pointer (&self->library, library);
  self->store = g_object_ref (tl_library_get_store (library));
  if (!tl_store_read (self->store, load_all, &load, error))
    return NULL;
  g_list_store_splice (self->reels, 0, 0, reels->pdata, reels->len);

  return g_steal_pointer (&self);
}

TlLibrary *
tl_reels_get_library (TlReels *self)
{
  g_return_val_if_fail (TL_IS_REELS (self), NULL);
  return self->library;
}

GListModel *
tl_reels_get_model (TlReels *self)
{
  g_return_val_if_fail (TL_IS_REELS (self), NULL);
  return G_LIST_MODEL (self->reels);
}

TlReel *
tl_reels_lookup (TlReels *self,
                 gint64   reel_id)
{
  g_autoptr(TlReel) reel = NULL;
  guint position;

  g_return_val_if_fail (TL_IS_REELS (self), NULL);

  if (!find_reel (self, reel_id, &position))
    return NULL;
  reel = g_list_model_get_item (G_LIST_MODEL (self->reels), position);

  /* The store keeps its reference: transfer none is safe on the main thread. */
  return reel;
}

TlReel *
tl_reels_create (TlReels      *self,
                 const char   *name,
                 const gint64 *event_ids,
                 guint         n_events,
                 GError      **error)
{
  Edit edit = { .kind = EDIT_CREATE, .event_ids = event_ids, .n_events = n_events };
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (TL_IS_REELS (self), NULL);
  g_return_val_if_fail (n_events == 0 || event_ids != NULL, NULL);

  stripped = g_strstrip (g_strdup (name != NULL ? name : ""));
  edit.text = *stripped != '\0' ? stripped : _("Untitled reel");
  if (!commit (self, NULL, &edit, error))
    return NULL;

  return tl_reels_lookup (self, edit.reel_id);
}

gboolean
tl_reels_delete (TlReels  *self,
                 TlReel   *reel,
                 GError  **error)
{
  Edit edit = { .kind = EDIT_DELETE };

  g_return_val_if_fail (TL_IS_REELS (self) && TL_IS_REEL (reel), FALSE);
  return commit (self, reel, &edit, error);
}

gboolean
tl_reels_rename (TlReels     *self,
                 TlReel      *reel,
                 const char  *name,
                 GError     **error)
{
  g_autofree char *stripped = NULL;
  Edit edit = { .kind = EDIT_RENAME };

  g_return_val_if_fail (TL_IS_REELS (self) && TL_IS_REEL (reel), FALSE);

  stripped = g_strstrip (g_strdup (name != NULL ? name : ""));
  if (*stripped == '\0')
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   _("A reel needs a name"));
      return FALSE;
    }
  edit.text = stripped;

  return commit (self, reel, &edit, error);
}

gboolean
tl_reels_set_intro_title (TlReels     *self,
                          TlReel      *reel,
                          const char  *title,
                          GError     **error)
{
  g_autofree char *stripped = NULL;
  Edit edit = { .kind = EDIT_INTRO };

  g_return_val_if_fail (TL_IS_REELS (self) && TL_IS_REEL (reel), FALSE);

  stripped = g_strstrip (g_strdup (title != NULL ? title : ""));
  edit.text = stripped;

  return commit (self, reel, &edit, error);
}

gboolean
tl_reels_add_events (TlReels       *self,
                     TlReel        *reel,
                     const gint64  *event_ids,
                     guint          n_events,
                     int            position,
                     GError       **error)
{
  Edit edit = { .kind = EDIT_ADD_EVENTS, .event_ids = event_ids, .n_events = n_events,
                .position = position };

  g_return_val_if_fail (TL_IS_REELS (self) && TL_IS_REEL (reel), FALSE);
  g_return_val_if_fail (n_events == 0 || event_ids != NULL, FALSE);

  return commit (self, reel, &edit, error);
}

gboolean
tl_reels_add_range (TlReels  *self,
                    TlReel   *reel,
                    gint64    match_id,
                    gint64    start_ns,
                    gint64    end_ns,
                    int       position,
                    GError  **error)
{
  Edit edit = { .kind = EDIT_ADD_RANGE, .match_id = match_id, .start_ns = start_ns,
                .end_ns = end_ns, .position = position };

  g_return_val_if_fail (TL_IS_REELS (self) && TL_IS_REEL (reel), FALSE);
  return commit (self, reel, &edit, error);
}

gboolean
tl_reels_remove_item (TlReels     *self,
                      TlReel      *reel,
                      TlReelItem  *item,
                      GError     **error)
{
  Edit edit = { .kind = EDIT_REMOVE };

  g_return_val_if_fail (TL_IS_REELS (self) && TL_IS_REEL (reel), FALSE);
  g_return_val_if_fail (TL_IS_REEL_ITEM (item), FALSE);

  edit.item_id = tl_reel_item_get_id (item);
  return commit (self, reel, &edit, error);
}

gboolean
tl_reels_move_item (TlReels     *self,
                    TlReel      *reel,
                    TlReelItem  *item,
                    guint        position,
                    GError     **error)
{
  Edit edit = { .kind = EDIT_MOVE, .position = (int) MIN (position, G_MAXINT) };

  g_return_val_if_fail (TL_IS_REELS (self) && TL_IS_REEL (reel), FALSE);
  g_return_val_if_fail (TL_IS_REEL_ITEM (item), FALSE);

  edit.item_id = tl_reel_item_get_id (item);
  return commit (self, reel, &edit, error);
}

gboolean
tl_reels_set_item_trim (TlReels     *self,
                        TlReel      *reel,
                        TlReelItem  *item,
                        gint64       start_ns,
                        gint64       end_ns,
                        GError     **error)
{
  Edit edit = { .kind = EDIT_TRIM, .start_ns = start_ns, .end_ns = end_ns };

  g_return_val_if_fail (TL_IS_REELS (self) && TL_IS_REEL (reel), FALSE);
  g_return_val_if_fail (TL_IS_REEL_ITEM (item), FALSE);

  edit.item_id = tl_reel_item_get_id (item);
  return commit (self, reel, &edit, error);
}

gboolean
tl_reels_set_item_camera (TlReels       *self,
                          TlReel        *reel,
                          TlReelItem    *item,
                          TlReelCamera   camera,
                          double         yaw_deg,
                          double         pitch_deg,
                          double         hfov_deg,
                          GError       **error)
{
  Edit edit = { .kind = EDIT_CAMERA, .camera = camera, .yaw_deg = yaw_deg,
                .pitch_deg = pitch_deg, .hfov_deg = hfov_deg };

  g_return_val_if_fail (TL_IS_REELS (self) && TL_IS_REEL (reel), FALSE);
  g_return_val_if_fail (TL_IS_REEL_ITEM (item), FALSE);
  g_return_val_if_fail ((guint) camera <= TL_REEL_CAMERA_FULL, FALSE);

  edit.item_id = tl_reel_item_get_id (item);
  return commit (self, reel, &edit, error);
}

gboolean
tl_reels_set_item_slowmo (TlReels     *self,
                          TlReel      *reel,
                          TlReelItem  *item,
                          gint64       start_ns,
                          gint64       end_ns,
                          double       rate,
                          GError     **error)
{
  Edit edit = { .kind = EDIT_SLOWMO, .start_ns = start_ns, .end_ns = end_ns, .rate = rate };

  g_return_val_if_fail (TL_IS_REELS (self) && TL_IS_REEL (reel), FALSE);
  g_return_val_if_fail (TL_IS_REEL_ITEM (item), FALSE);

  edit.item_id = tl_reel_item_get_id (item);
  return commit (self, reel, &edit, error);
}

gboolean
tl_reels_set_item_title (TlReels     *self,
                         TlReel      *reel,
                         TlReelItem  *item,
                         const char  *title,
                         GError     **error)
{
  g_autofree char *stripped = NULL;
  Edit edit = { .kind = EDIT_TITLE };

  g_return_val_if_fail (TL_IS_REELS (self) && TL_IS_REEL (reel), FALSE);
  g_return_val_if_fail (TL_IS_REEL_ITEM (item), FALSE);

  stripped = g_strstrip (g_strdup (title != NULL ? title : ""));
  edit.text = stripped;
  edit.item_id = tl_reel_item_get_id (item);

  return commit (self, reel, &edit, error);
}

typedef struct
{
  gint64      match_id;
  const char *code;
  GArray     *ids;
} FindEvents;

static gboolean
find_events (TlStore  *store,
             gpointer  user_data,
             GError  **error)
{
  FindEvents *find = user_data;
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_store_prepare (store, "SELECT id FROM events WHERE match_id = ?"
                                  " AND (?2 IS NULL OR code = ?2 COLLATE NOCASE)"
                                  " ORDER BY start_ns, id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, find->match_id);
  if (find->code != NULL)
    sqlite3_bind_text (stmt, 2, find->code, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 2);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (find->ids, id);
    }
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);

  return TRUE;
}

GArray *
tl_reels_find_events (TlStore     *store,
                      gint64       match_id,
                      const char  *code,
                      GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  FindEvents find = { match_id, code, ids };

  g_return_val_if_fail (TL_IS_STORE (store), NULL);

  if (!tl_store_read (store, find_events, &find, error))
    return NULL;

  return g_steal_pointer (&ids);
}

typedef struct
{
  const gint64 *ids;
  guint         n;
  GPtrArray    *infos;
} FromEvents;

static gboolean
items_from_events (TlStore  *store,
                   gpointer  user_data,
                   GError  **error)
{
  FromEvents *from = user_data;

  for (guint i = 0; i < from->n; i++)
    {
      TlReelItemInfo *info = tl_reel_item_info_new ();

      g_ptr_array_add (from->infos, info);
      info->position = (int) i;
      if (!event_clip (store, from->ids[i], info, error))
        return FALSE;
    }

  return TRUE;
}

GPtrArray *
tl_reels_items_from_events (TlStore       *store,
                            const gint64  *event_ids,
                            guint          n_events,
                            GError       **error)
{
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                               tl_reel_item_info_free);
  FromEvents from = { event_ids, n_events, infos };

  g_return_val_if_fail (TL_IS_STORE (store), NULL);

  if (!tl_store_read (store, items_from_events, &from, error))
    return NULL;

  return g_steal_pointer (&infos);
}

typedef struct
{
  gint64     match_id;
  GPtrArray *counts;
} CountCodes;

static gboolean
count_codes (TlStore  *store,
             gpointer  user_data,
             GError  **error)
{
  CountCodes *count = user_data;
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_store_prepare (store, "SELECT code, COUNT(*) FROM events WHERE match_id = ?"
                                  " GROUP BY code COLLATE NOCASE ORDER BY MIN(start_ns)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, count->match_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TlReelCodeCount *c = g_new0 (TlReelCodeCount, 1);

      c->code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      c->n_events = (guint) sqlite3_column_int (stmt, 1);
      g_ptr_array_add (count->counts, c);
    }
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);

  return TRUE;
}

static void
code_count_free (TlReelCodeCount *count)
{
  g_free (count->code);
  g_free (count);
}

GPtrArray *
tl_reels_count_codes (TlStore  *store,
                      gint64    match_id,
                      GError  **error)
{
  g_autoptr(GPtrArray) counts = g_ptr_array_new_with_free_func ((GDestroyNotify) code_count_free);
  CountCodes count = { match_id, counts };

  g_return_val_if_fail (TL_IS_STORE (store), NULL);

  if (!tl_store_read (store, count_codes, &count, error))
    return NULL;

  return g_steal_pointer (&counts);
}

typedef struct
{
  TlReelItemInfo *item;
} ReadFreezes;

/* Two drawings at one instant freeze once, for the longer of the two. A drawing at the clip's
 * first frame counts too. */
static gboolean
read_freezes (TlStore   *store,
              gpointer   user_data,
              GError   **error)
{
  TlReelItemInfo *item = ((ReadFreezes *) user_data)->item;
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_store_prepare (store, "SELECT start_ns, max(freeze_ns) FROM annotations"
                                  " WHERE match_id = ?1 AND freeze_ns > 0"
                                  " AND start_ns >= ?2 AND start_ns < ?3"
                                  " GROUP BY start_ns ORDER BY start_ns", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item->match_id);
  sqlite3_bind_int64 (stmt, 2, item->start_ns);
  sqlite3_bind_int64 (stmt, 3, item->end_ns);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TlReelFreeze freeze = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };

      if (item->freezes == NULL)
        item->freezes = g_array_new (FALSE, FALSE, sizeof (TlReelFreeze));
      g_array_append_val (item->freezes, freeze);
    }
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);
  return TRUE;
}

gboolean
tl_reels_read_freezes (TlStore         *store,
                       TlReelItemInfo  *item,
                       GError         **error)
{
  g_return_val_if_fail (TL_IS_STORE (store), FALSE);
  g_return_val_if_fail (item != NULL, FALSE);

  g_clear_pointer (&item->freezes, g_array_unref);
  return tl_store_read (store, read_freezes, &(ReadFreezes) { item }, error);
}

gint64
tl_reels_get_exported_duration (TlReels *self,
                                TlReel  *reel)
{
  g_autoptr(GPtrArray) items = NULL;
  gint64 total;

  g_return_val_if_fail (TL_IS_REELS (self), 0);
  g_return_val_if_fail (TL_IS_REEL (reel), 0);

  total = tl_reel_get_output_duration (reel);
  items = tl_reel_dup_item_infos (reel);
  for (guint i = 0; i < items->len; i++)
    {
      TlReelItemInfo *item = g_ptr_array_index (items, i);
      g_autoptr(GError) error = NULL;

      /* A store that cannot be read now only makes the figure shorter than the file. */
      if (!tl_reels_read_freezes (self->store, item, &error))
        {
          g_debug ("freezes of clip %u: %s", i + 1, error->message);
          continue;
        }
      for (guint k = 0; item->freezes != NULL && k < item->freezes->len; k++)
        total += g_array_index (item->freezes, TlReelFreeze, k).hold_ns;
    }
  return total;
}
