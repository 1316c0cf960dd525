/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-event-files.c: events as files: the document, CSV and JSON, loading, saving, importing. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "tl-error.h"
#include "tl-event-files.h"
#include "tl-sportscode.h"

/* A short name: the readers report a lot. */
#define fail tl_event_file_fail

#define NS_PER_S G_GINT64_CONSTANT (1000000000)
/* Ten million seconds (115 days): beyond any video, and far from gint64's limit in ns. */
#define MAX_SECONDS 10000000

static const char * const csv_columns[] = {
  "id", "code", "color", "start_s", "end_s", "lead_s", "lag_s", "team_id", "player_id",
  "labels", "note", "external_id",
};

enum {
  COL_ID, COL_CODE, COL_COLOR, COL_START, COL_END, COL_LEAD, COL_LAG, COL_TEAM, COL_PLAYER,
  COL_LABELS, COL_NOTE, COL_EXTERNAL_ID, N_COLUMNS
};

G_STATIC_ASSERT (G_N_ELEMENTS (csv_columns) == N_COLUMNS);

gboolean
tl_event_format_from_string (const char    *str,
                             TlEventFormat *out_format)
{
  if (g_strcmp0 (str, "sportscode") == 0 || g_strcmp0 (str, "xml") == 0)
    *out_format = TL_EVENT_FORMAT_SPORTSCODE;
  else if (g_strcmp0 (str, "csv") == 0)
    *out_format = TL_EVENT_FORMAT_CSV;
  else if (g_strcmp0 (str, "json") == 0)
    *out_format = TL_EVENT_FORMAT_JSON;
  else
    return FALSE;
  return TRUE;
}

const char *
tl_event_format_to_string (TlEventFormat format)
{
  switch (format)
    {
    case TL_EVENT_FORMAT_CSV:        return "csv";
    case TL_EVENT_FORMAT_JSON:       return "json";
    case TL_EVENT_FORMAT_SPORTSCODE:
    default:                         return "sportscode";
    }
}

gboolean
tl_event_format_guess (const char    *path,
                       TlEventFormat *out_format)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".xml"))
    *out_format = TL_EVENT_FORMAT_SPORTSCODE;
  else if (g_str_has_suffix (lower, ".csv"))
    *out_format = TL_EVENT_FORMAT_CSV;
  else if (g_str_has_suffix (lower, ".json"))
    *out_format = TL_EVENT_FORMAT_JSON;
  else
    return FALSE;
  return TRUE;
}

char *
tl_event_format_seconds (gint64 ns)
{
  gint64 whole = ns / NS_PER_S;
  gint64 fraction = ns % NS_PER_S;
  char buffer[32];
  int end;

  /* Stored times are never negative (the schema checks it). */
  g_return_val_if_fail (ns >= 0, g_strdup ("0"));

  if (fraction == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, whole);

  end = g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT ".%09" G_GINT64_FORMAT, whole,
                    fraction);
  while (end > 0 && buffer[end - 1] == '0')
    buffer[--end] = '\0';
  return g_strdup (buffer);
}

gboolean
tl_event_parse_seconds (const char *text,
                        gint64     *out_ns)
{
  const char *p = text;
  gint64 whole = 0, fraction = 0, scale = NS_PER_S / 10;
  gboolean digits = FALSE;
  char *end = NULL;
  double value;

  if (text == NULL)
    return FALSE;

  /* Plain decimals are read digit by digit, so nanoseconds come back exactly. */
  for (; g_ascii_isdigit (*p); p++, digits = TRUE)
    {
      whole = whole * 10 + (*p - '0');
      if (whole > MAX_SECONDS)
        return FALSE;
    }
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++, digits = TRUE)
      {
        /* Past nanoseconds: round on the tenth digit, ignore the rest. */
        if (scale > 0)
          fraction += (*p - '0') * scale;
        else if (scale == 0 && *p >= '5')
          fraction++;
        scale = scale > 0 ? scale / 10 : -1;
      }
  if (digits && *p == '\0')
    {
      if (fraction >= NS_PER_S)
        whole++, fraction -= NS_PER_S;
      if (whole > MAX_SECONDS)
        return FALSE;
      *out_ns = whole * NS_PER_S + fraction;
      return TRUE;
    }

  /* Exponents ("1e3") go through strtod; hex, "inf" and "nan" never reach it. */
  if (text[strspn (text, "0123456789.eE+-")] != '\0')
    return FALSE;
  errno = 0;
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || errno != 0 || !isfinite (value) || value < 0
      || value > MAX_SECONDS)
    return FALSE;
  *out_ns = (gint64) llround (value * NS_PER_S);
  return TRUE;
}

/* The document */

static void
event_row_free (TlEventRow *row)
{
  g_free (row->code);
  g_free (row->color);
  g_free (row);
}

TlEventDocument *
tl_event_document_new (void)
{
  TlEventDocument *document = g_new0 (TlEventDocument, 1);

  document->events = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_event_info_free);
  document->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) event_row_free);
  return document;
}

void
tl_event_document_free (TlEventDocument *document)
{
  if (document == NULL)
    return;

  g_ptr_array_unref (document->events);
  g_ptr_array_unref (document->rows);
  g_free (document->start_time);
  g_free (document);
}

void
tl_event_document_add_row (TlEventDocument *document,
                           const char      *code,
                           const char      *color)
{
  TlEventRow *row;

  g_return_if_fail (document != NULL);
  g_return_if_fail (code != NULL);

  for (guint i = 0; i < document->rows->len; i++)
    if (g_str_equal (((TlEventRow *) g_ptr_array_index (document->rows, i))->code, code))
      return;

  row = g_new0 (TlEventRow, 1);
  row->code = g_strdup (code);
  row->color = g_strdup (tl_color_is_valid (color) ? color : "#3584e4");
  g_ptr_array_add (document->rows, row);
}

gboolean
tl_event_file_fail (GError    **error,
                    const char *name,
                    long        line,
                    const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (line > 0)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s:%ld: %s", name, line, message);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", name, message);
  return FALSE;
}

/* What every format must give: a code, sane times, valid labels and colour. */
static gboolean
check_event (const TlEventInfo  *info,
             const char         *name,
             long                line,
             const char         *where,
             GError            **error)
{
  const char *prefix = where != NULL ? where : "";
  const char *sep = where != NULL ? ": " : "";

  if (info->code == NULL || *info->code == '\0')
    return fail (error, name, line, _("%s%san event without code"), prefix, sep);
  if (info->end_ns < info->start_ns)
    return fail (error, name, line, _("%s%san event that ends before it starts"), prefix, sep);
  if (!tl_color_is_valid (info->color))
    return fail (error, name, line, _("%s%s“%s” is not a colour (#rrggbb)"), prefix, sep,
                 info->color ? info->color : "");
  for (guint i = 0; info->labels[i] != NULL; i++)
    {
      g_autofree char *group = NULL;
      g_autofree char *text = NULL;

      tl_event_label_split (info->labels[i], &group, &text);
      if (*text == '\0')
        return fail (error, name, line, _("%s%s“%s” is not a label"), prefix, sep,
                     info->labels[i]);
    }
  return TRUE;
}

/* CSV (RFC 4180) */

/* Splits the next record off @p; fields in @fields. Advances *line by the lines it spans. */
static gboolean
csv_next_record (const char  **p,
                 GPtrArray    *fields,
                 long         *line,
                 const char   *name,
                 GError      **error)
{
  GString *field = g_string_new (NULL);
  const char *s = *p;
  long start_line = *line;

  g_ptr_array_set_size (fields, 0);
  for (;;)
    {
      if (*s == '"')
        {
          /* A quoted field: "" is a quote, anything else (commas, line ends) is text. */
          for (s++; ; s++)
            {
              if (*s == '\0')
                {
                  g_string_free (field, TRUE);
                  return fail (error, name, start_line,
                               _("a quoted field that never ends (truncated file?)"));
                }
              if (*s == '"' && s[1] == '"')
                g_string_append_c (field, '"'), s++;
              else if (*s == '"')
                break;
              else
                {
                  if (*s == '\n')
                    (*line)++;
                  g_string_append_c (field, *s);
                }
            }
          s++;
          if (*s != ',' && *s != '\n' && *s != '\r' && *s != '\0')
            {
              g_string_free (field, TRUE);
              return fail (error, name, *line, _("text after a closing quote"));
            }
        }
      else
        for (; *s != ',' && *s != '\n' && *s != '\r' && *s != '\0'; s++)
          {
            if (*s == '"')
              {
                g_string_free (field, TRUE);
                return fail (error, name, *line, _("a quote inside an unquoted field"));
              }
            g_string_append_c (field, *s);
          }

      g_ptr_array_add (fields, g_strdup (field->str));
      g_string_truncate (field, 0);
      if (*s == ',')
        {
          s++;
          continue;
        }
      break;
    }

  if (*s == '\r')
    s++;
  if (*s == '\n')
    s++;
  (*line)++;
  *p = s;
  g_string_free (field, TRUE);
  return TRUE;
}

/* Labels in one CSV field: joined with ';', a ';' or '\' inside a label escaped with '\'. */
static char *
csv_join_labels (char **labels)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; labels[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ';');
      for (const char *c = labels[i]; *c != '\0'; c++)
        {
          if (*c == ';' || *c == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *c);
        }
    }
  return g_string_free (out, FALSE);
}

static char **
csv_split_labels (const char *field)
{
  GPtrArray *labels = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  GString *label = g_string_new (NULL);

  if (*field == '\0')
    {
      g_string_free (label, TRUE);
      return (char **) g_ptr_array_free (labels, FALSE);
    }
  for (const char *c = field; ; c++)
    {
      if (*c == '\\' && c[1] != '\0')
        g_string_append_c (label, *++c);
      else if (*c == ';' || *c == '\0')
        {
          g_ptr_array_add (labels, g_strdup (label->str));
          g_string_truncate (label, 0);
          if (*c == '\0')
            break;
        }
      else
        g_string_append_c (label, *c);
    }
  g_string_free (label, TRUE);
  return (char **) g_ptr_array_free (labels, FALSE);
}

static void
csv_append_field (GString    *out,
                  const char *value)
{
  if (value == NULL)
    return;
  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *c = value; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}

static GBytes *
csv_serialize (TlEventDocument *document)
{
  GString *out = g_string_new (NULL);

  for (guint c = 0; c < N_COLUMNS; c++)
    g_string_append_printf (out, "%s%s", c > 0 ? "," : "", csv_columns[c]);
  g_string_append (out, "\r\n");

  for (guint i = 0; i < document->events->len; i++)
    {
      TlEventInfo *info = g_ptr_array_index (document->events, i);
      char *values[N_COLUMNS] = { NULL, };

      values[COL_ID] = info->id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, info->id) : NULL;
      values[COL_CODE] = g_strdup (info->code);
      values[COL_COLOR] = g_strdup (info->color);
      values[COL_START] = tl_event_format_seconds (info->start_ns);
      values[COL_END] = tl_event_format_seconds (info->end_ns);
      values[COL_LEAD] = tl_event_format_seconds (info->lead_ns);
      values[COL_LAG] = tl_event_format_seconds (info->lag_ns);
      values[COL_TEAM] = info->team_id > 0
                         ? g_strdup_printf ("%" G_GINT64_FORMAT, info->team_id) : NULL;
      values[COL_PLAYER] = info->player_id > 0
                           ? g_strdup_printf ("%" G_GINT64_FORMAT, info->player_id) : NULL;
      values[COL_LABELS] = csv_join_labels (info->labels);
      values[COL_NOTE] = g_strdup (info->note);
      values[COL_EXTERNAL_ID] = g_strdup (info->external_id);

      for (guint c = 0; c < N_COLUMNS; c++)
        {
          if (c > 0)
            g_string_append_c (out, ',');
          csv_append_field (out, values[c]);
          g_free (values[c]);
        }
      g_string_append (out, "\r\n");
    }

  return g_string_free_to_bytes (out);
}

static gboolean
csv_time (const char  *value,
          const char  *column,
          gint64      *out_ns,
          const char  *name,
          long         line,
          GError     **error)
{
  if (value == NULL || *value == '\0')
    return TRUE;
  if (!tl_event_parse_seconds (value, out_ns))
    return fail (error, name, line, _("%s must be a time in seconds, 0 or more (not “%s”)"),
                 column, value);
  return TRUE;
}

static gboolean
csv_id (const char  *value,
        const char  *column,
        gint64      *out_id,
        const char  *name,
        long         line,
        GError     **error)
{
  guint64 id = 0;

  if (value == NULL || *value == '\0')
    return TRUE;
  if (!g_ascii_string_to_unsigned (value, 10, 1, G_MAXINT64, &id, NULL))
    return fail (error, name, line, _("%s must be a positive whole number (not “%s”)"), column,
                 value);
  *out_id = (gint64) id;
  return TRUE;
}

static TlEventDocument *
csv_parse (const char  *text,
           const char  *name,
           GError     **error)
{
  g_autoptr(TlEventDocument) document = tl_event_document_new ();
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  int index[N_COLUMNS];
  const char *p = text;
  long line = 1;

  if (g_str_has_prefix (p, "\xEF\xBB\xBF"))
    p += 3;
  if (*p == '\0')
    {
      fail (error, name, 0, _("an empty file (a CSV export has a header line)"));
      return NULL;
    }
  if (!csv_next_record (&p, fields, &line, name, error))
    return NULL;

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      index[c] = -1;
      for (guint f = 0; f < fields->len; f++)
        if (g_str_equal (g_strstrip ((char *) g_ptr_array_index (fields, f)), csv_columns[c]))
          index[c] = (int) f;
    }
  if (index[COL_CODE] < 0 || index[COL_START] < 0 || index[COL_END] < 0)
    {
      fail (error, name, 1, _("the header needs the columns code, start_s and end_s"));
      return NULL;
    }

  while (*p != '\0')
    {
      g_autoptr(TlEventInfo) info = tl_event_info_new ();
      long record_line = line;
      const char *values[N_COLUMNS];

      if (!csv_next_record (&p, fields, &line, name, error))
        return NULL;
      /* A blank line (a trailing one, typically) is no event. */
      if (fields->len == 1 && *(char *) g_ptr_array_index (fields, 0) == '\0')
        continue;
      if (fields->len < (guint) MAX (index[COL_CODE], MAX (index[COL_START], index[COL_END])) + 1)
        {
          fail (error, name, record_line, _("%u fields, fewer than the header names"),
                fields->len);
          return NULL;
        }
      for (guint c = 0; c < N_COLUMNS; c++)
        values[c] = index[c] >= 0 && (guint) index[c] < fields->len
                    ? g_ptr_array_index (fields, index[c]) : NULL;

      info->code = g_strdup (values[COL_CODE]);
      if (values[COL_COLOR] != NULL && *values[COL_COLOR] != '\0')
        {
          g_free (info->color);
          info->color = g_strdup (values[COL_COLOR]);
        }
      if (!csv_time (values[COL_START], "start_s", &info->start_ns, name, record_line, error)
          || !csv_time (values[COL_END], "end_s", &info->end_ns, name, record_line, error)
          || !csv_time (values[COL_LEAD], "lead_s", &info->lead_ns, name, record_line, error)
          || !csv_time (values[COL_LAG], "lag_s", &info->lag_ns, name, record_line, error)
          || !csv_id (values[COL_TEAM], "team_id", &info->team_id, name, record_line, error)
          || !csv_id (values[COL_PLAYER], "player_id", &info->player_id, name, record_line,
                      error))
        return NULL;
      if (values[COL_START] == NULL || *values[COL_START] == '\0'
          || values[COL_END] == NULL || *values[COL_END] == '\0')
        {
          fail (error, name, record_line, _("an event without start_s or end_s"));
          return NULL;
        }
      if (values[COL_LABELS] != NULL)
        {
          g_strfreev (info->labels);
          info->labels = csv_split_labels (values[COL_LABELS]);
        }
      if (values[COL_NOTE] != NULL && *values[COL_NOTE] != '\0')
        info->note = g_strdup (values[COL_NOTE]);
      if (values[COL_EXTERNAL_ID] != NULL && *values[COL_EXTERNAL_ID] != '\0')
        info->external_id = g_strdup (values[COL_EXTERNAL_ID]);

      if (!check_event (info, name, record_line, NULL, error))
        return NULL;
      g_ptr_array_add (document->events, g_steal_pointer (&info));
    }

  return g_steal_pointer (&document);
}

/* JSON */

static void
json_add_string (JsonBuilder *builder,
                 const char  *member,
                 const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
json_add_int (JsonBuilder *builder,
              const char  *member,
              gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

static void
json_add_optional_id (JsonBuilder *builder,
                      const char  *member,
                      gint64       id)
{
  json_builder_set_member_name (builder, member);
  if (id > 0)
    json_builder_add_int_value (builder, id);
  else
    json_builder_add_null_value (builder);
}

static GBytes *
json_serialize (TlEventDocument *document)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;

  json_builder_begin_object (builder);
  json_add_int (builder, "touchline_events", 1);
  json_add_string (builder, "start_time", document->start_time);
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint r = 0; r < document->rows->len; r++)
    {
      TlEventRow *row = g_ptr_array_index (document->rows, r);

      json_builder_begin_object (builder);
      json_add_string (builder, "code", row->code);
      json_add_string (builder, "color", row->color);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  for (guint i = 0; i < document->events->len; i++)
    {
      TlEventInfo *info = g_ptr_array_index (document->events, i);

      json_builder_begin_object (builder);
      json_add_optional_id (builder, "id", info->id);
      json_add_string (builder, "code", info->code);
      json_add_string (builder, "color", info->color);
      json_add_int (builder, "start_ns", info->start_ns);
      json_add_int (builder, "end_ns", info->end_ns);
      json_builder_set_member_name (builder, "start_s");
      json_builder_add_double_value (builder, info->start_ns / 1e9);
      json_builder_set_member_name (builder, "end_s");
      json_builder_add_double_value (builder, info->end_ns / 1e9);
      json_add_int (builder, "lead_ns", info->lead_ns);
      json_add_int (builder, "lag_ns", info->lag_ns);
      json_add_optional_id (builder, "team_id", info->team_id);
      json_add_optional_id (builder, "player_id", info->player_id);
      json_builder_set_member_name (builder, "labels");
      json_builder_begin_array (builder);
      for (guint l = 0; info->labels[l] != NULL; l++)
        json_builder_add_string_value (builder, info->labels[l]);
      json_builder_end_array (builder);
      json_add_string (builder, "note", info->note);
      json_add_string (builder, "external_id", info->external_id);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  return g_bytes_new_take (text, strlen (text));
}

/* A member as a string (NULL when absent or null); FALSE when it has another type. */
static gboolean
json_string (JsonObject  *object,
             const char  *member,
             const char **out)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *out = json_node_get_string (node);
  return TRUE;
}

/* A whole number member >= 0 (absent or null leaves *out alone). */
static gboolean
json_count (JsonObject *object,
            const char *member,
            gint64     *out)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64
      || json_node_get_int (node) < 0 || json_node_get_int (node) > MAX_SECONDS * NS_PER_S)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

/* A time given as _ns (exact) or _s (seconds). */
static gboolean
json_time (JsonObject *object,
           const char *ns_member,
           const char *s_member,
           gint64     *out,
           gboolean   *found)
{
  JsonNode *node;

  if (json_object_has_member (object, ns_member))
    {
      *found = TRUE;
      return json_count (object, ns_member, out);
    }
  node = json_object_get_member (object, s_member);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_DOUBLE
          && json_node_get_value_type (node) != G_TYPE_INT64)
      || !isfinite (json_node_get_double (node)) || json_node_get_double (node) < 0
      || json_node_get_double (node) > MAX_SECONDS)
    return FALSE;
  *found = TRUE;
  *out = (gint64) llround (json_node_get_double (node) * NS_PER_S);
  return TRUE;
}

static gboolean
json_parse_event (JsonNode         *node,
                  guint             n,
                  const char       *name,
                  TlEventDocument  *document,
                  GError          **error)
{
  g_autoptr(TlEventInfo) info = tl_event_info_new ();
  g_autofree char *where = g_strdup_printf (_("event %u"), n);
  const char *code = NULL, *color = NULL, *note = NULL, *external_id = NULL;
  gboolean has_start = FALSE, has_end = FALSE, unused = FALSE;
  JsonObject *object;
  JsonNode *labels;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, name, 0, _("%s: not an object"), where);
  object = json_node_get_object (node);

  if (!json_string (object, "code", &code) || !json_string (object, "color", &color)
      || !json_string (object, "note", &note) || !json_string (object, "external_id", &external_id))
    return fail (error, name, 0, _("%s: code, color, note and external_id must be text"), where);
  if (!json_time (object, "start_ns", "start_s", &info->start_ns, &has_start)
      || !json_time (object, "end_ns", "end_s", &info->end_ns, &has_end)
      || !json_time (object, "lead_ns", "lead_s", &info->lead_ns, &unused)
      || !json_time (object, "lag_ns", "lag_s", &info->lag_ns, &unused))
    return fail (error, name, 0, _("%s: times must be numbers, 0 or more"), where);
  if (!has_start || !has_end)
    return fail (error, name, 0, _("%s: needs a start and an end"), where);
  if (!json_count (object, "team_id", &info->team_id)
      || !json_count (object, "player_id", &info->player_id))
    return fail (error, name, 0, _("%s: team_id and player_id must be whole numbers"), where);

  info->code = g_strdup (code);
  if (color != NULL)
    {
      g_free (info->color);
      info->color = g_strdup (color);
    }
  info->note = g_strdup (note);
  info->external_id = g_strdup (external_id);

  labels = json_object_get_member (object, "labels");
  if (labels != NULL && !JSON_NODE_HOLDS_NULL (labels))
    {
      JsonArray *array;
      GPtrArray *list = g_ptr_array_new_null_terminated (4, g_free, TRUE);

      if (!JSON_NODE_HOLDS_ARRAY (labels))
        {
          g_ptr_array_unref (list);
          return fail (error, name, 0, _("%s: labels must be a list of text"), where);
        }
      array = json_node_get_array (labels);
      for (guint l = 0; l < json_array_get_length (array); l++)
        {
          JsonNode *label = json_array_get_element (array, l);

          if (!JSON_NODE_HOLDS_VALUE (label) || json_node_get_value_type (label) != G_TYPE_STRING)
            {
              g_ptr_array_unref (list);
              return fail (error, name, 0, _("%s: labels must be a list of text"), where);
            }
          g_ptr_array_add (list, g_strdup (json_node_get_string (label)));
        }
      g_strfreev (info->labels);
      info->labels = (char **) g_ptr_array_free (list, FALSE);
    }

  if (!check_event (info, name, 0, where, error))
    return FALSE;
  g_ptr_array_add (document->events, g_steal_pointer (&info));
  return TRUE;
}

static TlEventDocument *
json_parse (const char  *text,
            gsize        length,
            const char  *name,
            GError     **error)
{
  g_autoptr(TlEventDocument) document = tl_event_document_new ();
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root, *node;
  JsonObject *object;
  const char *start_time = NULL;

  if (!json_parser_load_from_data (parser, text, (gssize) length, &local_error))
    {
      /* json-glib says "<data>:LINE:COLUMN: ..." */
      const char *message = local_error->message;

      if (g_str_has_prefix (message, "<data>:"))
        message += strlen ("<data>:");
      fail (error, name, 0, "%s", message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || json_object_get_int_member_with_default ((object = json_node_get_object (root)),
                                                  "touchline_events", 0) != 1)
    {
      fail (error, name, 0, _("not a Touchline event list (no “touchline_events”: 1)"));
      return NULL;
    }

  if (!json_string (object, "start_time", &start_time))
    {
      fail (error, name, 0, _("start_time must be text"));
      return NULL;
    }
  document->start_time = g_strdup (start_time);

  node = json_object_get_member (object, "rows");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *rows = json_node_get_array (node);

      for (guint r = 0; r < json_array_get_length (rows); r++)
        {
          JsonNode *row = json_array_get_element (rows, r);
          const char *code = NULL, *color = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (row)
              || !json_string (json_node_get_object (row), "code", &code)
              || !json_string (json_node_get_object (row), "color", &color)
              || code == NULL || *code == '\0' || (color != NULL && !tl_color_is_valid (color)))
            {
              fail (error, name, 0, _("row %u: needs a code and a colour (#rrggbb)"), r + 1);
              return NULL;
            }
          tl_event_document_add_row (document, code, color);
        }
    }
  else if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      fail (error, name, 0, _("rows must be a list"));
      return NULL;
    }

  node = json_object_get_member (object, "events");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (error, name, 0, _("events must be a list"));
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    if (!json_parse_event (json_array_get_element (json_node_get_array (node), i), i + 1, name,
                           document, error))
      return NULL;

  return g_steal_pointer (&document);
}

TlEventDocument *
tl_event_document_parse (const char     *data,
                         gsize           length,
                         TlEventFormat   format,
                         const char     *name,
                         GError        **error)
{
  g_autofree char *text = NULL;
  const char *end;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (length > TL_EVENT_FILE_MAX_BYTES)
    {
      fail (error, name, 0, _("%lu MB: too large for an event list (the limit is %d MB)"),
            (unsigned long) (length / (1024 * 1024)), TL_EVENT_FILE_MAX_BYTES / (1024 * 1024));
      return NULL;
    }

  if (format == TL_EVENT_FORMAT_SPORTSCODE)
    return tl_sportscode_parse (data, length, name, error);

  if (!g_utf8_validate_len (data, length, &end))
    {
      long line = 1;

      for (const char *c = data; c < end; c++)
        line += *c == '\n';
      fail (error, name, line, _("not UTF-8 text (wrong encoding?)"));
      return NULL;
    }
  text = g_strndup (data, length);

  if (format == TL_EVENT_FORMAT_CSV)
    return csv_parse (text, name, error);
  return json_parse (text, length, name, error);
}

TlEventDocument *
tl_event_document_load (const char     *path,
                        TlEventFormat   format,
                        GError        **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, _("%s: a folder, not a file"),
                   path);
      return NULL;
    }
  if (!(file = g_mapped_file_new (path, FALSE, &local_error)))
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code), "%s",
                   local_error->message);
      return NULL;
    }

  return tl_event_document_parse (g_mapped_file_get_contents (file) != NULL
                                  ? g_mapped_file_get_contents (file) : "",
                                  g_mapped_file_get_length (file), format, path, error);
}

GBytes *
tl_event_document_serialize (TlEventDocument *document,
                             TlEventFormat    format,
                             gboolean         utf16)
{
  g_return_val_if_fail (document != NULL, NULL);

  switch (format)
    {
    case TL_EVENT_FORMAT_CSV:
      return csv_serialize (document);
    case TL_EVENT_FORMAT_JSON:
      return json_serialize (document);
    case TL_EVENT_FORMAT_SPORTSCODE:
    default:
      return tl_sportscode_serialize (document, utf16);
    }
}

gboolean
tl_event_document_save (TlEventDocument *document,
                        const char      *path,
                        TlEventFormat    format,
                        gboolean         utf16,
                        GError         **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize size;
  const char *data;

  g_return_val_if_fail (document != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  bytes = tl_event_document_serialize (document, format, utf16);
  data = g_bytes_get_data (bytes, &size);

  /* A temporary file in the same folder, fsynced and renamed over @path: a crash leaves the old
   * file or the new one, never half of one. */
  if (!g_file_set_contents_full (path, data, (gssize) size, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0644, &local_error))
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code), "%s",
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* Teams and players as Sportscode labels */

#define TEAM_GROUP "Team"
#define PLAYER_GROUP "Player"

static void
append_label (TlEventInfo *info,
              char        *label)
{
  guint n = g_strv_length (info->labels);

  info->labels = g_renew (char *, info->labels, n + 2);
  info->labels[n] = label;
  info->labels[n + 1] = NULL;
}

void
tl_event_document_name_teams (TlEventDocument *document,
                              TlMatchSheet    *sheet)
{
  g_return_if_fail (document != NULL);
  g_return_if_fail (TL_IS_MATCH_SHEET (sheet));

  for (guint i = 0; i < document->events->len; i++)
    {
      TlEventInfo *info = g_ptr_array_index (document->events, i);
      TlTeam *team = info->team_id > 0 ? tl_match_sheet_lookup_team (sheet, info->team_id) : NULL;
      TlSquadPlayer *player = info->player_id > 0
                              ? tl_match_sheet_lookup_player (sheet, info->player_id) : NULL;

      if (team != NULL)
        append_label (info, tl_event_label_join (TEAM_GROUP, tl_team_get_name (team)));
      if (player != NULL)
        {
          g_autofree char *name = tl_squad_player_dup_label (player);

          append_label (info, tl_event_label_join (PLAYER_GROUP, name));
        }
      info->team_id = 0;
      info->player_id = 0;
    }
}

/* "10 Name" or "Name" to the player on the sheet (of @team_id when not 0). */
static TlSquadPlayer *
find_player_label (TlMatchSheet *sheet,
                   gint64        team_id,
                   const char   *text)
{
  GListModel *players = tl_match_sheet_get_players (sheet);

  for (guint i = 0, n = g_list_model_get_n_items (players); i < n; i++)
    {
      g_autoptr(TlSquadPlayer) player = g_list_model_get_item (players, i);
      g_autofree char *label = tl_squad_player_dup_label (player);

      if ((team_id == 0 || tl_squad_player_get_team_id (player) == team_id)
          && (g_str_equal (label, text)
              || g_strcmp0 (tl_squad_player_get_name (player), text) == 0))
        return player;   /* the sheet keeps a reference */
    }
  return NULL;
}

void
tl_event_document_resolve_teams (TlEventDocument *document,
                                 TlMatchSheet    *sheet)
{
  g_return_if_fail (document != NULL);
  g_return_if_fail (TL_IS_MATCH_SHEET (sheet));

  for (guint i = 0; i < document->events->len; i++)
    {
      TlEventInfo *info = g_ptr_array_index (document->events, i);
      g_autoptr(GPtrArray) kept = g_ptr_array_new_null_terminated (4, g_free, TRUE);
      const char *player_text = NULL;

      /* Teams first, so that a player is looked up in the event's team. */
      for (guint l = 0; info->labels[l] != NULL; l++)
        {
          g_autofree char *group = NULL;
          g_autofree char *text = NULL;
          TlTeam *team;

          tl_event_label_split (info->labels[l], &group, &text);
          if (info->team_id == 0 && g_strcmp0 (group, TEAM_GROUP) == 0
              && (team = tl_match_sheet_find_team (sheet, text)) != NULL)
            info->team_id = tl_team_get_id (team);
          else if (player_text == NULL && g_strcmp0 (group, PLAYER_GROUP) == 0)
            player_text = info->labels[l] + strlen (PLAYER_GROUP) + 1;
        }
      if (player_text != NULL)
        {
          TlSquadPlayer *player = find_player_label (sheet, info->team_id, player_text);

          if (player != NULL)
            {
              info->player_id = tl_squad_player_get_id (player);
              info->team_id = tl_squad_player_get_team_id (player);
            }
        }

      for (guint l = 0; info->labels[l] != NULL; l++)
        {
          g_autofree char *group = NULL;
          g_autofree char *text = NULL;
          gboolean used;

          tl_event_label_split (info->labels[l], &group, &text);
          used = (info->team_id > 0 && g_strcmp0 (group, TEAM_GROUP) == 0
                  && tl_match_sheet_find_team (sheet, text) != NULL
                  && tl_team_get_id (tl_match_sheet_find_team (sheet, text)) == info->team_id)
                 || (info->player_id > 0 && g_strcmp0 (group, PLAYER_GROUP) == 0
                     && info->labels[l] + strlen (PLAYER_GROUP) + 1 == player_text);
          if (!used)
            g_ptr_array_add (kept, g_strdup (info->labels[l]));
        }
      g_strfreev (info->labels);
      info->labels = (char **) g_ptr_array_steal (kept, NULL);
    }
}

/* The store side */

typedef struct
{
  gint64           match_id;
  TlEventDocument *document;
} MatchDocument;

static gboolean
read_rows (TlStore   *store,
           gpointer   user_data,
           GError   **error)
{
  MatchDocument *read = user_data;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = tl_store_prepare (store, "SELECT code, color FROM event_rows WHERE match_id = ?1"
                                 " ORDER BY position, code", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, read->match_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    tl_event_document_add_row (read->document, (const char *) sqlite3_column_text (stmt, 0),
                               (const char *) sqlite3_column_text (stmt, 1));
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);

  if (!(stmt = tl_store_prepare (store, "SELECT start_time FROM event_sessions"
                                 " WHERE match_id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, read->match_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    read->document->start_time = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);

  return TRUE;
}

TlEventDocument *
tl_event_files_collect (TlMatchEvents  *events,
                        TlStore        *store,
                        GError        **error)
{
  g_autoptr(TlEventDocument) document = tl_event_document_new ();
  MatchDocument read = { tl_match_events_get_match_id (events), document };

  g_return_val_if_fail (TL_IS_MATCH_EVENTS (events), NULL);
  g_return_val_if_fail (TL_IS_STORE (store), NULL);

  if (!tl_store_read (store, read_rows, &read, error))
    return NULL;

  g_ptr_array_unref (document->events);
  document->events = tl_match_events_dup_infos (events);
  for (guint i = 0; i < document->events->len; i++)
    {
      TlEventInfo *info = g_ptr_array_index (document->events, i);

      tl_event_document_add_row (document, info->code, info->color);
    }

  return g_steal_pointer (&document);
}

static gboolean
write_import (TlStore   *store,
              gpointer   user_data,
              GError   **error)
{
  MatchDocument *import = user_data;
  TlEventDocument *document = import->document;
  sqlite3_stmt *stmt;
  int position = 0;

  /* Ids from a CSV or JSON file of another library would trip the foreign keys with a message
   * nobody can act on: name the event instead. */
  for (guint i = 0; i < document->events->len; i++)
    {
      TlEventInfo *info = g_ptr_array_index (document->events, i);
      const char *tables[] = { "teams", "players" };
      gint64 ids[] = { info->team_id, info->player_id };

      for (guint t = 0; t < 2; t++)
        {
          g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ?1", tables[t]);
          int rc;

          if (ids[t] <= 0)
            continue;
          if (!(stmt = tl_store_prepare (store, sql, error)))
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, ids[t]);
          rc = sqlite3_step (stmt);
          sqlite3_reset (stmt);
          if (rc == SQLITE_DONE)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           t == 0 ? _("event %u: team %lld is not in this library")
                                  : _("event %u: player %lld is not in this library"),
                           i + 1, (long long) ids[t]);
              return FALSE;
            }
          if (rc != SQLITE_ROW)
            return tl_store_set_error (store, rc, error);
        }
    }

  if (!tl_match_events_insert_in_store (store, document->events, error))
    return FALSE;

  /* New rows go after the match's existing ones; a known code keeps its place and colour. */
  if (!(stmt = tl_store_prepare (store, "SELECT coalesce(max(position) + 1, 0) FROM event_rows"
                                 " WHERE match_id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, import->match_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    position = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  for (guint r = 0; r < document->rows->len; r++)
    {
      TlEventRow *row = g_ptr_array_index (document->rows, r);

      if (!(stmt = tl_store_prepare (store, "INSERT OR IGNORE INTO event_rows (match_id, code,"
                                     " color, position) VALUES (?1, ?2, ?3, ?4)", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, import->match_id);
      sqlite3_bind_text (stmt, 2, row->code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, row->color, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 4, position + (int) r);
      if (!tl_store_exec_stmt (store, stmt, error))
        return FALSE;
    }

  if (document->start_time != NULL)
    {
      if (!(stmt = tl_store_prepare (store, "INSERT OR REPLACE INTO event_sessions (match_id,"
                                     " start_time) VALUES (?1, ?2)", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, import->match_id);
      sqlite3_bind_text (stmt, 2, document->start_time, -1, SQLITE_TRANSIENT);
      if (!tl_store_exec_stmt (store, stmt, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
tl_event_files_import (TlMatchEvents        *events,
                       TlStore              *store,
                       TlEventDocument      *document,
                       const char           *description,
                       TlEventImportSummary *out_summary,
                       GError              **error)
{
  MatchDocument import = { 0, document };
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (TL_IS_MATCH_EVENTS (events), FALSE);
  g_return_val_if_fail (TL_IS_STORE (store), FALSE);
  g_return_val_if_fail (document != NULL, FALSE);

  import.match_id = tl_match_events_get_match_id (events);
  for (guint i = 0; i < document->events->len; i++)
    {
      TlEventInfo *info = g_ptr_array_index (document->events, i);

      info->id = 0;
      info->match_id = import.match_id;
      info->code_id = 0;
      g_hash_table_add (codes, info->code);
      for (guint l = 0; info->labels[l] != NULL; l++)
        g_hash_table_add (labels, info->labels[l]);
    }
  for (guint r = 0; r < document->rows->len; r++)
    g_hash_table_add (codes, ((TlEventRow *) g_ptr_array_index (document->rows, r))->code);

  if (!tl_store_write (store, write_import, &import, error))
    return FALSE;

  tl_match_events_commit_added (events, document->events,
                                description != NULL ? description : _("Import events"));
  if (out_summary != NULL)
    {
      out_summary->instances = document->events->len;
      out_summary->codes = g_hash_table_size (codes);
      out_summary->labels = g_hash_table_size (labels);
    }
  return TRUE;
}
