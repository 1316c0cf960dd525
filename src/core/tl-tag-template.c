/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-tag-template.c: a code board with its codes and label groups, and its JSON form. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "tl-error.h"
#include "tl-event.h"
#include "tl-tag-template.h"

#define NS_PER_S 1000000000.0
/* Lead and lag longer than this are surely a mistake (seconds vs milliseconds). */
#define MAX_LEAD_LAG_S 3600.0

struct _TlTagTemplate
{
  GObject     parent_instance;

  gint64      id;
  char       *name;
  gboolean    is_default;
  GListStore *codes;
  GListStore *label_groups;
};

G_DEFINE_FINAL_TYPE (TlTagTemplate, tl_tag_template, G_TYPE_OBJECT)

enum { PROP_0, PROP_ID, PROP_NAME, PROP_IS_DEFAULT, N_PROPS };

static GParamSpec *properties[N_PROPS];

static void
tl_tag_template_finalize (GObject *object)
{
  TlTagTemplate *self = (TlTagTemplate *) object;

  g_free (self->name);
  g_clear_object (&self->codes);
  g_clear_object (&self->label_groups);

  G_OBJECT_CLASS (tl_tag_template_parent_class)->finalize (object);
}

static void
tl_tag_template_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TlTagTemplate *self = TL_TAG_TEMPLATE (object);

  switch (prop_id)
    {
    case PROP_ID:         g_value_set_int64 (value, self->id); break;
    case PROP_NAME:       g_value_set_string (value, self->name); break;
    case PROP_IS_DEFAULT: g_value_set_boolean (value, self->is_default); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_tag_template_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TlTagTemplate *self = TL_TAG_TEMPLATE (object);

  switch (prop_id)
    {
    case PROP_ID:         tl_tag_template_set_id (self, g_value_get_int64 (value)); break;
    case PROP_NAME:       tl_tag_template_set_name (self, g_value_get_string (value)); break;
    case PROP_IS_DEFAULT: tl_tag_template_set_is_default (self, g_value_get_boolean (value));
                          break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_tag_template_class_init (TlTagTemplateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tl_tag_template_finalize;
  object_class->get_property = tl_tag_template_get_property;
  object_class->set_property = tl_tag_template_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_IS_DEFAULT] = g_param_spec_boolean ("is-default", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_tag_template_init (TlTagTemplate *self)
{
  self->name = g_strdup ("");
  self->codes = g_list_store_new (TL_TYPE_TAG_CODE);
  self->label_groups = g_list_store_new (TL_TYPE_LABEL_GROUP);
}

TlTagTemplate *
tl_tag_template_new (const char *name)
{
  TlTagTemplate *self = g_object_new (TL_TYPE_TAG_TEMPLATE, NULL);

  tl_tag_template_set_name (self, name);
  return self;
}

TlTagTemplate *
tl_tag_template_copy (TlTagTemplate *self,
                      const char    *name)
{
  TlTagTemplate *copy;
  guint n;

  g_return_val_if_fail (TL_IS_TAG_TEMPLATE (self), NULL);

  copy = tl_tag_template_new (name != NULL ? name : self->name);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->codes));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TlTagCode) code = g_list_model_get_item (G_LIST_MODEL (self->codes), i);
      g_autoptr(TlTagCode) code_copy = tl_tag_code_copy (code);

      g_list_store_append (copy->codes, code_copy);
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (self->label_groups));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TlLabelGroup) group = g_list_model_get_item (G_LIST_MODEL (self->label_groups), i);
      g_autoptr(TlLabelGroup) group_copy = tl_label_group_copy (group);

      g_list_store_append (copy->label_groups, group_copy);
    }
  return copy;
}

gint64
tl_tag_template_get_id (TlTagTemplate *self)
{
  g_return_val_if_fail (TL_IS_TAG_TEMPLATE (self), 0);
  return self->id;
}

void
tl_tag_template_set_id (TlTagTemplate *self,
                        gint64         id)
{
  g_return_if_fail (TL_IS_TAG_TEMPLATE (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
tl_tag_template_get_name (TlTagTemplate *self)
{
  g_return_val_if_fail (TL_IS_TAG_TEMPLATE (self), NULL);
  return self->name;
}

void
tl_tag_template_set_name (TlTagTemplate *self,
                          const char    *name)
{
  g_return_if_fail (TL_IS_TAG_TEMPLATE (self));

  if (name == NULL)
    name = "";
  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

gboolean
tl_tag_template_get_is_default (TlTagTemplate *self)
{
  g_return_val_if_fail (TL_IS_TAG_TEMPLATE (self), FALSE);
  return self->is_default;
}

void
tl_tag_template_set_is_default (TlTagTemplate *self,
                                gboolean       is_default)
{
  g_return_if_fail (TL_IS_TAG_TEMPLATE (self));

  is_default = !!is_default;
  if (self->is_default == is_default)
    return;
  self->is_default = is_default;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_DEFAULT]);
}

GListModel *
tl_tag_template_get_codes (TlTagTemplate *self)
{
  g_return_val_if_fail (TL_IS_TAG_TEMPLATE (self), NULL);
  return G_LIST_MODEL (self->codes);
}

GListModel *
tl_tag_template_get_label_groups (TlTagTemplate *self)
{
  g_return_val_if_fail (TL_IS_TAG_TEMPLATE (self), NULL);
  return G_LIST_MODEL (self->label_groups);
}

static void
store_insert (GListStore *store,
              gpointer    item,
              int         position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  g_list_store_insert (store, position < 0 || (guint) position > n ? n : (guint) position, item);
}

static void
store_remove (GListStore *store,
              gpointer    item)
{
  guint position;

  if (g_list_store_find (store, item, &position))
    g_list_store_remove (store, position);
}

void
tl_tag_template_add_code (TlTagTemplate *self,
                          TlTagCode     *code,
                          int            position)
{
  g_return_if_fail (TL_IS_TAG_TEMPLATE (self));
  g_return_if_fail (TL_IS_TAG_CODE (code));
  store_insert (self->codes, code, position);
}

void
tl_tag_template_remove_code (TlTagTemplate *self,
                             TlTagCode     *code)
{
  g_return_if_fail (TL_IS_TAG_TEMPLATE (self));
  store_remove (self->codes, code);
}

void
tl_tag_template_add_label_group (TlTagTemplate *self,
                                 TlLabelGroup  *group,
                                 int            position)
{
  g_return_if_fail (TL_IS_TAG_TEMPLATE (self));
  g_return_if_fail (TL_IS_LABEL_GROUP (group));
  store_insert (self->label_groups, group, position);
}

void
tl_tag_template_remove_label_group (TlTagTemplate *self,
                                    TlLabelGroup  *group)
{
  g_return_if_fail (TL_IS_TAG_TEMPLATE (self));
  store_remove (self->label_groups, group);
}

/* The items of a store keep it alive: returning borrowed pointers is safe while they stay. */
#define FOR_EACH_ITEM(store, type, var) \
  for (guint var##_i = 0, var##_n = g_list_model_get_n_items (G_LIST_MODEL (store)); \
       var##_i < var##_n; var##_i++) \
    for (type *var = g_list_model_get_item (G_LIST_MODEL (store), var##_i); var != NULL; \
         g_object_unref (var), var = NULL)

TlTagCode *
tl_tag_template_find_code (TlTagTemplate *self,
                           const char    *name)
{
  TlTagCode *found = NULL;

  g_return_val_if_fail (TL_IS_TAG_TEMPLATE (self), NULL);

  FOR_EACH_ITEM (self->codes, TlTagCode, code)
    if (found == NULL && g_strcmp0 (tl_tag_code_get_name (code), name) == 0)
      found = code;
  return found;
}

TlTagCode *
tl_tag_template_find_code_by_hotkey (TlTagTemplate *self,
                                     const char    *hotkey)
{
  TlTagCode *found = NULL;

  g_return_val_if_fail (TL_IS_TAG_TEMPLATE (self), NULL);

  if (hotkey == NULL)
    return NULL;
  FOR_EACH_ITEM (self->codes, TlTagCode, code)
    if (found == NULL && g_strcmp0 (tl_tag_code_get_hotkey (code), hotkey) == 0)
      found = code;
  return found;
}

TlLabelGroup *
tl_tag_template_find_label_group (TlTagTemplate *self,
                                  const char    *name)
{
  TlLabelGroup *found = NULL;

  g_return_val_if_fail (TL_IS_TAG_TEMPLATE (self), NULL);

  FOR_EACH_ITEM (self->label_groups, TlLabelGroup, group)
    if (found == NULL && g_strcmp0 (tl_label_group_get_name (group), name) == 0)
      found = group;
  return found;
}

TlLabel *
tl_tag_template_find_label_by_hotkey (TlTagTemplate  *self,
                                      const char     *hotkey,
                                      TlLabelGroup  **out_group)
{
  TlLabel *found = NULL;

  g_return_val_if_fail (TL_IS_TAG_TEMPLATE (self), NULL);

  if (out_group != NULL)
    *out_group = NULL;
  if (hotkey == NULL)
    return NULL;

  FOR_EACH_ITEM (self->label_groups, TlLabelGroup, group)
    FOR_EACH_ITEM (tl_label_group_get_labels (group), TlLabel, label)
      if (found == NULL && g_strcmp0 (tl_label_get_hotkey (label), hotkey) == 0)
        {
          found = label;
          if (out_group != NULL)
            *out_group = group;
        }
  return found;
}

gboolean
tl_tag_template_is_exclusive_group (TlTagTemplate *self,
                                    const char    *group)
{
  TlLabelGroup *found = tl_tag_template_find_label_group (self, group);

  return found != NULL && tl_label_group_get_exclusive (found);
}

/* g_set_error() that yields FALSE, for `return invalid (...)`. */
#define invalid(error, ...) \
  (g_set_error ((error), TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID, __VA_ARGS__), FALSE)
#define bad_json(error, ...) \
  (g_set_error ((error), G_IO_ERROR, G_IO_ERROR_INVALID_DATA, __VA_ARGS__), FALSE)

/* Records @hotkey as taken by @owner; FALSE with an error when something else has it. */
static gboolean
claim_hotkey (GHashTable  *hotkeys,
              const char  *hotkey,
              const char  *owner,
              GError     **error)
{
  const char *other;

  if (hotkey == NULL)
    return TRUE;
  if ((other = g_hash_table_lookup (hotkeys, hotkey)) != NULL)
    return invalid (error, _("The hotkey %s is used by both “%s” and “%s”"), hotkey, other,
                    owner);

  g_hash_table_insert (hotkeys, (gpointer) hotkey, (gpointer) owner);
  return TRUE;
}

gboolean
tl_tag_template_validate (TlTagTemplate  *self,
                          GError        **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) hotkeys = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean ok = TRUE;

  g_return_val_if_fail (TL_IS_TAG_TEMPLATE (self), FALSE);

  {
    g_autofree char *stripped = g_strstrip (g_strdup (self->name));

    if (*stripped == '\0' || !g_utf8_validate (self->name, -1, NULL))
      return invalid (error, _("A template needs a name"));
  }

  FOR_EACH_ITEM (self->codes, TlTagCode, code)
    {
      const char *name = tl_tag_code_get_name (code);

      if (!ok)
        continue;
      if (*name == '\0' || !g_utf8_validate (name, -1, NULL))
        ok = invalid (error, _("Template “%s” has a code without a name"), self->name);
      else if (!g_hash_table_add (names, (gpointer) name))
        ok = invalid (error, _("Template “%s” has two codes named “%s”"), self->name, name);
      else
        ok = claim_hotkey (hotkeys, tl_tag_code_get_hotkey (code), name, error);
    }
  if (!ok)
    return FALSE;

  g_hash_table_remove_all (names);
  FOR_EACH_ITEM (self->label_groups, TlLabelGroup, group)
    {
      g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);
      const char *name = tl_label_group_get_name (group);

      if (!ok)
        continue;
      if (*name == '\0' || !g_utf8_validate (name, -1, NULL))
        ok = invalid (error, _("Template “%s” has a label group without a name"), self->name);
      else if (strchr (name, ':') != NULL)
        ok = invalid (error, _("Label group “%s”: a group name cannot hold “:”"), name);
      else if (!g_hash_table_add (names, (gpointer) name))
        ok = invalid (error, _("Template “%s” has two label groups named “%s”"),
                      self->name, name);

      FOR_EACH_ITEM (tl_label_group_get_labels (group), TlLabel, label)
        {
          const char *text = tl_label_get_name (label);

          if (!ok)
            continue;
          if (*text == '\0' || !g_utf8_validate (text, -1, NULL))
            ok = invalid (error, _("Label group “%s” has a label without a name"), name);
          else if (!g_hash_table_add (labels, (gpointer) text))
            ok = invalid (error, _("Label group “%s” has two labels “%s”"), name, text);
          else
            ok = claim_hotkey (hotkeys, tl_label_get_hotkey (label), text, error);
        }
    }

  return ok;
}

JsonNode *
tl_tag_template_to_json (TlTagTemplate *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (TL_IS_TAG_TEMPLATE (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "touchline_template");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, self->name);

  json_builder_set_member_name (builder, "codes");
  json_builder_begin_array (builder);
  FOR_EACH_ITEM (self->codes, TlTagCode, code)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, tl_tag_code_get_name (code));
      json_builder_set_member_name (builder, "color");
      json_builder_add_string_value (builder, tl_tag_code_get_color (code));
      json_builder_set_member_name (builder, "hotkey");
      if (tl_tag_code_get_hotkey (code) != NULL)
        json_builder_add_string_value (builder, tl_tag_code_get_hotkey (code));
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "lead_s");
      json_builder_add_double_value (builder, tl_tag_code_get_lead (code) / NS_PER_S);
      json_builder_set_member_name (builder, "lag_s");
      json_builder_add_double_value (builder, tl_tag_code_get_lag (code) / NS_PER_S);
      json_builder_set_member_name (builder, "team_bound");
      json_builder_add_boolean_value (builder, tl_tag_code_get_team_bound (code));
      json_builder_set_member_name (builder, "toggle");
      json_builder_add_boolean_value (builder, tl_tag_code_get_toggle (code));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "label_groups");
  json_builder_begin_array (builder);
  FOR_EACH_ITEM (self->label_groups, TlLabelGroup, group)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, tl_label_group_get_name (group));
      json_builder_set_member_name (builder, "exclusive");
      json_builder_add_boolean_value (builder, tl_label_group_get_exclusive (group));
      json_builder_set_member_name (builder, "labels");
      json_builder_begin_array (builder);
      FOR_EACH_ITEM (tl_label_group_get_labels (group), TlLabel, label)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, tl_label_get_name (label));
          json_builder_set_member_name (builder, "hotkey");
          if (tl_label_get_hotkey (label) != NULL)
            json_builder_add_string_value (builder, tl_label_get_hotkey (label));
          else
            json_builder_add_null_value (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Member @name of @object as a string; NULL (no error) when absent or null and not @required. */
static gboolean
get_string (JsonObject  *object,
            const char  *where,
            const char  *name,
            gboolean     required,
            const char **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return !required || bad_json (error, _("%s: “%s” is missing"), where, name);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return bad_json (error, _("%s: “%s” must be text"), where, name);

  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_boolean (JsonObject  *object,
             const char  *where,
             const char  *name,
             gboolean     fallback,
             gboolean    *out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = fallback;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return bad_json (error, _("%s: “%s” must be true or false"), where, name);

  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_seconds (JsonObject  *object,
             const char  *where,
             const char  *name,
             gint64      *out_ns,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  double seconds;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_DOUBLE
          && json_node_get_value_type (node) != G_TYPE_INT64))
    return bad_json (error, _("%s: “%s” must be a number of seconds"), where, name);

  seconds = json_node_get_double (node);
  if (!isfinite (seconds) || seconds < 0 || seconds > MAX_LEAD_LAG_S)
    return bad_json (error, _("%s: “%s” must be between 0 and %.0f seconds"), where, name,
                     MAX_LEAD_LAG_S);

  *out_ns = (gint64) llround (seconds * NS_PER_S);
  return TRUE;
}

static JsonArray *
get_array (JsonObject  *object,
           const char  *where,
           const char  *name,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      (void) bad_json (error, _("%s: “%s” must be a list"), where, name);
      return NULL;
    }
  return json_node_get_array (node);
}

static JsonObject *
get_element_object (JsonArray   *array,
                    guint        i,
                    const char  *where,
                    GError     **error)
{
  JsonNode *node = json_array_get_element (array, i);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      (void) bad_json (error, _("%s: item %u must be an object"), where, i + 1);
      return NULL;
    }
  return json_node_get_object (node);
}

static gboolean
parse_code (TlTagTemplate  *self,
            JsonObject     *object,
            guint           i,
            GError        **error)
{
  g_autofree char *where = g_strdup_printf (_("code %u"), i + 1);
  g_autoptr(TlTagCode) code = NULL;
  const char *name, *color, *hotkey;
  gint64 lead_ns = 5 * (gint64) NS_PER_S, lag_ns = 5 * (gint64) NS_PER_S;
  gboolean team_bound, toggle;

  if (!get_string (object, where, "name", TRUE, &name, error)
      || !get_string (object, where, "color", FALSE, &color, error)
      || !get_string (object, where, "hotkey", FALSE, &hotkey, error)
      || !get_seconds (object, where, "lead_s", &lead_ns, error)
      || !get_seconds (object, where, "lag_s", &lag_ns, error)
      || !get_boolean (object, where, "team_bound", FALSE, &team_bound, error)
      || !get_boolean (object, where, "toggle", FALSE, &toggle, error))
    return FALSE;
  if (color != NULL && !tl_color_is_valid (color))
    return bad_json (error, _("%s: “%s” is not a colour (#rrggbb)"), where, color);

  code = tl_tag_code_new (name, color, hotkey, lead_ns, lag_ns);
  tl_tag_code_set_team_bound (code, team_bound);
  tl_tag_code_set_toggle (code, toggle);
  g_list_store_append (self->codes, code);
  return TRUE;
}

static gboolean
parse_label_group (TlTagTemplate  *self,
                   JsonObject     *object,
                   guint           i,
                   GError        **error)
{
  g_autofree char *where = g_strdup_printf (_("label group %u"), i + 1);
  g_autoptr(TlLabelGroup) group = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;
  gboolean exclusive;
  JsonArray *labels;

  if (!get_string (object, where, "name", TRUE, &name, error)
      || !get_boolean (object, where, "exclusive", TRUE, &exclusive, error))
    return FALSE;

  group = tl_label_group_new (name, exclusive);
  labels = get_array (object, where, "labels", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  for (guint j = 0; labels != NULL && j < json_array_get_length (labels); j++)
    {
      JsonNode *node = json_array_get_element (labels, j);
      const char *text, *hotkey = NULL;
      g_autoptr(TlLabel) label = NULL;

      /* A bare string is a label without hotkey. */
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        text = json_node_get_string (node);
      else if (JSON_NODE_HOLDS_OBJECT (node))
        {
          if (!get_string (json_node_get_object (node), where, "name", TRUE, &text, error)
              || !get_string (json_node_get_object (node), where, "hotkey", FALSE, &hotkey,
                              error))
            return FALSE;
        }
      else
        return bad_json (error, _("%s: label %u must be text or an object"), where, j + 1);

      label = tl_label_new (text, hotkey);
      tl_label_group_add_label (group, label, -1);
    }

  g_list_store_append (self->label_groups, group);
  return TRUE;
}

TlTagTemplate *
tl_tag_template_new_from_json (JsonNode  *node,
                               GError   **error)
{
  g_autoptr(TlTagTemplate) self = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  JsonArray *array;
  const char *name;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node)
      || !json_object_has_member ((root = json_node_get_object (node)), "touchline_template"))
    {
      (void) bad_json (error,
                       _("not a Touchline tag template (no “touchline_template” member)"));
      return NULL;
    }
  if (json_object_get_int_member_with_default (root, "touchline_template", 0) != 1)
    {
      (void) bad_json (error,
                       _("a tag template of an unknown version (this Touchline reads version 1)"));
      return NULL;
    }
  if (!get_string (root, _("template"), "name", TRUE, &name, error))
    return NULL;

  self = tl_tag_template_new (name);

  array = get_array (root, _("template"), "codes", &local_error);
  for (guint i = 0; local_error == NULL && array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *object = get_element_object (array, i, _("codes"), &local_error);

      if (object != NULL)
        parse_code (self, object, i, &local_error);
    }
  if (local_error == NULL)
    array = get_array (root, _("template"), "label_groups", &local_error);
  for (guint i = 0; local_error == NULL && array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *object = get_element_object (array, i, _("label groups"), &local_error);

      if (object != NULL)
        parse_label_group (self, object, i, &local_error);
    }
  if (local_error == NULL && !tl_tag_template_validate (self, &local_error))
    {
      /* Same domain for every problem of the file. */
      local_error->domain = G_IO_ERROR;
      local_error->code = G_IO_ERROR_INVALID_DATA;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&self);
}
