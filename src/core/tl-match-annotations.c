/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-match-annotations.c: a match's drawings: load, save in transactions, undo and redo. */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "tl-match-annotations.h"

/* One undoable edit: the drawing before and after (NULL: it did not exist). */
typedef struct
{
  TlAnnotation *before;
  TlAnnotation *after;
} Edit;

struct _TlMatchAnnotations
{
  GObject    parent_instance;

  TlLibrary *library;
  gint64     match_id;
  GPtrArray *items;   /* TlAnnotation, drawing order */
  GPtrArray *undo;    /* Edit, oldest first */
  GPtrArray *redo;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TlMatchAnnotations, tl_match_annotations, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum { PROP_0, PROP_CAN_UNDO, PROP_CAN_REDO, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* An undo history longer than this is of no use to anyone and only holds memory. */
#define MAX_UNDO 200

static void
edit_free (gpointer data)
{
  Edit *edit = data;

  g_clear_object (&edit->before);
  g_clear_object (&edit->after);
  g_free (edit);
}

#define ANNOTATION_COLUMNS \
  "id, match_id, event_id, shape, space, geometry, style, text, start_ns, end_ns, freeze_ns, " \
  "z_order"

static TlAnnotation *
annotation_from_row (sqlite3_stmt  *stmt,
                     GError       **error)
{
  g_autoptr(TlAnnotation) annotation = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *shape_text = (const char *) sqlite3_column_text (stmt, 3);
  TlAnnotationShape shape;
  TlAnnotationSpace space;
  gint64 id = sqlite3_column_int64 (stmt, 0);

  if (!tl_annotation_shape_from_string (shape_text, &shape))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Drawing %" PRId64 " has an unknown shape “%s”"), id, shape_text);
      return NULL;
    }
  tl_annotation_space_from_string ((const char *) sqlite3_column_text (stmt, 4), &space);
  annotation = tl_annotation_new (shape, space);
  tl_annotation_set_id (annotation, id);
  tl_annotation_set_match_id (annotation, sqlite3_column_int64 (stmt, 1));
  tl_annotation_set_event_id (annotation, sqlite3_column_int64 (stmt, 2));
  if (!tl_annotation_geometry_from_json (annotation, (const char *) sqlite3_column_text (stmt, 5),
                                         &local_error)
      || !tl_annotation_style_from_json (annotation, (const char *) sqlite3_column_text (stmt, 6),
                                         &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Drawing %" PRId64 ": %s"), id, local_error->message);
      return NULL;
    }
  tl_annotation_set_text (annotation, (const char *) sqlite3_column_text (stmt, 7));
  tl_annotation_set_range (annotation, sqlite3_column_int64 (stmt, 8),
                           sqlite3_column_int64 (stmt, 9));
  tl_annotation_set_freeze (annotation, sqlite3_column_int64 (stmt, 10));
  tl_annotation_set_z_order (annotation, sqlite3_column_int (stmt, 11));
  return g_steal_pointer (&annotation);
}

typedef struct
{
  gint64     match_id;
  GPtrArray *out;
} Load;

static gboolean
load_tracks (TlStore       *store,
             TlAnnotation  *annotation,
             GError       **error)
{
  g_autoptr(GArray) tracks = g_array_new (FALSE, FALSE, sizeof (guint32));
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_store_prepare (store,
                           "SELECT track_no FROM annotation_tracks WHERE annotation_id = ?"
                           " ORDER BY position", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, tl_annotation_get_id (annotation));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint32 track_no = (guint32) sqlite3_column_int64 (stmt, 0);

      g_array_append_val (tracks, track_no);
    }
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);
  if (tracks->len > 0)
    tl_annotation_set_tracks (annotation, (guint32 *) tracks->data, tracks->len);
  return TRUE;
}

static gboolean
load_in_transaction (TlStore   *store,
                     gpointer   user_data,
                     GError   **error)
{
  Load *load = user_data;
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_store_prepare (store,
                           "SELECT " ANNOTATION_COLUMNS " FROM annotations WHERE match_id = ?"
                           " ORDER BY z_order, id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, load->match_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TlAnnotation *annotation = annotation_from_row (stmt, error);

      if (annotation == NULL)
        return FALSE;
      g_ptr_array_add (load->out, annotation);
    }
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);

  /* Tracks after the scan: the cached statements are distinct, but one at a time is clearer. */
  for (guint i = 0; i < load->out->len; i++)
    if (!load_tracks (store, g_ptr_array_index (load->out, i), error))
      return FALSE;
  return TRUE;
}

GPtrArray *
tl_annotations_load (TlStore  *store,
                     gint64    match_id,
                     GError  **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  Load load = { match_id, out };

  g_return_val_if_fail (TL_IS_STORE (store), NULL);

  if (!tl_store_read (store, load_in_transaction, &load, error))
    return NULL;
  return g_steal_pointer (&out);
}

/* Writes @annotation: an UPDATE when @insert is FALSE, else an INSERT keeping its id when it
 * has one (redo of an add, undo of a delete) and setting it when not. */
typedef struct
{
  TlAnnotation *annotation;
  gboolean      insert;
  gint64        new_id;
} Put;

static gboolean
put_in_transaction (TlStore   *store,
                    gpointer   user_data,
                    GError   **error)
{
  Put *put = user_data;
  TlAnnotation *a = put->annotation;
  g_autofree char *geometry = tl_annotation_geometry_to_json (a);
  g_autofree char *style = tl_annotation_style_to_json (a);
  const guint32 *tracks;
  guint n_tracks;
  sqlite3_stmt *stmt;
  gint64 id;

  if (tl_annotation_get_event_id (a) != 0)
    {
      int rc;

      stmt = tl_store_prepare (store, "SELECT 1 FROM events WHERE id = ? AND match_id = ?",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, tl_annotation_get_event_id (a));
      sqlite3_bind_int64 (stmt, 2, tl_annotation_get_match_id (a));
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return tl_store_set_error (store, rc, error);
      if (rc == SQLITE_DONE)
        {
          g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                       _("Event %" PRId64 " is not an event of this match"),
                       tl_annotation_get_event_id (a));
          return FALSE;
        }
    }

  if (put->insert)
    stmt = tl_store_prepare (store,
                             "INSERT INTO annotations (id, match_id, event_id, shape, space,"
                             " geometry, style, text, start_ns, end_ns, freeze_ns, z_order)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                             error);
  else
    stmt = tl_store_prepare (store,
                             "UPDATE annotations SET event_id = ?3, shape = ?4, space = ?5,"
                             " geometry = ?6, style = ?7, text = ?8, start_ns = ?9,"
                             " end_ns = ?10, freeze_ns = ?11, z_order = ?12,"
                             " modified_at = unixepoch() WHERE id = ?1 AND match_id = ?2",
                             error);
  if (stmt == NULL)
    return FALSE;
  if (tl_annotation_get_id (a) != 0)
    sqlite3_bind_int64 (stmt, 1, tl_annotation_get_id (a));
  sqlite3_bind_int64 (stmt, 2, tl_annotation_get_match_id (a));
  if (tl_annotation_get_event_id (a) != 0)
    sqlite3_bind_int64 (stmt, 3, tl_annotation_get_event_id (a));
  sqlite3_bind_text (stmt, 4, tl_annotation_shape_to_string (tl_annotation_get_shape (a)), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, tl_annotation_space_to_string (tl_annotation_get_space (a)), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, geometry, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, style, -1, SQLITE_STATIC);
  if (tl_annotation_get_text (a) != NULL)
    sqlite3_bind_text (stmt, 8, tl_annotation_get_text (a), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 9, tl_annotation_get_start (a));
  sqlite3_bind_int64 (stmt, 10, tl_annotation_get_end (a));
  sqlite3_bind_int64 (stmt, 11, tl_annotation_get_freeze (a));
  sqlite3_bind_int (stmt, 12, tl_annotation_get_z_order (a));
  if (!tl_store_exec_stmt (store, stmt, error))
    return FALSE;
  if (!put->insert && tl_store_changes (store) == 0)
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   _("Drawing %" PRId64 " no longer exists"), tl_annotation_get_id (a));
      return FALSE;
    }
  id = put->insert && tl_annotation_get_id (a) == 0 ? tl_store_last_insert_rowid (store)
                                                    : tl_annotation_get_id (a);
  put->new_id = id;

  stmt = tl_store_prepare (store, "DELETE FROM annotation_tracks WHERE annotation_id = ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!tl_store_exec_stmt (store, stmt, error))
    return FALSE;
  tracks = tl_annotation_get_tracks (a, &n_tracks);
  for (guint i = 0; i < n_tracks; i++)
    {
      stmt = tl_store_prepare (store,
                               "INSERT INTO annotation_tracks (annotation_id, track_no, position)"
                               " VALUES (?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, tracks[i]);
      sqlite3_bind_int (stmt, 3, (int) i);
      if (!tl_store_exec_stmt (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  gint64 id;
  gint64 match_id;
} Remove;

static gboolean
remove_in_transaction (TlStore   *store,
                       gpointer   user_data,
                       GError   **error)
{
  Remove *remove = user_data;
  sqlite3_stmt *stmt;

  stmt = tl_store_prepare (store, "DELETE FROM annotations WHERE id = ? AND match_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, remove->id);
  sqlite3_bind_int64 (stmt, 2, remove->match_id);
  return tl_store_exec_stmt (store, stmt, error);
}

static int
compare_order (TlAnnotation *a,
               TlAnnotation *b)
{
  int za = tl_annotation_get_z_order (a), zb = tl_annotation_get_z_order (b);
  gint64 ia = tl_annotation_get_id (a), ib = tl_annotation_get_id (b);

  if (za != zb)
    return za < zb ? -1 : 1;
  return ia < ib ? -1 : ia > ib;
}

static guint
sorted_position (TlMatchAnnotations *self,
                 TlAnnotation       *annotation)
{
  guint i;

  for (i = 0; i < self->items->len; i++)
    if (compare_order (annotation, g_ptr_array_index (self->items, i)) < 0)
      break;
  return i;
}

static gboolean
find_position (TlMatchAnnotations *self,
               gint64              id,
               guint              *out_position)
{
  for (guint i = 0; i < self->items->len; i++)
    if (tl_annotation_get_id (g_ptr_array_index (self->items, i)) == id)
      {
        *out_position = i;
        return TRUE;
      }
  return FALSE;
}

/* The three ways the model changes once the store has. */
static void
model_insert (TlMatchAnnotations *self,
              TlAnnotation       *annotation)
{
  guint position = sorted_position (self, annotation);

  g_ptr_array_insert (self->items, (int) position, g_object_ref (annotation));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

static void
model_remove (TlMatchAnnotations *self,
              gint64              id)
{
  guint position;

  if (!find_position (self, id, &position))
    return;
  g_ptr_array_remove_index (self->items, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

static void
model_replace (TlMatchAnnotations *self,
               TlAnnotation       *state)
{
  g_autoptr(TlAnnotation) item = NULL;
  guint position, new_position;

  if (!find_position (self, tl_annotation_get_id (state), &position))
    return;
  /* Keep the object (widgets hold it) and move it when its z-order moved it. */
  item = g_ptr_array_steal_index (self->items, position);
  tl_annotation_assign (item, state);
  new_position = sorted_position (self, item);
  g_ptr_array_insert (self->items, (int) new_position, g_object_ref (item));
  if (new_position == position)
    g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
  else
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
      g_list_model_items_changed (G_LIST_MODEL (self), new_position, 0, 1);
    }
}

static void
notify_history (TlMatchAnnotations *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

static void
record (TlMatchAnnotations *self,
        TlAnnotation       *before,
        TlAnnotation       *after)
{
  Edit *edit = g_new0 (Edit, 1);

  edit->before = before != NULL ? tl_annotation_copy (before) : NULL;
  edit->after = after != NULL ? tl_annotation_copy (after) : NULL;
  g_ptr_array_add (self->undo, edit);
  if (self->undo->len > MAX_UNDO)
    g_ptr_array_remove_index (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
  notify_history (self);
}

/* Moves the drawing from state @from to state @to (either NULL: absent), store first. */
static gboolean
apply_state (TlMatchAnnotations  *self,
             TlAnnotation        *from,
             TlAnnotation        *to,
             GError             **error)
{
  TlStore *store = tl_library_get_store (self->library);

  if (to == NULL)
    {
      Remove remove = { tl_annotation_get_id (from), self->match_id };

      if (!tl_store_write (store, remove_in_transaction, &remove, error))
        return FALSE;
      model_remove (self, remove.id);
    }
  else
    {
      Put put = { to, from == NULL, 0 };

      if (!tl_store_write (store, put_in_transaction, &put, error))
        return FALSE;
      if (from == NULL)
        {
          g_autoptr(TlAnnotation) item = tl_annotation_copy (to);

          model_insert (self, item);
        }
      else
        model_replace (self, to);
    }
  return TRUE;
}

TlMatchAnnotations *
tl_match_annotations_new (TlLibrary  *library,
                          gint64      match_id,
                          GError    **error)
{
  g_autoptr(TlMatchAnnotations) self = NULL;
  g_autoptr(GPtrArray) items = NULL;

  g_return_val_if_fail (TL_IS_LIBRARY (library), NULL);

  if (tl_library_lookup_match (library, match_id) == NULL)
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_NO_SUCH_MATCH,
                   _("No match %" PRId64 " in the library"), match_id);
      return NULL;
    }
  items = tl_annotations_load (tl_library_get_store (library), match_id, error);
  if (items == NULL)
    return NULL;

  self = g_object_new (TL_TYPE_MATCH_ANNOTATIONS, NULL);
  self->library = g_object_ref (library);
  self->match_id = match_id;
  g_ptr_array_extend_and_steal (self->items, g_steal_pointer (&items));
  return g_steal_pointer (&self);
}

TlLibrary *
tl_match_annotations_get_library (TlMatchAnnotations *self)
{
  g_return_val_if_fail (TL_IS_MATCH_ANNOTATIONS (self), NULL);
  return self->library;
}

gint64
tl_match_annotations_get_match_id (TlMatchAnnotations *self)
{
  g_return_val_if_fail (TL_IS_MATCH_ANNOTATIONS (self), 0);
  return self->match_id;
}

TlAnnotation *
tl_match_annotations_lookup (TlMatchAnnotations *self,
                             gint64              id)
{
  guint position;

  g_return_val_if_fail (TL_IS_MATCH_ANNOTATIONS (self), NULL);

  if (!find_position (self, id, &position))
    return NULL;
  return g_ptr_array_index (self->items, position);
}

gboolean
tl_match_annotations_add (TlMatchAnnotations  *self,
                          TlAnnotation        *annotation,
                          GError             **error)
{
  TlStore *store;
  Put put = { annotation, TRUE, 0 };
  int z = 0;

  g_return_val_if_fail (TL_IS_MATCH_ANNOTATIONS (self), FALSE);
  g_return_val_if_fail (TL_IS_ANNOTATION (annotation), FALSE);
  g_return_val_if_fail (tl_annotation_get_id (annotation) == 0, FALSE);

  if (!tl_annotation_validate (annotation, error))
    return FALSE;

  for (guint i = 0; i < self->items->len; i++)
    z = MAX (z, tl_annotation_get_z_order (g_ptr_array_index (self->items, i)) + 1);
  tl_annotation_set_match_id (annotation, self->match_id);
  tl_annotation_set_z_order (annotation, z);

  store = tl_library_get_store (self->library);
  if (!tl_store_write (store, put_in_transaction, &put, error))
    return FALSE;
  tl_annotation_set_id (annotation, put.new_id);
  model_insert (self, annotation);
  record (self, NULL, annotation);
  return TRUE;
}

gboolean
tl_match_annotations_update (TlMatchAnnotations  *self,
                             TlAnnotation        *edited,
                             GError             **error)
{
  g_autoptr(TlAnnotation) before = NULL;
  TlAnnotation *item;

  g_return_val_if_fail (TL_IS_MATCH_ANNOTATIONS (self), FALSE);
  g_return_val_if_fail (TL_IS_ANNOTATION (edited), FALSE);

  item = tl_match_annotations_lookup (self, tl_annotation_get_id (edited));
  if (item == NULL)
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   _("Drawing %" PRId64 " is not a drawing of this match"),
                   tl_annotation_get_id (edited));
      return FALSE;
    }
  if (!tl_annotation_validate (edited, error))
    return FALSE;

  tl_annotation_set_match_id (edited, self->match_id);
  before = tl_annotation_copy (item);
  if (!apply_state (self, before, edited, error))
    return FALSE;
  record (self, before, edited);
  return TRUE;
}

gboolean
tl_match_annotations_delete (TlMatchAnnotations  *self,
                             gint64               id,
                             GError             **error)
{
  g_autoptr(TlAnnotation) before = NULL;
  TlAnnotation *item;

  g_return_val_if_fail (TL_IS_MATCH_ANNOTATIONS (self), FALSE);

  item = tl_match_annotations_lookup (self, id);
  if (item == NULL)
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   _("Drawing %" PRId64 " is not a drawing of this match"), id);
      return FALSE;
    }
  before = tl_annotation_copy (item);
  if (!apply_state (self, before, NULL, error))
    return FALSE;
  record (self, before, NULL);
  return TRUE;
}

gboolean
tl_match_annotations_can_undo (TlMatchAnnotations *self)
{
  g_return_val_if_fail (TL_IS_MATCH_ANNOTATIONS (self), FALSE);
  return self->undo->len > 0;
}

gboolean
tl_match_annotations_can_redo (TlMatchAnnotations *self)
{
  g_return_val_if_fail (TL_IS_MATCH_ANNOTATIONS (self), FALSE);
  return self->redo->len > 0;
}

/* Takes the last edit of @from, applies it backwards (undo) or forwards (redo), and moves it to
 * @to. A failed write leaves both stacks as they were. */
static gboolean
replay (TlMatchAnnotations  *self,
        GPtrArray           *from,
        GPtrArray           *to,
        gboolean             backwards,
        GError             **error)
{
  Edit *edit;

  if (from->len == 0)
    return TRUE;
  edit = g_ptr_array_index (from, from->len - 1);
  if (backwards ? !apply_state (self, edit->after, edit->before, error)
                : !apply_state (self, edit->before, edit->after, error))
    return FALSE;
  g_ptr_array_add (to, g_ptr_array_steal_index (from, from->len - 1));
  notify_history (self);
  return TRUE;
}

gboolean
tl_match_annotations_undo (TlMatchAnnotations  *self,
                           GError             **error)
{
  g_return_val_if_fail (TL_IS_MATCH_ANNOTATIONS (self), FALSE);
  return replay (self, self->undo, self->redo, TRUE, error);
}

gboolean
tl_match_annotations_redo (TlMatchAnnotations  *self,
                           GError             **error)
{
  g_return_val_if_fail (TL_IS_MATCH_ANNOTATIONS (self), FALSE);
  return replay (self, self->redo, self->undo, FALSE, error);
}

TlAnnotation *
tl_match_annotations_find_freeze (TlMatchAnnotations *self,
                                  gint64              from_ns,
                                  gint64              to_ns)
{
  TlAnnotation *best = NULL;

  g_return_val_if_fail (TL_IS_MATCH_ANNOTATIONS (self), NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      TlAnnotation *a = g_ptr_array_index (self->items, i);
      gint64 start = tl_annotation_get_start (a);

      if (tl_annotation_get_freeze (a) > 0 && start > from_ns && start <= to_ns
          && (best == NULL || start < tl_annotation_get_start (best)))
        best = a;
    }
  return best;
}

static GType
get_item_type (GListModel *model)
{
  return TL_TYPE_ANNOTATION;
}

static guint
get_n_items (GListModel *model)
{
  return TL_MATCH_ANNOTATIONS (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  TlMatchAnnotations *self = TL_MATCH_ANNOTATIONS (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
tl_match_annotations_finalize (GObject *object)
{
  TlMatchAnnotations *self = (TlMatchAnnotations *) object;

  g_clear_object (&self->library);
  g_ptr_array_unref (self->items);
  g_ptr_array_unref (self->undo);
  g_ptr_array_unref (self->redo);

  G_OBJECT_CLASS (tl_match_annotations_parent_class)->finalize (object);
}

static void
tl_match_annotations_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TlMatchAnnotations *self = TL_MATCH_ANNOTATIONS (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, tl_match_annotations_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, tl_match_annotations_can_redo (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_match_annotations_class_init (TlMatchAnnotationsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tl_match_annotations_finalize;
  object_class->get_property = tl_match_annotations_get_property;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_match_annotations_init (TlMatchAnnotations *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->undo = g_ptr_array_new_with_free_func (edit_free);
  self->redo = g_ptr_array_new_with_free_func (edit_free);
}
