/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-match-events.c: a match's events: model, edits saved one transaction each, undo/redo.
 *
 * Two views of the same events: `infos` (id -> TlEventInfo, under `lock`) mirrors the store and
 * is what edits read and change, from any thread; `items` (sorted TlEvent objects) is the
 * GListModel, only touched on the owner's main context. An edit records the ids it touched in
 * `dirty` and schedules sync_model() there, which brings the objects up to date; since the sync
 * reads the latest state rather than replaying edits, edits from several threads cannot reach
 * the model out of order.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "tl-error.h"
#include "tl-main-context.h"
#include "tl-match-events.h"

/* Above this many changed events, the model is re-sorted and replaced in one items-changed. */
#define BULK_SYNC 32

typedef struct
{
  TlEventInfo *before;   /* NULL: the edit created the event */
  TlEventInfo *after;    /* NULL: the edit deleted it */
} Change;

typedef struct
{
  char      *description;
  GPtrArray *changes;    /* of Change */
} Edit;

typedef struct
{
  char     *code;
  gboolean  open;
} ToggleNote;

struct _TlMatchEvents
{
  GObject       parent_instance;

  TlStore      *store;
  gint64        match_id;
  GMainContext *context;     /* the owner's: the model changes only there */
  GThread      *owner;       /* the thread that made the object (and runs that context) */

  GMutex        lock;        /* guards everything below up to the model's fields */
  GHashTable   *infos;       /* id -> TlEventInfo, as in the store */
  GQueue        undo;        /* of Edit, newest at the head */
  GQueue        redo;
  GHashTable   *open_toggles; /* code -> id (gint64 in a pointer-sized box) */
  GHashTable   *dirty;       /* ids changed since the last sync_model() */
  GPtrArray    *toggle_notes; /* of ToggleNote, emitted by the next sync */

  /* The model, owner context only. */
  GPtrArray    *items;       /* of TlEvent, sorted */
  GHashTable   *objects;     /* id -> TlEvent (borrowed from items) */
  gboolean      shown_can_undo;
  gboolean      shown_can_redo;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TlMatchEvents, tl_match_events, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_MATCH_ID,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_UNDO_DESCRIPTION,
  PROP_REDO_DESCRIPTION,
  N_PROPS
};

enum {
  SIGNAL_TOGGLE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
change_free (Change *change)
{
  g_clear_pointer (&change->before, tl_event_info_free);
  g_clear_pointer (&change->after, tl_event_info_free);
  g_free (change);
}

static void
edit_free (Edit *edit)
{
  g_free (edit->description);
  g_ptr_array_unref (edit->changes);
  g_free (edit);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Edit, edit_free)

static Edit *
edit_new (const char *description)
{
  Edit *edit = g_new0 (Edit, 1);

  edit->description = g_strdup (description);
  edit->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  return edit;
}

/* Takes ownership of @before and @after. */
static void
edit_add (Edit        *edit,
          TlEventInfo *before,
          TlEventInfo *after)
{
  Change *change = g_new0 (Change, 1);

  change->before = before;
  change->after = after;
  g_ptr_array_add (edit->changes, change);
}

static void
toggle_note_free (ToggleNote *note)
{
  g_free (note->code);
  g_free (note);
}

static gint64 *
id_key (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

static int
compare_infos (const TlEventInfo *a,
               const TlEventInfo *b)
{
  if (a->start_ns != b->start_ns)
    return a->start_ns < b->start_ns ? -1 : 1;
  if (a->id != b->id)
    return a->id < b->id ? -1 : 1;
  return 0;
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  return compare_infos (tl_event_get_info (*(TlEvent **) a), tl_event_get_info (*(TlEvent **) b));
}

static int
compare_info_ptrs (gconstpointer a,
                   gconstpointer b)
{
  return compare_infos (*(TlEventInfo **) a, *(TlEventInfo **) b);
}

/* GListModel */

static GType
list_get_item_type (GListModel *model)
{
  return TL_TYPE_EVENT;
}

static guint
list_get_n_items (GListModel *model)
{
  return TL_MATCH_EVENTS (model)->items->len;
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  TlMatchEvents *self = TL_MATCH_EVENTS (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

/* Store access: these run inside tl_store_write()/tl_store_read(). */

static gboolean
write_labels (TlStore            *store,
              const TlEventInfo  *info,
              GError            **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = tl_store_prepare (store, "DELETE FROM event_labels WHERE event_id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, info->id);
  if (!tl_store_exec_stmt (store, stmt, error))
    return FALSE;

  for (guint i = 0; info->labels[i] != NULL; i++)
    {
      g_autofree char *group = NULL;
      g_autofree char *text = NULL;

      tl_event_label_split (info->labels[i], &group, &text);
      stmt = tl_store_prepare (store,
                               "INSERT INTO event_labels (event_id, group_name, text, position)"
                               " VALUES (?1, ?2, ?3, ?4)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, info->id);
      if (group != NULL)
        sqlite3_bind_text (stmt, 2, group, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 4, (int) i);
      if (!tl_store_exec_stmt (store, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static void
bind_optional_id (sqlite3_stmt *stmt,
                  int           column,
                  gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, column, id);
  else
    sqlite3_bind_null (stmt, column);
}

/* Inserts @info (with its id when it has one: redo and undo of a delete bring the same row
 * back) or updates the row with its id. Sets info->id on insert. */
static gboolean
write_event (TlStore      *store,
             TlEventInfo  *info,
             gboolean      insert,
             GError      **error)
{
  sqlite3_stmt *stmt;

  if (insert)
    stmt = tl_store_prepare (store,
                             "INSERT INTO events (match_id, code_id, code, color, start_ns, end_ns,"
                             " lead_ns, lag_ns, team_id, player_id, note, external_id, id)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                             error);
  else
    stmt = tl_store_prepare (store,
                             "UPDATE events SET match_id = ?1, code_id = ?2, code = ?3, color = ?4,"
                             " start_ns = ?5, end_ns = ?6, lead_ns = ?7, lag_ns = ?8,"
                             " team_id = ?9, player_id = ?10, note = ?11, external_id = ?12,"
                             " modified_at = unixepoch() WHERE id = ?13",
                             error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, info->match_id);
  bind_optional_id (stmt, 2, info->code_id);
  sqlite3_bind_text (stmt, 3, info->code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, info->color, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, info->start_ns);
  sqlite3_bind_int64 (stmt, 6, info->end_ns);
  sqlite3_bind_int64 (stmt, 7, info->lead_ns);
  sqlite3_bind_int64 (stmt, 8, info->lag_ns);
  bind_optional_id (stmt, 9, info->team_id);
  bind_optional_id (stmt, 10, info->player_id);
  if (info->note != NULL)
    sqlite3_bind_text (stmt, 11, info->note, -1, SQLITE_TRANSIENT);
  if (info->external_id != NULL)
    sqlite3_bind_text (stmt, 12, info->external_id, -1, SQLITE_TRANSIENT);
  bind_optional_id (stmt, 13, info->id);

  if (!tl_store_exec_stmt (store, stmt, error))
    return FALSE;

  if (insert)
    info->id = tl_store_last_insert_rowid (store);
  else if (tl_store_changes (store) != 1)
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   _("Event %lld is no longer in the library"), (long long) info->id);
      return FALSE;
    }

  return write_labels (store, info, error);
}

static gboolean
delete_event (TlStore            *store,
              const TlEventInfo  *info,
              GError            **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = tl_store_prepare (store, "DELETE FROM events WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, info->id);
  return tl_store_exec_stmt (store, stmt, error);
}

gboolean
tl_match_events_insert_in_store (TlStore    *store,
                                 GPtrArray  *infos,
                                 GError    **error)
{
  for (guint i = 0; i < infos->len; i++)
    {
      TlEventInfo *info = g_ptr_array_index (infos, i);

      info->id = 0;
      if (!write_event (store, info, TRUE, error))
        return FALSE;
    }

  return TRUE;
}

typedef struct
{
  Edit     *edit;
  gboolean  reverse;   /* undo: bring every change back to its "before" */
} ApplyEdit;

static gboolean
apply_edit (TlStore   *store,
            gpointer   user_data,
            GError   **error)
{
  ApplyEdit *apply = user_data;
  GPtrArray *changes = apply->edit->changes;

  for (guint n = 0; n < changes->len; n++)
    {
      /* Undo walks the changes backwards, so that each one meets the state it left. */
      Change *change = g_ptr_array_index (changes, apply->reverse ? changes->len - 1 - n : n);
      TlEventInfo *from = apply->reverse ? change->after : change->before;
      TlEventInfo *to = apply->reverse ? change->before : change->after;
      gboolean ok;

      if (to == NULL)
        ok = delete_event (store, from, error);
      else
        ok = write_event (store, to, from == NULL, error);
      if (!ok)
        return FALSE;
    }

  return TRUE;
}

typedef struct
{
  gint64      match_id;
  GHashTable *infos;
} LoadEvents;

static gboolean
load_events (TlStore   *store,
             gpointer   user_data,
             GError   **error)
{
  LoadEvents *load = user_data;
  g_autoptr(GHashTable) labels = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                        (GDestroyNotify) g_ptr_array_unref);
  GHashTableIter iter;
  gpointer key, value;
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_store_prepare (store,
                           "SELECT id, code_id, code, color, start_ns, end_ns, lead_ns, lag_ns,"
                           " team_id, player_id, note, external_id FROM events WHERE match_id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, load->match_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TlEventInfo *info = tl_event_info_new ();

      info->id = sqlite3_column_int64 (stmt, 0);
      info->match_id = load->match_id;
      info->code_id = sqlite3_column_int64 (stmt, 1);
      info->code = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      g_free (info->color);
      info->color = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      info->start_ns = sqlite3_column_int64 (stmt, 4);
      info->end_ns = sqlite3_column_int64 (stmt, 5);
      info->lead_ns = sqlite3_column_int64 (stmt, 6);
      info->lag_ns = sqlite3_column_int64 (stmt, 7);
      info->team_id = sqlite3_column_int64 (stmt, 8);
      info->player_id = sqlite3_column_int64 (stmt, 9);
      info->note = g_strdup ((const char *) sqlite3_column_text (stmt, 10));
      info->external_id = g_strdup ((const char *) sqlite3_column_text (stmt, 11));
      g_hash_table_insert (load->infos, id_key (info->id), info);
    }
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);

  stmt = tl_store_prepare (store,
                           "SELECT l.event_id, l.group_name, l.text FROM event_labels l"
                           " JOIN events e ON e.id = l.event_id WHERE e.match_id = ?1"
                           " ORDER BY l.event_id, l.position, l.id",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, load->match_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 event_id = sqlite3_column_int64 (stmt, 0);
      GPtrArray *list = g_hash_table_lookup (labels, &event_id);

      if (list == NULL)
        {
          list = g_ptr_array_new_null_terminated (4, g_free, TRUE);
          g_hash_table_insert (labels, id_key (event_id), list);
        }
      g_ptr_array_add (list, tl_event_label_join ((const char *) sqlite3_column_text (stmt, 1),
                                                  (const char *) sqlite3_column_text (stmt, 2)));
    }
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);

  g_hash_table_iter_init (&iter, labels);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      TlEventInfo *info = g_hash_table_lookup (load->infos, key);

      if (info == NULL)
        continue;
      g_strfreev (info->labels);
      info->labels = (char **) g_ptr_array_steal (value, NULL);
    }

  return TRUE;
}

/* The model side. */

static guint
find_position (TlMatchEvents     *self,
               const TlEventInfo *info,
               gboolean          *out_found)
{
  guint lo = 0, hi = self->items->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      int cmp = compare_infos (tl_event_get_info (g_ptr_array_index (self->items, mid)), info);

      if (cmp == 0)
        {
          *out_found = TRUE;
          return mid;
        }
      if (cmp < 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  *out_found = FALSE;
  return lo;
}

static void
notify_undo_state (TlMatchEvents *self,
                   gboolean       can_undo,
                   gboolean       can_redo)
{
  /* Descriptions change with every edit: always tell. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNDO_DESCRIPTION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REDO_DESCRIPTION]);
  if (can_undo != self->shown_can_undo)
    {
      self->shown_can_undo = can_undo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
    }
  if (can_redo != self->shown_can_redo)
    {
      self->shown_can_redo = can_redo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }
}

static gboolean
sync_model (gpointer user_data)
{
  TlMatchEvents *self = user_data;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  /* The new state of each id, NULL when it was deleted. */
  g_autoptr(GPtrArray) states =
    g_ptr_array_new_with_free_func ((GDestroyNotify) tl_event_info_free);
  g_autoptr(GPtrArray) toggle_notes = NULL;
  GHashTableIter iter;
  gpointer key;
  gboolean can_undo, can_redo;

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->dirty);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      TlEventInfo *info = g_hash_table_lookup (self->infos, key);

      g_array_append_val (ids, *(gint64 *) key);
      g_ptr_array_add (states, info != NULL ? tl_event_info_copy (info) : NULL);
    }
  g_hash_table_remove_all (self->dirty);
  toggle_notes = g_steal_pointer (&self->toggle_notes);
  self->toggle_notes = g_ptr_array_new_with_free_func ((GDestroyNotify) toggle_note_free);
  can_undo = !g_queue_is_empty (&self->undo);
  can_redo = !g_queue_is_empty (&self->redo);
  g_mutex_unlock (&self->lock);

  if (ids->len > BULK_SYNC)
    {
      guint old_n = self->items->len;

      for (guint i = 0; i < ids->len; i++)
        {
          gint64 *id = &g_array_index (ids, gint64, i);
          TlEventInfo *info = g_ptr_array_index (states, i);
          TlEvent *event = g_hash_table_lookup (self->objects, id);

          if (event != NULL && info != NULL)
            tl_event_update (event, info);
          else if (event != NULL)
            {
              g_hash_table_remove (self->objects, id);
              g_ptr_array_remove_fast (self->items, event);
            }
          else if (info != NULL)
            {
              event = tl_event_new (info);
              g_ptr_array_add (self->items, event);
              g_hash_table_insert (self->objects, id_key (info->id), event);
            }
        }
      g_ptr_array_sort (self->items, compare_events);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->items->len);
    }
  else
    for (guint i = 0; i < ids->len; i++)
      {
        gint64 *id = &g_array_index (ids, gint64, i);
        TlEventInfo *info = g_ptr_array_index (states, i);
        g_autoptr(TlEvent) event = g_hash_table_lookup (self->objects, id);
        gboolean found;
        guint position;

        if (event != NULL)
          {
            g_object_ref (event);
            position = find_position (self, tl_event_get_info (event), &found);
            g_assert (found);
            if (info != NULL && compare_infos (tl_event_get_info (event), info) == 0)
              {
                /* Same place in the list: only its properties change. */
                tl_event_update (event, info);
                continue;
              }
            g_ptr_array_remove_index (self->items, position);
            g_hash_table_remove (self->objects, id);
            g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
          }
        if (info == NULL)
          continue;

        /* Keep the object of a moved event, so selections and bindings follow it. */
        if (event != NULL)
          tl_event_update (event, info);
        else
          event = tl_event_new (info);
        position = find_position (self, info, &found);
        g_ptr_array_insert (self->items, position, g_object_ref (event));
        g_hash_table_insert (self->objects, id_key (info->id), event);
        g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
      }

  for (guint i = 0; i < toggle_notes->len; i++)
    {
      ToggleNote *note = g_ptr_array_index (toggle_notes, i);

      g_signal_emit (self, signals[SIGNAL_TOGGLE_CHANGED], 0, note->code, note->open);
    }
  notify_undo_state (self, can_undo, can_redo);

  return G_SOURCE_REMOVE;
}

/* On the owner's thread the model is brought up to date at once; from any other thread an idle
 * source on the owner's context does it (tl_main_context_idle_add). */
static void
schedule_sync (TlMatchEvents *self)
{
  if (g_thread_self () == self->owner)
    {
      sync_model (self);
      return;
    }
  tl_main_context_idle_add (self->context, G_PRIORITY_DEFAULT, sync_model, g_object_ref (self),
                            g_object_unref);
}

/* Edits: build an Edit from `infos` under the lock, write it, then record it. */

/* Call with the lock held. Writes @edit (forward, or backward for undo), updates `infos` and
 * `dirty`. On failure nothing changed. */
static gboolean
commit_locked (TlMatchEvents  *self,
               Edit           *edit,
               gboolean        reverse,
               GError        **error)
{
  ApplyEdit apply = { edit, reverse };

  if (!tl_store_write (self->store, apply_edit, &apply, error))
    return FALSE;

  for (guint i = 0; i < edit->changes->len; i++)
    {
      Change *change = g_ptr_array_index (edit->changes, i);
      TlEventInfo *to = reverse ? change->before : change->after;
      TlEventInfo *from = reverse ? change->after : change->before;
      gint64 id = to != NULL ? to->id : from->id;

      if (to != NULL)
        g_hash_table_replace (self->infos, id_key (id), tl_event_info_copy (to));
      else
        g_hash_table_remove (self->infos, &id);
      g_hash_table_add (self->dirty, id_key (id));
    }

  return TRUE;
}

static void
push_undo_locked (TlMatchEvents *self,
                  Edit          *edit)
{
  g_queue_push_head (&self->undo, edit);
  while (g_queue_get_length (&self->undo) > TL_MATCH_EVENTS_UNDO_DEPTH)
    edit_free (g_queue_pop_tail (&self->undo));
  g_queue_clear_full (&self->redo, (GDestroyNotify) edit_free);
}

/* Commits a new edit and makes it the undo step; takes @edit. */
static gboolean
run_edit_locked (TlMatchEvents  *self,
                 Edit           *edit,
                 GError        **error)
{
  if (!commit_locked (self, edit, FALSE, error))
    {
      edit_free (edit);
      return FALSE;
    }

  push_undo_locked (self, edit);
  return TRUE;
}

static TlEventInfo *
lookup_locked (TlMatchEvents  *self,
               gint64          id,
               GError        **error)
{
  TlEventInfo *info = g_hash_table_lookup (self->infos, &id);

  if (info == NULL)
    g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                 _("Match %lld has no event %lld"), (long long) self->match_id, (long long) id);
  return info;
}

static gboolean
check_times (gint64   start_ns,
             gint64   end_ns,
             GError **error)
{
  if (start_ns < 0)
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   _("An event cannot start before the beginning of the video"));
      return FALSE;
    }
  if (end_ns < start_ns)
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   _("An event cannot end before it starts"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_labels (const char * const  *labels,
              GError             **error)
{
  for (guint i = 0; labels != NULL && labels[i] != NULL; i++)
    {
      g_autofree char *group = NULL;
      g_autofree char *text = NULL;

      tl_event_label_split (labels[i], &group, &text);
      if (*text == '\0' || !g_utf8_validate (labels[i], -1, NULL))
        {
          g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                       _("“%s” is not a label: write GROUP:TEXT or TEXT"), labels[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/* Checks what any stored event must satisfy (an import reuses it for each instance). */
static gboolean
check_info (const TlEventInfo  *info,
            GError            **error)
{
  if (info->code == NULL || *info->code == '\0' || !g_utf8_validate (info->code, -1, NULL))
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   _("An event needs a code"));
      return FALSE;
    }
  if (!tl_color_is_valid (info->color))
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   _("“%s” is not a colour: write #rrggbb"), info->color ? info->color : "");
      return FALSE;
    }
  if (info->lead_ns < 0 || info->lag_ns < 0)
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   _("Lead and lag cannot be negative"));
      return FALSE;
    }
  if (info->note != NULL && !g_utf8_validate (info->note, -1, NULL))
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   _("The note is not valid UTF-8 text"));
      return FALSE;
    }
  return check_times (info->start_ns, info->end_ns, error)
         && check_labels ((const char * const *) info->labels, error);
}

/* Changes one event: @modify edits a copy; one undo step. */
typedef gboolean (*ModifyFunc) (TlEventInfo  *info,
                                gconstpointer data,
                                GError      **error);

static gboolean
modify_event (TlMatchEvents  *self,
              gint64          event_id,
              const char     *description,
              ModifyFunc      modify,
              gconstpointer   data,
              GError        **error)
{
  g_autoptr(TlEventInfo) after = NULL;
  TlEventInfo *before;
  gboolean ok = FALSE;
  Edit *edit;

  g_mutex_lock (&self->lock);
  if (!(before = lookup_locked (self, event_id, error)))
    goto out;

  after = tl_event_info_copy (before);
  if (!modify (after, data, error) || !check_info (after, error))
    goto out;

  /* Nothing changed: no write, no undo step. */
  if (tl_event_info_equal_content (before, after) && before->code_id == after->code_id)
    {
      ok = TRUE;
      goto out;
    }

  edit = edit_new (description);
  edit_add (edit, tl_event_info_copy (before), g_steal_pointer (&after));
  ok = run_edit_locked (self, edit, error);

out:
  g_mutex_unlock (&self->lock);
  if (ok)
    schedule_sync (self);
  return ok;
}

/* GObject */

static void
tl_match_events_finalize (GObject *object)
{
  TlMatchEvents *self = (TlMatchEvents *) object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->infos, g_hash_table_unref);
  g_queue_clear_full (&self->undo, (GDestroyNotify) edit_free);
  g_queue_clear_full (&self->redo, (GDestroyNotify) edit_free);
  g_clear_pointer (&self->open_toggles, g_hash_table_unref);
  g_clear_pointer (&self->dirty, g_hash_table_unref);
  g_clear_pointer (&self->toggle_notes, g_ptr_array_unref);
  g_clear_pointer (&self->objects, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (tl_match_events_parent_class)->finalize (object);
}

static void
tl_match_events_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TlMatchEvents *self = TL_MATCH_EVENTS (object);

  switch (prop_id)
    {
    case PROP_MATCH_ID:
      g_value_set_int64 (value, self->match_id);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, self->shown_can_undo);
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, self->shown_can_redo);
      break;
    case PROP_UNDO_DESCRIPTION:
      g_value_take_string (value, tl_match_events_dup_undo_description (self));
      break;
    case PROP_REDO_DESCRIPTION:
      g_value_take_string (value, tl_match_events_dup_redo_description (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_match_events_class_init (TlMatchEventsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tl_match_events_finalize;
  object_class->get_property = tl_match_events_get_property;

  properties[PROP_MATCH_ID] =
    g_param_spec_int64 ("match-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNDO_DESCRIPTION] =
    g_param_spec_string ("undo-description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REDO_DESCRIPTION] =
    g_param_spec_string ("redo-description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_TOGGLE_CHANGED] =
    g_signal_new ("toggle-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
}

static void
tl_match_events_init (TlMatchEvents *self)
{
  g_mutex_init (&self->lock);
  self->infos = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                       (GDestroyNotify) tl_event_info_free);
  g_queue_init (&self->undo);
  g_queue_init (&self->redo);
  self->open_toggles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->dirty = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->toggle_notes = g_ptr_array_new_with_free_func ((GDestroyNotify) toggle_note_free);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->objects = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

TlMatchEvents *
tl_match_events_new (TlStore  *store,
                     gint64    match_id,
                     GError  **error)
{
  g_autoptr(TlMatchEvents) self = NULL;

  g_return_val_if_fail (TL_IS_STORE (store), NULL);
  g_return_val_if_fail (match_id > 0, NULL);

  self = g_object_new (TL_TYPE_MATCH_EVENTS, NULL);
  self->store = g_object_ref (store);
  self->match_id = match_id;
  self->context = g_main_context_ref_thread_default ();
  self->owner = g_thread_self ();

  if (!tl_match_events_reload (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

gint64
tl_match_events_get_match_id (TlMatchEvents *self)
{
  g_return_val_if_fail (TL_IS_MATCH_EVENTS (self), 0);

  return self->match_id;
}

gboolean
tl_match_events_reload (TlMatchEvents  *self,
                        GError        **error)
{
  g_autoptr(GHashTable) infos = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       (GDestroyNotify) tl_event_info_free);
  LoadEvents load = { self->match_id, infos };
  GHashTableIter iter;
  gpointer value;
  guint old_n;

  g_return_val_if_fail (TL_IS_MATCH_EVENTS (self), FALSE);

  if (!tl_store_read (self->store, load_events, &load, error))
    return FALSE;

  old_n = self->items->len;
  g_hash_table_remove_all (self->objects);
  g_ptr_array_set_size (self->items, 0);
  g_hash_table_iter_init (&iter, infos);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      TlEvent *event = tl_event_new (value);

      g_ptr_array_add (self->items, event);
      g_hash_table_insert (self->objects, id_key (tl_event_get_id (event)), event);
    }

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->infos, g_hash_table_unref);
  self->infos = g_steal_pointer (&infos);
  g_queue_clear_full (&self->undo, (GDestroyNotify) edit_free);
  g_queue_clear_full (&self->redo, (GDestroyNotify) edit_free);
  g_hash_table_remove_all (self->open_toggles);
  g_hash_table_remove_all (self->dirty);
  g_mutex_unlock (&self->lock);

  g_ptr_array_sort (self->items, compare_events);
  if (old_n > 0 || self->items->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->items->len);
  notify_undo_state (self, FALSE, FALSE);

  return TRUE;
}

TlEvent *
tl_match_events_lookup (TlMatchEvents *self,
                        gint64         id)
{
  g_return_val_if_fail (TL_IS_MATCH_EVENTS (self), NULL);

  return g_hash_table_lookup (self->objects, &id);
}

GPtrArray *
tl_match_events_dup_infos (TlMatchEvents *self)
{
  GPtrArray *infos = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_event_info_free);
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (TL_IS_MATCH_EVENTS (self), NULL);

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->infos);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (infos, tl_event_info_copy (value));
  g_mutex_unlock (&self->lock);

  g_ptr_array_sort (infos, compare_info_ptrs);
  return infos;
}

static gint64
open_toggle_locked (TlMatchEvents *self,
                    const char    *code)
{
  gint64 *id = g_hash_table_lookup (self->open_toggles, code);

  /* An undo may have removed the started event. */
  if (id != NULL && !g_hash_table_contains (self->infos, id))
    {
      g_hash_table_remove (self->open_toggles, code);
      return 0;
    }

  return id != NULL ? *id : 0;
}

static void
note_toggle_locked (TlMatchEvents *self,
                    const char    *code,
                    gboolean       open)
{
  ToggleNote *note = g_new0 (ToggleNote, 1);

  note->code = g_strdup (code);
  note->open = open;
  g_ptr_array_add (self->toggle_notes, note);
}

gint64
tl_match_events_tag (TlMatchEvents       *self,
                     const TlTagRequest  *request,
                     GError             **error)
{
  g_autoptr(TlEventInfo) info = NULL;
  g_autofree char *description = NULL;
  gint64 open_id, id = 0;
  Edit *edit;

  g_return_val_if_fail (TL_IS_MATCH_EVENTS (self), 0);
  g_return_val_if_fail (request != NULL, 0);

  if (request->at_ns < 0 || request->lead_ns < 0 || request->lag_ns < 0)
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   _("Times, lead and lag cannot be negative"));
      return 0;
    }
  if (request->code == NULL || *request->code == '\0')
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID, _("An event needs a code"));
      return 0;
    }

  g_mutex_lock (&self->lock);

  /* The second press of a toggle code ends the event the first one started. */
  if (request->toggle && (open_id = open_toggle_locked (self, request->code)) != 0)
    {
      TlEventInfo *before = g_hash_table_lookup (self->infos, &open_id);

      info = tl_event_info_copy (before);
      info->end_ns = MAX (info->start_ns, request->at_ns + request->lag_ns);
      info->lag_ns = request->lag_ns;
      description = g_strdup_printf (_("End “%s”"), request->code);
      edit = edit_new (description);
      edit_add (edit, tl_event_info_copy (before), tl_event_info_copy (info));
      if (run_edit_locked (self, edit, error))
        {
          id = open_id;
          g_hash_table_remove (self->open_toggles, request->code);
          note_toggle_locked (self, request->code, FALSE);
        }
      goto out;
    }

  info = tl_event_info_new ();
  info->match_id = self->match_id;
  info->code_id = request->code_id;
  info->code = g_strdup (request->code);
  if (request->color != NULL)
    {
      g_free (info->color);
      info->color = g_strdup (request->color);
    }
  info->start_ns = MAX (0, request->at_ns - request->lead_ns);
  /* The lead actually used (less near 0:00), so that start + lead is always the press. */
  info->lead_ns = request->at_ns - info->start_ns;
  info->lag_ns = request->toggle ? 0 : request->lag_ns;
  info->end_ns = request->toggle ? request->at_ns : request->at_ns + request->lag_ns;
  info->team_id = request->team_id;
  info->player_id = request->player_id;
  info->note = request->note != NULL && *request->note != '\0' ? g_strdup (request->note) : NULL;
  if (request->labels != NULL)
    {
      g_strfreev (info->labels);
      info->labels = g_strdupv ((char **) request->labels);
    }
  if (!check_info (info, error))
    goto out;

  description = g_strdup_printf (request->toggle ? _("Start “%s”") : _("Tag “%s”"),
                                 request->code);
  edit = edit_new (description);
  edit_add (edit, NULL, g_steal_pointer (&info));
  if (run_edit_locked (self, edit, error))
    {
      Change *change = g_ptr_array_index (edit->changes, 0);

      id = change->after->id;
      if (request->toggle)
        {
          g_hash_table_replace (self->open_toggles, g_strdup (request->code), id_key (id));
          note_toggle_locked (self, request->code, TRUE);
        }
    }

out:
  g_mutex_unlock (&self->lock);
  if (id != 0)
    schedule_sync (self);
  return id;
}

/* A TlTagRequest with its own copies of the strings, for a worker thread. */
typedef struct
{
  TlTagRequest  request;
  char         *code;
  char         *color;
  char        **labels;
  char         *note;
} TagJob;

static void
tag_job_free (TagJob *job)
{
  g_free (job->code);
  g_free (job->color);
  g_strfreev (job->labels);
  g_free (job->note);
  g_free (job);
}

static void
tag_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  TagJob *job = task_data;
  GError *error = NULL;
  gint64 id = tl_match_events_tag (source_object, &job->request, &error);

  if (id == 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, id);
}

void
tl_match_events_tag_async (TlMatchEvents       *self,
                           const TlTagRequest  *request,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TagJob *job;

  g_return_if_fail (TL_IS_MATCH_EVENTS (self));
  g_return_if_fail (request != NULL);

  job = g_new0 (TagJob, 1);
  job->request = *request;
  job->request.code = job->code = g_strdup (request->code);
  job->request.color = job->color = g_strdup (request->color);
  job->labels = request->labels != NULL ? g_strdupv ((char **) request->labels) : NULL;
  job->request.labels = (const char * const *) job->labels;
  job->request.note = job->note = g_strdup (request->note);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_match_events_tag_async);
  g_task_set_task_data (task, job, (GDestroyNotify) tag_job_free);
  /* A tag is never cancelled half-way: once started it is saved. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, tag_in_thread);
}

gint64
tl_match_events_tag_finish (TlMatchEvents  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  return g_task_propagate_int (G_TASK (result), error);
}

gint64
tl_match_events_get_open_toggle (TlMatchEvents *self,
                                 const char    *code)
{
  gint64 id;

  g_return_val_if_fail (TL_IS_MATCH_EVENTS (self), 0);
  g_return_val_if_fail (code != NULL, 0);

  g_mutex_lock (&self->lock);
  id = open_toggle_locked (self, code);
  g_mutex_unlock (&self->lock);
  return id;
}

typedef struct
{
  const char *label;
  gboolean    exclusive;
} LabelEdit;

static gboolean
modify_add_label (TlEventInfo   *info,
                  gconstpointer  data,
                  GError       **error)
{
  const LabelEdit *edit = data;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  g_autofree char *group = NULL;
  g_autofree char *text = NULL;
  const char * const one[] = { edit->label, NULL };

  if (!check_labels (one, error))
    return FALSE;
  if (g_strv_contains ((const char * const *) info->labels, edit->label))
    return TRUE;

  tl_event_label_split (edit->label, &group, &text);
  for (guint i = 0; info->labels[i] != NULL; i++)
    {
      g_autofree char *other_group = NULL;
      g_autofree char *other_text = NULL;

      tl_event_label_split (info->labels[i], &other_group, &other_text);
      if (edit->exclusive && group != NULL && g_strcmp0 (group, other_group) == 0)
        continue;
      g_ptr_array_add (labels, g_strdup (info->labels[i]));
    }
  g_ptr_array_add (labels, g_strdup (edit->label));

  g_strfreev (info->labels);
  info->labels = (char **) g_ptr_array_steal (labels, NULL);
  return TRUE;
}

gboolean
tl_match_events_add_label (TlMatchEvents  *self,
                           gint64          event_id,
                           const char     *label,
                           gboolean        exclusive,
                           GError        **error)
{
  LabelEdit edit = { label, exclusive };
  g_autofree char *description = NULL;

  g_return_val_if_fail (TL_IS_MATCH_EVENTS (self), FALSE);
  g_return_val_if_fail (label != NULL, FALSE);

  description = g_strdup_printf (_("Add label “%s”"), label);
  return modify_event (self, event_id, description, modify_add_label, &edit, error);
}

static gboolean
modify_remove_label (TlEventInfo   *info,
                     gconstpointer  data,
                     GError       **error)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_null_terminated (4, g_free, TRUE);

  for (guint i = 0; info->labels[i] != NULL; i++)
    if (!g_str_equal (info->labels[i], data))
      g_ptr_array_add (labels, g_strdup (info->labels[i]));

  g_strfreev (info->labels);
  info->labels = (char **) g_ptr_array_steal (labels, NULL);
  return TRUE;
}

gboolean
tl_match_events_remove_label (TlMatchEvents  *self,
                              gint64          event_id,
                              const char     *label,
                              GError        **error)
{
  g_autofree char *description = NULL;

  g_return_val_if_fail (TL_IS_MATCH_EVENTS (self), FALSE);
  g_return_val_if_fail (label != NULL, FALSE);

  description = g_strdup_printf (_("Remove label “%s”"), label);
  return modify_event (self, event_id, description, modify_remove_label, label, error);
}

static gboolean
modify_set_labels (TlEventInfo   *info,
                   gconstpointer  data,
                   GError       **error)
{
  const char * const *labels = data;

  g_strfreev (info->labels);
  info->labels = labels != NULL ? g_strdupv ((char **) labels) : g_new0 (char *, 1);
  return TRUE;
}

gboolean
tl_match_events_set_labels (TlMatchEvents       *self,
                            gint64               event_id,
                            const char * const  *labels,
                            GError             **error)
{
  g_return_val_if_fail (TL_IS_MATCH_EVENTS (self), FALSE);

  return modify_event (self, event_id, _("Change labels"), modify_set_labels, labels, error);
}

static gboolean
modify_set_times (TlEventInfo   *info,
                  gconstpointer  data,
                  GError       **error)
{
  const gint64 *times = data;

  info->start_ns = times[0];
  info->end_ns = times[1];
  return check_times (info->start_ns, info->end_ns, error);
}

gboolean
tl_match_events_set_times (TlMatchEvents  *self,
                           gint64          event_id,
                           gint64          start_ns,
                           gint64          end_ns,
                           GError        **error)
{
  gint64 times[2] = { start_ns, end_ns };

  g_return_val_if_fail (TL_IS_MATCH_EVENTS (self), FALSE);

  return modify_event (self, event_id, _("Change times"), modify_set_times, times, error);
}

typedef struct
{
  const char *code;
  const char *color;
} CodeEdit;

static gboolean
modify_set_code (TlEventInfo   *info,
                 gconstpointer  data,
                 GError       **error)
{
  const CodeEdit *edit = data;

  if (g_strcmp0 (info->code, edit->code) != 0)
    {
      g_free (info->code);
      info->code = g_strdup (edit->code);
      info->code_id = 0;
    }
  if (edit->color != NULL)
    {
      g_free (info->color);
      info->color = g_strdup (edit->color);
    }
  return TRUE;
}

gboolean
tl_match_events_set_code (TlMatchEvents  *self,
                          gint64          event_id,
                          const char     *code,
                          const char     *color,
                          GError        **error)
{
  CodeEdit edit = { code, color };

  g_return_val_if_fail (TL_IS_MATCH_EVENTS (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  return modify_event (self, event_id, _("Change code"), modify_set_code, &edit, error);
}

static gboolean
modify_set_note (TlEventInfo   *info,
                 gconstpointer  data,
                 GError       **error)
{
  const char *note = data;

  g_free (info->note);
  info->note = note != NULL && *note != '\0' ? g_strdup (note) : NULL;
  return TRUE;
}

gboolean
tl_match_events_set_note (TlMatchEvents  *self,
                          gint64          event_id,
                          const char     *note,
                          GError        **error)
{
  g_return_val_if_fail (TL_IS_MATCH_EVENTS (self), FALSE);

  return modify_event (self, event_id, _("Change note"), modify_set_note, note, error);
}

static gboolean
modify_set_team_player (TlEventInfo   *info,
                        gconstpointer  data,
                        GError       **error)
{
  const gint64 *ids = data;

  info->team_id = MAX (0, ids[0]);
  info->player_id = MAX (0, ids[1]);
  return TRUE;
}

gboolean
tl_match_events_set_team_player (TlMatchEvents *self,
                                 gint64         event_id,
                                 gint64         team_id,
                                 gint64         player_id,
                                 GError       **error)
{
  gint64 ids[2] = { team_id, player_id };

  g_return_val_if_fail (TL_IS_MATCH_EVENTS (self), FALSE);

  return modify_event (self, event_id, _("Change team and player"), modify_set_team_player,
                       ids, error);
}

gboolean
tl_match_events_shift (TlMatchEvents  *self,
                       const gint64   *event_ids,
                       guint           n_ids,
                       gint64          delta_ns,
                       GError        **error)
{
  g_autoptr(Edit) edit = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (TL_IS_MATCH_EVENTS (self), FALSE);
  g_return_val_if_fail (n_ids == 0 || event_ids != NULL, FALSE);

  if (n_ids == 0 || delta_ns == 0)
    return TRUE;

  edit = edit_new (g_dngettext (GETTEXT_PACKAGE, "Move event", "Move events", n_ids));
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < n_ids; i++)
    {
      TlEventInfo *before = lookup_locked (self, event_ids[i], error);
      TlEventInfo *after;

      if (before == NULL)
        goto out;
      after = tl_event_info_copy (before);
      after->start_ns += delta_ns;
      after->end_ns += delta_ns;
      edit_add (edit, tl_event_info_copy (before), after);
      if (!check_times (after->start_ns, after->end_ns, error))
        goto out;
    }
  ok = run_edit_locked (self, g_steal_pointer (&edit), error);

out:
  g_mutex_unlock (&self->lock);
  if (ok)
    schedule_sync (self);
  return ok;
}

gboolean
tl_match_events_delete (TlMatchEvents  *self,
                        const gint64   *event_ids,
                        guint           n_ids,
                        GError        **error)
{
  g_autoptr(Edit) edit = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autofree char *description = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (TL_IS_MATCH_EVENTS (self), FALSE);
  g_return_val_if_fail (n_ids == 0 || event_ids != NULL, FALSE);

  if (n_ids == 0)
    return TRUE;

  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Delete %u event",
                                              "Delete %u events", n_ids), n_ids);
  edit = edit_new (description);
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < n_ids; i++)
    {
      TlEventInfo *before = lookup_locked (self, event_ids[i], error);

      if (before == NULL)
        goto out;
      if (!g_hash_table_add (seen, id_key (event_ids[i])))
        continue;
      edit_add (edit, tl_event_info_copy (before), NULL);
    }
  ok = run_edit_locked (self, g_steal_pointer (&edit), error);

out:
  g_mutex_unlock (&self->lock);
  if (ok)
    schedule_sync (self);
  return ok;
}

static Edit *
edit_for_added (GPtrArray  *infos,
                const char *description)
{
  Edit *edit = edit_new (description);

  for (guint i = 0; i < infos->len; i++)
    edit_add (edit, NULL, tl_event_info_copy (g_ptr_array_index (infos, i)));
  return edit;
}

gboolean
tl_match_events_add_many (TlMatchEvents  *self,
                          GPtrArray      *infos,
                          const char     *description,
                          GError        **error)
{
  Edit *edit;
  gboolean ok;

  g_return_val_if_fail (TL_IS_MATCH_EVENTS (self), FALSE);
  g_return_val_if_fail (infos != NULL, FALSE);

  for (guint i = 0; i < infos->len; i++)
    {
      TlEventInfo *info = g_ptr_array_index (infos, i);

      info->id = 0;
      info->match_id = self->match_id;
      if (!check_info (info, error))
        return FALSE;
    }

  edit = edit_for_added (infos, description != NULL ? description : _("Add events"));
  g_mutex_lock (&self->lock);
  ok = run_edit_locked (self, edit, error);
  if (ok)
    for (guint i = 0; i < infos->len; i++)
      {
        Change *change = g_ptr_array_index (edit->changes, i);

        ((TlEventInfo *) g_ptr_array_index (infos, i))->id = change->after->id;
      }
  g_mutex_unlock (&self->lock);

  if (ok)
    schedule_sync (self);
  return ok;
}

void
tl_match_events_commit_added (TlMatchEvents *self,
                              GPtrArray     *infos,
                              const char    *description)
{
  Edit *edit;

  g_return_if_fail (TL_IS_MATCH_EVENTS (self));
  g_return_if_fail (infos != NULL);

  edit = edit_for_added (infos, description != NULL ? description : _("Add events"));
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < infos->len; i++)
    {
      TlEventInfo *info = g_ptr_array_index (infos, i);

      g_hash_table_replace (self->infos, id_key (info->id), tl_event_info_copy (info));
      g_hash_table_add (self->dirty, id_key (info->id));
    }
  push_undo_locked (self, edit);
  g_mutex_unlock (&self->lock);

  schedule_sync (self);
}

static gboolean
undo_redo (TlMatchEvents  *self,
           gboolean        undo,
           GError        **error)
{
  GQueue *from = undo ? &self->undo : &self->redo;
  GQueue *to = undo ? &self->redo : &self->undo;
  Edit *edit;
  gboolean ok = TRUE;

  g_mutex_lock (&self->lock);
  edit = g_queue_peek_head (from);
  if (edit != NULL)
    {
      ok = commit_locked (self, edit, undo, error);
      if (ok)
        g_queue_push_head (to, g_queue_pop_head (from));
    }
  g_mutex_unlock (&self->lock);

  if (ok && edit != NULL)
    schedule_sync (self);
  return ok;
}

gboolean
tl_match_events_undo (TlMatchEvents  *self,
                      GError        **error)
{
  g_return_val_if_fail (TL_IS_MATCH_EVENTS (self), FALSE);

  return undo_redo (self, TRUE, error);
}

gboolean
tl_match_events_redo (TlMatchEvents  *self,
                      GError        **error)
{
  g_return_val_if_fail (TL_IS_MATCH_EVENTS (self), FALSE);

  return undo_redo (self, FALSE, error);
}

gboolean
tl_match_events_get_can_undo (TlMatchEvents *self)
{
  g_return_val_if_fail (TL_IS_MATCH_EVENTS (self), FALSE);

  return self->shown_can_undo;
}

gboolean
tl_match_events_get_can_redo (TlMatchEvents *self)
{
  g_return_val_if_fail (TL_IS_MATCH_EVENTS (self), FALSE);

  return self->shown_can_redo;
}

static char *
dup_description (TlMatchEvents *self,
                 GQueue        *queue)
{
  Edit *edit;
  char *description;

  g_mutex_lock (&self->lock);
  edit = g_queue_peek_head (queue);
  description = edit != NULL ? g_strdup (edit->description) : NULL;
  g_mutex_unlock (&self->lock);
  return description;
}

char *
tl_match_events_dup_undo_description (TlMatchEvents *self)
{
  g_return_val_if_fail (TL_IS_MATCH_EVENTS (self), NULL);

  return dup_description (self, &self->undo);
}

char *
tl_match_events_dup_redo_description (TlMatchEvents *self)
{
  g_return_val_if_fail (TL_IS_MATCH_EVENTS (self), NULL);

  return dup_description (self, &self->redo);
}
