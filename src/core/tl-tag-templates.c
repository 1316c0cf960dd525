/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-tag-templates.c: the library's tag templates in the store, the default football board. */
#include "config.h"

#include <glib/gi18n.h>

#include "tl-error.h"
#include "tl-tag-templates.h"

#define S(seconds) ((gint64) (seconds) * G_GINT64_CONSTANT (1000000000))

struct _TlTagTemplates
{
  GObject     parent_instance;

  TlStore    *store;
  GListStore *templates;   /* of TlTagTemplate, by name */
};

G_DEFINE_FINAL_TYPE (TlTagTemplates, tl_tag_templates, G_TYPE_OBJECT)

/* A default code: name, colour, hotkey, lead and lag in seconds, toggle. Every one of them is
 * tagged for a team. */
typedef struct
{
  const char *name;
  const char *color;
  const char *hotkey;
  int         lead_s;
  int         lag_s;
  gboolean    toggle;
} DefaultCode;

static const DefaultCode football_codes[] = {
  { N_("Goal"),            "#e01b24", "g", 15, 10, FALSE },
  { N_("Shot on target"),  "#ff7800", "s", 10, 5,  FALSE },
  { N_("Shot off target"), "#ffa348", "d", 10, 5,  FALSE },
  { N_("Corner"),          "#3584e4", "c", 5,  15, FALSE },
  { N_("Free kick"),       "#1c71d8", "e", 5,  15, FALSE },
  { N_("Throw-in"),        "#99c1f1", "t", 3,  8,  FALSE },
  { N_("Foul"),            "#9141ac", "x", 5,  5,  FALSE },
  { N_("Yellow card"),     "#f6d32d", "y", 10, 5,  FALSE },
  { N_("Red card"),        "#a51d2d", "r", 10, 5,  FALSE },
  { N_("Offside"),         "#c061cb", "o", 8,  3,  FALSE },
  { N_("Substitution"),    "#77767b", "u", 3,  10, FALSE },
  { N_("Turnover"),        "#e5a50a", "a", 5,  5,  FALSE },
  { N_("Press"),           "#2ec27e", "p", 3,  5,  FALSE },
  { N_("Transition"),      "#26a269", "n", 2,  2,  TRUE },
  { N_("Build-up"),        "#1a5fb4", "b", 2,  2,  TRUE },
};

static TlLabelGroup *
add_group (TlTagTemplate *template_,
           const char    *name,
           gboolean       exclusive)
{
  g_autoptr(TlLabelGroup) group = tl_label_group_new (name, exclusive);

  tl_tag_template_add_label_group (template_, group, -1);
  return group;   /* the template keeps it */
}

static void
add_label (TlLabelGroup *group,
           const char   *name,
           const char   *hotkey)
{
  g_autoptr(TlLabel) label = tl_label_new (name, hotkey);

  tl_label_group_add_label (group, label, -1);
}

TlTagTemplate *
tl_tag_template_new_football (void)
{
  TlTagTemplate *template_ = tl_tag_template_new (_("Football"));
  TlLabelGroup *group;

  tl_tag_template_set_is_default (template_, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (football_codes); i++)
    {
      const DefaultCode *d = &football_codes[i];
      g_autoptr(TlTagCode) code = tl_tag_code_new (_(d->name), d->color, d->hotkey,
                                                   S (d->lead_s), S (d->lag_s));

      tl_tag_code_set_team_bound (code, TRUE);
      tl_tag_code_set_toggle (code, d->toggle);
      tl_tag_template_add_code (template_, code, -1);
    }

  group = add_group (template_, _("Outcome"), TRUE);
  add_label (group, _("Won"), "w");
  add_label (group, _("Lost"), "z");
  add_label (group, _("Neutral"), NULL);

  /* Zones 1-18: the pitch in six columns of three lanes, numbered from the own goal. Number
   * keys pick 1-9, Shift+number 10-18. */
  group = add_group (template_, _("Zone"), TRUE);
  for (int zone = 1; zone <= 18; zone++)
    {
      g_autofree char *name = g_strdup_printf ("%d", zone);
      g_autofree char *hotkey = zone <= 9 ? g_strdup_printf ("%d", zone)
                                          : g_strdup_printf ("<Shift>%d", zone - 9);

      add_label (group, name, hotkey);
    }

  group = add_group (template_, _("Body part"), TRUE);
  add_label (group, _("Right foot"), "<Shift>r");
  add_label (group, _("Left foot"), "<Shift>l");
  add_label (group, _("Head"), "<Shift>h");
  add_label (group, _("Other"), NULL);

  group = add_group (template_, _("Phase"), TRUE);
  add_label (group, _("Open play"), NULL);
  add_label (group, _("Set piece"), NULL);
  add_label (group, _("Counter-attack"), NULL);

  return template_;
}

/* Loading */

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static gint64 *
id_key (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

static gboolean
load_templates (TlStore   *store,
                gpointer   user_data,
                GError   **error)
{
  GPtrArray *templates = user_data;
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                        NULL);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = tl_store_prepare (store, "SELECT id, name, is_default FROM tag_templates"
                                 " ORDER BY name COLLATE NOCASE, id", error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TlTagTemplate *template_ = tl_tag_template_new (column_text (stmt, 1));

      tl_tag_template_set_id (template_, sqlite3_column_int64 (stmt, 0));
      tl_tag_template_set_is_default (template_, sqlite3_column_int (stmt, 2) != 0);
      g_ptr_array_add (templates, template_);
      g_hash_table_insert (by_id, id_key (tl_tag_template_get_id (template_)), template_);
    }
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);

  if (!(stmt = tl_store_prepare (store, "SELECT id, template_id, name, color, hotkey, lead_ns,"
                                 " lag_ns, team_bound, toggle FROM tag_codes"
                                 " ORDER BY template_id, position, id", error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 template_id = sqlite3_column_int64 (stmt, 1);
      TlTagTemplate *template_ = g_hash_table_lookup (by_id, &template_id);
      g_autoptr(TlTagCode) code = NULL;

      if (template_ == NULL)
        continue;
      code = tl_tag_code_new (column_text (stmt, 2), column_text (stmt, 3), column_text (stmt, 4),
                              sqlite3_column_int64 (stmt, 5), sqlite3_column_int64 (stmt, 6));
      tl_tag_code_set_id (code, sqlite3_column_int64 (stmt, 0));
      tl_tag_code_set_team_bound (code, sqlite3_column_int (stmt, 7) != 0);
      tl_tag_code_set_toggle (code, sqlite3_column_int (stmt, 8) != 0);
      tl_tag_template_add_code (template_, code, -1);
    }
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);

  if (!(stmt = tl_store_prepare (store, "SELECT id, template_id, name, exclusive"
                                 " FROM label_groups ORDER BY template_id, position, id", error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 template_id = sqlite3_column_int64 (stmt, 1);
      TlTagTemplate *template_ = g_hash_table_lookup (by_id, &template_id);
      g_autoptr(TlLabelGroup) group = NULL;

      if (template_ == NULL)
        continue;
      group = tl_label_group_new (column_text (stmt, 2), sqlite3_column_int (stmt, 3) != 0);
      tl_label_group_set_id (group, sqlite3_column_int64 (stmt, 0));
      tl_tag_template_add_label_group (template_, group, -1);
      g_hash_table_insert (groups, id_key (tl_label_group_get_id (group)), group);
    }
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);

  if (!(stmt = tl_store_prepare (store, "SELECT id, group_id, name, hotkey FROM labels"
                                 " ORDER BY group_id, position, id", error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 group_id = sqlite3_column_int64 (stmt, 1);
      TlLabelGroup *group = g_hash_table_lookup (groups, &group_id);
      g_autoptr(TlLabel) label = NULL;

      if (group == NULL)
        continue;
      label = tl_label_new (column_text (stmt, 2), column_text (stmt, 3));
      tl_label_set_id (label, sqlite3_column_int64 (stmt, 0));
      tl_label_group_add_label (group, label, -1);
    }
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);

  return TRUE;
}

/* Saving: every row of the template is written inside one transaction. New rows' ids are
 * collected and given to the objects only once the transaction committed. */

typedef struct
{
  GObject *object;
  gint64   id;
} NewId;

typedef struct
{
  TlTagTemplate *template_;
  GArray        *new_ids;    /* of NewId */
  gint64         template_id;
} SaveTemplate;

static gint64
object_id (SaveTemplate *save,
           GObject      *object,
           gint64        stored_id)
{
  for (guint i = 0; i < save->new_ids->len; i++)
    if (g_array_index (save->new_ids, NewId, i).object == object)
      return g_array_index (save->new_ids, NewId, i).id;
  return stored_id;
}

static void
remember_id (SaveTemplate *save,
             gpointer      object,
             gint64        id)
{
  NewId new_id = { object, id };

  g_array_append_val (save->new_ids, new_id);
}

static gboolean
bind_and_run (TlStore       *store,
              sqlite3_stmt  *stmt,
              GError       **error)
{
  return stmt != NULL && tl_store_exec_stmt (store, stmt, error);
}

/* Deletes the rows of @table under @parent_column = @parent_id whose id is not in @keep. */
static gboolean
delete_others (TlStore     *store,
               const char  *table,
               const char  *parent_column,
               gint64       parent_id,
               GArray      *keep,
               GError     **error)
{
  g_autofree char *select = g_strdup_printf ("SELECT id FROM %s WHERE %s = ?1", table,
                                             parent_column);
  g_autofree char *delete = g_strdup_printf ("DELETE FROM %s WHERE id = ?1", table);
  g_autoptr(GArray) gone = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = tl_store_prepare (store, select, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, parent_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gboolean kept = FALSE;

      for (guint i = 0; i < keep->len && !kept; i++)
        kept = g_array_index (keep, gint64, i) == id;
      if (!kept)
        g_array_append_val (gone, id);
    }
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);

  for (guint i = 0; i < gone->len; i++)
    {
      if (!(stmt = tl_store_prepare (store, delete, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, g_array_index (gone, gint64, i));
      if (!tl_store_exec_stmt (store, stmt, error))
        return FALSE;
    }

  /* Names are unique per parent: park the kept rows' names so that a swap of two names
   * cannot collide half-way. */
  for (guint i = 0; i < keep->len; i++)
    {
      g_autofree char *park = g_strdup_printf ("UPDATE %s SET name = '\x01' || id WHERE id = ?1",
                                               table);

      if (!(stmt = tl_store_prepare (store, park, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, g_array_index (keep, gint64, i));
      if (!tl_store_exec_stmt (store, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* The ids among @model's objects that belong to rows of @table under @parent_id (an object
 * copied from another template has an id that is not ours: it is inserted anew). */
static GArray *
kept_ids (TlStore     *store,
          GListModel  *model,
          const char  *table,
          const char  *parent_column,
          gint64       parent_id,
          GError     **error)
{
  g_autoptr(GArray) keep = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ?1 AND %s = ?2", table,
                                          parent_column);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) object = g_list_model_get_item (model, i);
      gint64 id = 0;
      sqlite3_stmt *stmt;
      int rc;

      g_object_get (object, "id", &id, NULL);
      if (id == 0 || parent_id == 0)
        continue;
      if (!(stmt = tl_store_prepare (store, sql, error)))
        return NULL;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, parent_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        g_array_append_val (keep, id);
      else if (rc != SQLITE_DONE)
        return (tl_store_set_error (store, rc, error), NULL);
    }

  return g_steal_pointer (&keep);
}

static gboolean
array_has (GArray *array,
           gint64  id)
{
  for (guint i = 0; i < array->len; i++)
    if (g_array_index (array, gint64, i) == id)
      return TRUE;
  return FALSE;
}

static gboolean
save_labels (TlStore       *store,
             SaveTemplate  *save,
             TlLabelGroup  *group,
             gint64         group_id,
             gboolean       group_is_new,
             GError       **error)
{
  GListModel *labels = tl_label_group_get_labels (group);
  g_autoptr(GArray) keep = kept_ids (store, labels, "labels", "group_id",
                                     group_is_new ? 0 : group_id, error);
  guint n = g_list_model_get_n_items (labels);

  if (keep == NULL || !delete_others (store, "labels", "group_id", group_id, keep, error))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TlLabel) label = g_list_model_get_item (labels, i);
      gboolean update = array_has (keep, tl_label_get_id (label));
      sqlite3_stmt *stmt;

      stmt = tl_store_prepare (store, update
                               ? "UPDATE labels SET group_id = ?1, name = ?2, hotkey = ?3,"
                                 " position = ?4 WHERE id = ?5"
                               : "INSERT INTO labels (group_id, name, hotkey, position)"
                                 " VALUES (?1, ?2, ?3, ?4)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, group_id);
      sqlite3_bind_text (stmt, 2, tl_label_get_name (label), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, tl_label_get_hotkey (label), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 4, (int) i);
      if (update)
        sqlite3_bind_int64 (stmt, 5, tl_label_get_id (label));
      if (!bind_and_run (store, stmt, error))
        return FALSE;
      if (!update)
        remember_id (save, label, tl_store_last_insert_rowid (store));
    }
  return TRUE;
}

static gboolean
save_template (TlStore   *store,
               gpointer   user_data,
               GError   **error)
{
  SaveTemplate *save = user_data;
  TlTagTemplate *template_ = save->template_;
  GListModel *codes = tl_tag_template_get_codes (template_);
  GListModel *groups = tl_tag_template_get_label_groups (template_);
  gint64 id = tl_tag_template_get_id (template_);
  gboolean is_new = id == 0;
  g_autoptr(GArray) keep = NULL;
  sqlite3_stmt *stmt;

  stmt = tl_store_prepare (store, is_new
                           ? "INSERT INTO tag_templates (name, is_default) VALUES (?1, ?2)"
                           : "UPDATE tag_templates SET name = ?1, is_default = ?2,"
                             " modified_at = unixepoch() WHERE id = ?3", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, tl_tag_template_get_name (template_), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, tl_tag_template_get_is_default (template_));
  if (!is_new)
    sqlite3_bind_int64 (stmt, 3, id);
  if (!bind_and_run (store, stmt, error))
    return FALSE;
  if (is_new)
    {
      id = tl_store_last_insert_rowid (store);
      remember_id (save, template_, id);
    }
  else if (tl_store_changes (store) != 1)
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   _("Template “%s” is no longer in the library"),
                   tl_tag_template_get_name (template_));
      return FALSE;
    }
  save->template_id = id;

  if (tl_tag_template_get_is_default (template_))
    {
      if (!(stmt = tl_store_prepare (store, "UPDATE tag_templates SET is_default = 0"
                                     " WHERE id != ?1", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      if (!tl_store_exec_stmt (store, stmt, error))
        return FALSE;
    }

  keep = kept_ids (store, codes, "tag_codes", "template_id", is_new ? 0 : id, error);
  if (keep == NULL || !delete_others (store, "tag_codes", "template_id", id, keep, error))
    return FALSE;
  for (guint i = 0, n = g_list_model_get_n_items (codes); i < n; i++)
    {
      g_autoptr(TlTagCode) code = g_list_model_get_item (codes, i);
      gboolean update = array_has (keep, tl_tag_code_get_id (code));

      stmt = tl_store_prepare (store, update
                               ? "UPDATE tag_codes SET template_id = ?1, name = ?2, color = ?3,"
                                 " hotkey = ?4, lead_ns = ?5, lag_ns = ?6, team_bound = ?7,"
                                 " toggle = ?8, position = ?9 WHERE id = ?10"
                               : "INSERT INTO tag_codes (template_id, name, color, hotkey,"
                                 " lead_ns, lag_ns, team_bound, toggle, position)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, tl_tag_code_get_name (code), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, tl_tag_code_get_color (code), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, tl_tag_code_get_hotkey (code), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 5, tl_tag_code_get_lead (code));
      sqlite3_bind_int64 (stmt, 6, tl_tag_code_get_lag (code));
      sqlite3_bind_int (stmt, 7, tl_tag_code_get_team_bound (code));
      sqlite3_bind_int (stmt, 8, tl_tag_code_get_toggle (code));
      sqlite3_bind_int (stmt, 9, (int) i);
      if (update)
        sqlite3_bind_int64 (stmt, 10, tl_tag_code_get_id (code));
      if (!bind_and_run (store, stmt, error))
        return FALSE;
      if (!update)
        remember_id (save, code, tl_store_last_insert_rowid (store));
    }

  g_clear_pointer (&keep, g_array_unref);
  keep = kept_ids (store, groups, "label_groups", "template_id", is_new ? 0 : id, error);
  if (keep == NULL || !delete_others (store, "label_groups", "template_id", id, keep, error))
    return FALSE;
  for (guint i = 0, n = g_list_model_get_n_items (groups); i < n; i++)
    {
      g_autoptr(TlLabelGroup) group = g_list_model_get_item (groups, i);
      gboolean update = array_has (keep, tl_label_group_get_id (group));
      gint64 group_id;

      stmt = tl_store_prepare (store, update
                               ? "UPDATE label_groups SET template_id = ?1, name = ?2,"
                                 " exclusive = ?3, position = ?4 WHERE id = ?5"
                               : "INSERT INTO label_groups (template_id, name, exclusive, position)"
                                 " VALUES (?1, ?2, ?3, ?4)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, tl_label_group_get_name (group), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 3, tl_label_group_get_exclusive (group));
      sqlite3_bind_int (stmt, 4, (int) i);
      if (update)
        sqlite3_bind_int64 (stmt, 5, tl_label_group_get_id (group));
      if (!bind_and_run (store, stmt, error))
        return FALSE;
      if (!update)
        remember_id (save, group, tl_store_last_insert_rowid (store));
      group_id = object_id (save, G_OBJECT (group), tl_label_group_get_id (group));
      if (!save_labels (store, save, group, group_id, !update, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
delete_template (TlStore   *store,
                 gpointer   user_data,
                 GError   **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = tl_store_prepare (store, "DELETE FROM tag_templates WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, *(gint64 *) user_data);
  return tl_store_exec_stmt (store, stmt, error);
}

/* GObject */

static void
tl_tag_templates_finalize (GObject *object)
{
  TlTagTemplates *self = (TlTagTemplates *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->templates);

  G_OBJECT_CLASS (tl_tag_templates_parent_class)->finalize (object);
}

static void
tl_tag_templates_class_init (TlTagTemplatesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tl_tag_templates_finalize;
}

static void
tl_tag_templates_init (TlTagTemplates *self)
{
  self->templates = g_list_store_new (TL_TYPE_TAG_TEMPLATE);
}

static int
compare_by_name (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  g_autofree char *key_a = g_utf8_casefold (tl_tag_template_get_name ((TlTagTemplate *) a), -1);
  g_autofree char *key_b = g_utf8_casefold (tl_tag_template_get_name ((TlTagTemplate *) b), -1);

  return g_utf8_collate (key_a, key_b);
}

TlTagTemplates *
tl_tag_templates_new (TlStore  *store,
                      GError  **error)
{
  g_autoptr(TlTagTemplates) self = NULL;

  g_return_val_if_fail (TL_IS_STORE (store), NULL);

  self = g_object_new (TL_TYPE_TAG_TEMPLATES, NULL);
  self->store = g_object_ref (store);

  if (!tl_tag_templates_reload (self, error))
    return NULL;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->templates)) == 0)
    {
      g_autoptr(TlTagTemplate) football = tl_tag_template_new_football ();

      if (!tl_tag_templates_save (self, football, error))
        return NULL;
    }

  return g_steal_pointer (&self);
}

gboolean
tl_tag_templates_reload (TlTagTemplates  *self,
                         GError         **error)
{
  g_autoptr(GPtrArray) templates = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (TL_IS_TAG_TEMPLATES (self), FALSE);

  if (!tl_store_read (self->store, load_templates, templates, error))
    return FALSE;

  g_list_store_splice (self->templates, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->templates)),
                       templates->pdata, templates->len);
  return TRUE;
}

GListModel *
tl_tag_templates_get_templates (TlTagTemplates *self)
{
  g_return_val_if_fail (TL_IS_TAG_TEMPLATES (self), NULL);

  return G_LIST_MODEL (self->templates);
}

TlTagTemplate *
tl_tag_templates_get_default (TlTagTemplates *self)
{
  GListModel *model;
  TlTagTemplate *first = NULL;

  g_return_val_if_fail (TL_IS_TAG_TEMPLATES (self), NULL);

  model = G_LIST_MODEL (self->templates);
  for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
    {
      g_autoptr(TlTagTemplate) template_ = g_list_model_get_item (model, i);

      if (first == NULL)
        first = template_;
      if (tl_tag_template_get_is_default (template_))
        return template_;   /* the store keeps a reference */
    }
  return first;
}

TlTagTemplate *
tl_tag_templates_lookup (TlTagTemplates *self,
                         gint64          id)
{
  GListModel *model;

  g_return_val_if_fail (TL_IS_TAG_TEMPLATES (self), NULL);

  model = G_LIST_MODEL (self->templates);
  for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
    {
      g_autoptr(TlTagTemplate) template_ = g_list_model_get_item (model, i);

      if (tl_tag_template_get_id (template_) == id)
        return template_;
    }
  return NULL;
}

TlTagTemplate *
tl_tag_templates_lookup_by_name (TlTagTemplates *self,
                                 const char     *name)
{
  GListModel *model;

  g_return_val_if_fail (TL_IS_TAG_TEMPLATES (self), NULL);

  model = G_LIST_MODEL (self->templates);
  for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
    {
      g_autoptr(TlTagTemplate) template_ = g_list_model_get_item (model, i);

      if (g_strcmp0 (tl_tag_template_get_name (template_), name) == 0)
        return template_;
    }
  return NULL;
}

gboolean
tl_tag_templates_save (TlTagTemplates  *self,
                       TlTagTemplate   *template_,
                       GError         **error)
{
  g_autoptr(GArray) new_ids = g_array_new (FALSE, FALSE, sizeof (NewId));
  SaveTemplate save = { template_, new_ids, 0 };
  GListModel *model;
  guint position;

  g_return_val_if_fail (TL_IS_TAG_TEMPLATES (self), FALSE);
  g_return_val_if_fail (TL_IS_TAG_TEMPLATE (template_), FALSE);

  if (!tl_tag_template_validate (template_, error)
      || !tl_store_write (self->store, save_template, &save, error))
    return FALSE;

  for (guint i = 0; i < new_ids->len; i++)
    {
      NewId *new_id = &g_array_index (new_ids, NewId, i);

      g_object_set (new_id->object, "id", new_id->id, NULL);
    }

  model = G_LIST_MODEL (self->templates);
  if (tl_tag_template_get_is_default (template_))
    for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
      {
        g_autoptr(TlTagTemplate) other = g_list_model_get_item (model, i);

        if (other != template_)
          tl_tag_template_set_is_default (other, FALSE);
      }

  /* Keep the list sorted by name after a rename, and add a template seen for the first time. */
  /* The list may hold the only reference: keep one across the move. */
  g_object_ref (template_);
  if (g_list_store_find (self->templates, template_, &position))
    g_list_store_remove (self->templates, position);
  g_list_store_insert_sorted (self->templates, template_, compare_by_name, NULL);
  g_object_unref (template_);
  return TRUE;
}

gboolean
tl_tag_templates_delete (TlTagTemplates  *self,
                         TlTagTemplate   *template_,
                         GError         **error)
{
  gint64 id;
  guint position;

  g_return_val_if_fail (TL_IS_TAG_TEMPLATES (self), FALSE);
  g_return_val_if_fail (TL_IS_TAG_TEMPLATE (template_), FALSE);

  id = tl_tag_template_get_id (template_);
  if (id != 0 && !tl_store_write (self->store, delete_template, &id, error))
    return FALSE;

  if (g_list_store_find (self->templates, template_, &position))
    g_list_store_remove (self->templates, position);
  return TRUE;
}

/* "NAME", else "NAME (2)", "NAME (3)"... whichever is free. */
static char *
free_name (TlTagTemplates *self,
           const char     *name)
{
  if (tl_tag_templates_lookup_by_name (self, name) == NULL)
    return g_strdup (name);

  for (guint i = 2; ; i++)
    {
      g_autofree char *candidate = g_strdup_printf ("%s (%u)", name, i);

      if (tl_tag_templates_lookup_by_name (self, candidate) == NULL)
        return g_steal_pointer (&candidate);
    }
}

TlTagTemplate *
tl_tag_templates_duplicate (TlTagTemplates  *self,
                            TlTagTemplate   *template_,
                            const char      *name,
                            GError         **error)
{
  g_autofree char *copy_name = NULL;
  g_autoptr(TlTagTemplate) copy = NULL;

  g_return_val_if_fail (TL_IS_TAG_TEMPLATES (self), NULL);
  g_return_val_if_fail (TL_IS_TAG_TEMPLATE (template_), NULL);

  if (name == NULL)
    {
      /* TRANSLATORS: the name of a duplicated tag template */
      g_autofree char *base = g_strdup_printf (_("%s (copy)"),
                                               tl_tag_template_get_name (template_));

      copy_name = free_name (self, base);
    }
  else
    copy_name = g_strdup (name);

  copy = tl_tag_template_copy (template_, copy_name);
  if (!tl_tag_templates_save (self, copy, error))
    return NULL;

  return copy;   /* the list keeps it */
}

TlTagTemplate *
tl_tag_templates_import_file (TlTagTemplates  *self,
                              const char      *path,
                              GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(TlTagTemplate) template_ = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (TL_IS_TAG_TEMPLATES (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (!json_parser_load_from_mapped_file (parser, path, &local_error)
      || !(template_ = tl_tag_template_new_from_json (json_parser_get_root (parser),
                                                      &local_error)))
    {
      /* json-glib's own messages already start with the file name. */
      if (g_str_has_prefix (local_error->message, path))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, local_error->domain, local_error->code, "%s: %s", path,
                     local_error->message);
      return NULL;
    }

  name = free_name (self, tl_tag_template_get_name (template_));
  tl_tag_template_set_name (template_, name);
  /* An imported board never takes over as the default behind the user's back. */
  tl_tag_template_set_is_default (template_, FALSE);
  if (!tl_tag_templates_save (self, template_, error))
    return NULL;

  return template_;
}

gboolean
tl_tag_templates_export_file (TlTagTemplates  *self,
                              TlTagTemplate   *template_,
                              const char      *path,
                              GError         **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (TL_IS_TAG_TEMPLATE (template_), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  root = tl_tag_template_to_json (template_);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  /* g_file_set_contents() writes a temporary file and renames it over @path. */
  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
                                 &local_error))
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code), "%s: %s",
                   path, local_error->message);
      return FALSE;
    }
  return TRUE;
}
