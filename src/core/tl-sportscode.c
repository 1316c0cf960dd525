/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-sportscode.c: Sportscode XML edit lists: encodings, a safe libxml2 parse, the writer.
 *
 * Real Sportscode exports are UTF-16 LE with a BOM, CR line ends and no XML declaration; other
 * tools write UTF-8. Both are turned into UTF-8 with LF line ends first, so that libxml2 sees one
 * encoding and its line numbers match what an editor shows. Edit lists never carry a DTD, so one
 * is refused outright: that removes entity expansion (billion laughs) and external loads
 * (XXE) before they can start, whatever the libxml2 version does with them.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "tl-sportscode.h"

/* A short name: the readers report a lot. */
#define fail tl_event_file_fail

/* Line (from 1) of byte @offset of @text, counting LF, CR and CR LF as one line end each. */
static long
line_of_offset (const char *text,
                gsize       offset)
{
  long line = 1;

  for (gsize i = 0; i < offset; i++)
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= offset || text[i + 1] != '\n')))
      line++;
  return line;
}

/* The same for UTF-16 code units (@big_endian says which byte is high). */
static long
line_of_utf16_offset (const guchar *data,
                      gsize         offset,
                      gboolean      big_endian)
{
  long line = 1;
  guint prev = 0;

  for (gsize i = 0; i + 1 < offset; i += 2)
    {
      guint unit = big_endian ? (data[i] << 8 | data[i + 1]) : (data[i + 1] << 8 | data[i]);

      if (unit == '\n' && prev != '\r')
        line++;
      else if (unit == '\r')
        line++;
      prev = unit;
    }
  return line;
}

/* Turns the file into UTF-8 with LF line ends. (transfer full) */
static char *
decode (const char  *data,
        gsize        length,
        const char  *name,
        gsize       *out_length,
        GError     **error)
{
  const guchar *bytes = (const guchar *) data;
  g_autofree char *utf8 = NULL;
  const char *utf16 = NULL;
  gboolean big_endian = FALSE;
  gsize utf8_length = 0;
  GString *normal;
  const char *end;

  if (length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
    utf16 = "UTF-16LE", data += 2, length -= 2;
  else if (length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
    utf16 = "UTF-16BE", big_endian = TRUE, data += 2, length -= 2;
  else if (length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
    data += 3, length -= 3;
  else if (length >= 2 && bytes[0] == '<' && bytes[1] == 0)
    utf16 = "UTF-16LE";
  else if (length >= 2 && bytes[0] == 0 && bytes[1] == '<')
    utf16 = "UTF-16BE", big_endian = TRUE;

  if (utf16 != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      gsize bytes_read = 0;

      if (length % 2 != 0)
        {
          fail (error, name, line_of_utf16_offset ((const guchar *) data, length, big_endian),
                _("the file ends in the middle of a UTF-16 character (truncated?)"));
          return NULL;
        }
      utf8 = g_convert (data, length, "UTF-8", utf16, &bytes_read, &utf8_length, &local_error);
      if (utf8 == NULL)
        {
          fail (error, name, line_of_utf16_offset ((const guchar *) data, bytes_read, big_endian),
                _("not valid %s text"), utf16);
          return NULL;
        }
    }
  else
    {
      utf8 = g_memdup2 (data, length + 1);
      utf8[length] = '\0';
      utf8_length = length;
    }

  if (!g_utf8_validate_len (utf8, utf8_length, &end))
    {
      fail (error, name, line_of_offset (utf8, end - utf8),
            utf16 != NULL ? _("holds a character that XML does not allow")
                          : _("not UTF-8 or UTF-16 text (wrong encoding?)"));
      return NULL;
    }

  normal = g_string_sized_new (utf8_length);
  for (gsize i = 0; i < utf8_length; i++)
    {
      if (utf8[i] == '\r')
        {
          g_string_append_c (normal, '\n');
          if (i + 1 < utf8_length && utf8[i + 1] == '\n')
            i++;
        }
      else
        g_string_append_c (normal, utf8[i]);
    }

  *out_length = normal->len;
  return g_string_free (normal, FALSE);
}

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE && g_str_equal ((const char *) node->name, name);
}

/* The element's text, trimmed. (transfer full) */
static char *
element_text (xmlNode *node)
{
  xmlChar *content = xmlNodeGetContent (node);
  char *text = g_strstrip (g_strdup (content != NULL ? (const char *) content : ""));

  xmlFree (content);
  return text;
}

static gboolean
parse_time (xmlNode     *node,
            const char  *name,
            gint64      *out_ns,
            GError     **error)
{
  g_autofree char *text = element_text (node);

  if (!tl_event_parse_seconds (text, out_ns))
    return fail (error, name, xmlGetLineNo (node),
                 _("<%s> must be a time in seconds, 0 or more (not “%s”)"),
                 (const char *) node->name, text);
  return TRUE;
}

static gboolean
parse_label (xmlNode     *label,
             const char  *name,
             GPtrArray   *labels,
             GError     **error)
{
  g_autofree char *group = NULL;
  g_autofree char *text = NULL;

  for (xmlNode *child = label->children; child != NULL; child = child->next)
    {
      char **field = is_element (child, "group") ? &group : is_element (child, "text") ? &text
                                                                                       : NULL;

      if (field == NULL)
        continue;
      if (*field != NULL)
        return fail (error, name, xmlGetLineNo (child), _("a <label> with two <%s>"),
                     (const char *) child->name);
      *field = element_text (child);
    }

  /* Sportscode writes empty labels now and then: they carry nothing. */
  if (text == NULL || *text == '\0')
    return TRUE;

  /* Touchline writes labels as "group:text": a colon in a group name would split wrongly. */
  if (group != NULL && strchr (group, ':') != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (group, ":", -1);

      g_free (group);
      group = g_strjoinv ("∶", parts);
    }

  g_ptr_array_add (labels, tl_event_label_join (group, text));
  return TRUE;
}

static gboolean
parse_instance (xmlNode          *instance,
                const char       *name,
                TlEventDocument  *document,
                GError          **error)
{
  g_autoptr(TlEventInfo) info = tl_event_info_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  gboolean has_start = FALSE, has_end = FALSE;

  for (xmlNode *child = instance->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;

      if (is_element (child, "ID"))
        {
          g_free (info->external_id);
          info->external_id = element_text (child);
        }
      else if (is_element (child, "start") || is_element (child, "end"))
        {
          gboolean start = is_element (child, "start");

          if (start ? has_start : has_end)
            return fail (error, name, xmlGetLineNo (child), _("an <instance> with two <%s>"),
                         (const char *) child->name);
          if (!parse_time (child, name, start ? &info->start_ns : &info->end_ns, error))
            return FALSE;
          *(start ? &has_start : &has_end) = TRUE;
        }
      else if (is_element (child, "code"))
        {
          if (info->code != NULL)
            return fail (error, name, xmlGetLineNo (child), _("an <instance> with two <code>"));
          info->code = element_text (child);
          if (*info->code == '\0')
            return fail (error, name, xmlGetLineNo (child), _("an empty <code>"));
        }
      else if (is_element (child, "label"))
        {
          if (!parse_label (child, name, labels, error))
            return FALSE;
        }
      else if (is_element (child, "free_text"))
        {
          g_autofree char *note = element_text (child);

          g_free (info->note);
          info->note = *note != '\0' ? g_steal_pointer (&note) : NULL;
        }
    }

  if (info->code == NULL || !has_start || !has_end)
    return fail (error, name, xmlGetLineNo (instance),
                 _("an <instance> needs a <code>, a <start> and an <end>"));
  if (info->end_ns < info->start_ns)
    return fail (error, name, xmlGetLineNo (instance),
                 _("an <instance> that ends before it starts"));
  if (info->external_id != NULL && *info->external_id == '\0')
    g_clear_pointer (&info->external_id, g_free);

  g_strfreev (info->labels);
  info->labels = (char **) g_ptr_array_steal (labels, NULL);
  g_ptr_array_add (document->events, g_steal_pointer (&info));
  return TRUE;
}

static gboolean
parse_row (xmlNode          *row,
           const char       *name,
           TlEventDocument  *document,
           GError          **error)
{
  const char *channels[] = { "R", "G", "B" };
  guint values[3] = { 0, 0, 0 };
  g_autofree char *code = NULL;
  g_autofree char *color = NULL;

  for (xmlNode *child = row->children; child != NULL; child = child->next)
    {
      if (is_element (child, "code"))
        {
          g_free (code);
          code = element_text (child);
          continue;
        }
      for (guint c = 0; c < 3; c++)
        if (is_element (child, channels[c]))
          {
            g_autofree char *text = element_text (child);
            guint64 value = 0;

            if (!g_ascii_string_to_unsigned (text, 10, 0, 65535, &value, NULL))
              return fail (error, name, xmlGetLineNo (child),
                           _("<%s> must be a whole number from 0 to 65535 (not “%s”)"),
                           channels[c], text);
            values[c] = (guint) value;
          }
    }

  if (code == NULL || *code == '\0')
    return fail (error, name, xmlGetLineNo (row), _("a <row> without <code>"));

  /* 16 bits per channel in the file, 8 in Touchline: 257 maps 0xff onto 0xffff exactly. */
  color = g_strdup_printf ("#%02x%02x%02x", (values[0] + 128) / 257, (values[1] + 128) / 257,
                           (values[2] + 128) / 257);
  tl_event_document_add_row (document, code, color);
  return TRUE;
}

TlEventDocument *
tl_sportscode_parse (const char  *data,
                     gsize        length,
                     const char  *name,
                     GError     **error)
{
  g_autoptr(TlEventDocument) document = tl_event_document_new ();
  g_autofree char *text = NULL;
  gsize text_length = 0;
  xmlParserCtxt *context;
  xmlDoc *doc;
  xmlNode *root = NULL;
  const char *dtd;
  gboolean ok = TRUE;

  if (!(text = decode (data, length, name, &text_length, error)))
    return NULL;

  if ((dtd = strstr (text, "<!DOCTYPE")) != NULL || (dtd = strstr (text, "<!ENTITY")) != NULL)
    {
      fail (error, name, line_of_offset (text, dtd - text),
            _("declarations (<!DOCTYPE>, <!ENTITY>) are not allowed in an edit list"));
      return NULL;
    }

  /* No NOENT (entities stay unexpanded), no DTDLOAD, no network, no HUGE (libxml2's own
   * size limits stay on), no output on stderr. */
  context = xmlNewParserCtxt ();
  if (context == NULL)
    {
      fail (error, name, 0, _("out of memory"));
      return NULL;
    }
  doc = xmlCtxtReadMemory (context, text, (int) text_length, name, "UTF-8",
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING
                           | XML_PARSE_NOCDATA);
  if (doc == NULL || !context->wellFormed)
    {
      const xmlError *xml_error = xmlCtxtGetLastError (context);
      g_autofree char *message = g_strstrip (g_strdup (xml_error != NULL && xml_error->message
                                                       ? xml_error->message
                                                       : _("not well-formed XML")));

      fail (error, name, xml_error != NULL ? xml_error->line : 0,
            _("not a valid XML edit list: %s"), message);
      ok = FALSE;
    }
  else if (doc->intSubset != NULL || doc->extSubset != NULL)
    ok = fail (error, name, 1, _("declarations are not allowed in an edit list"));
  else if ((root = xmlDocGetRootElement (doc)) == NULL || !is_element (root, "file"))
    ok = fail (error, name, root != NULL ? xmlGetLineNo (root) : 1,
               _("not a Sportscode edit list (the root element is not <file>)"));

  for (xmlNode *child = ok ? root->children : NULL; ok && child != NULL; child = child->next)
    {
      if (is_element (child, "SESSION_INFO"))
        {
          for (xmlNode *info = child->children; info != NULL; info = info->next)
            if (is_element (info, "start_time"))
              {
                g_free (document->start_time);
                document->start_time = element_text (info);
              }
        }
      else if (is_element (child, "ALL_INSTANCES"))
        {
          for (xmlNode *instance = child->children; ok && instance != NULL;
               instance = instance->next)
            if (is_element (instance, "instance"))
              ok = parse_instance (instance, name, document, error);
        }
      else if (is_element (child, "ROWS"))
        {
          for (xmlNode *row = child->children; ok && row != NULL; row = row->next)
            if (is_element (row, "row"))
              ok = parse_row (row, name, document, error);
        }
    }

  if (doc != NULL)
    xmlFreeDoc (doc);
  xmlFreeParserCtxt (context);
  if (!ok)
    return NULL;

  /* Instances take their row's colour. */
  for (guint i = 0; i < document->events->len; i++)
    {
      TlEventInfo *info = g_ptr_array_index (document->events, i);

      for (guint r = 0; r < document->rows->len; r++)
        {
          TlEventRow *row = g_ptr_array_index (document->rows, r);

          if (g_str_equal (row->code, info->code))
            {
              g_free (info->color);
              info->color = g_strdup (row->color);
              break;
            }
        }
    }

  return g_steal_pointer (&document);
}

static void
append_element (GString    *out,
                int         depth,
                const char *element,
                const char *text,
                const char *newline)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append_printf (out, "%*s<%s>%s</%s>%s", depth * 2, "", element, escaped, element,
                          newline);
}

static guint
channel_16 (const char *color,
            int         offset)
{
  char hex[3] = { color[offset], color[offset + 1], '\0' };

  return (guint) g_ascii_strtoull (hex, NULL, 16) * 257;
}

/* The <ID> of each event: its external id when it has a unique one, else the next free
 * number. (transfer full) */
static GPtrArray *
assign_ids (TlEventDocument *document)
{
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  guint next = 1;

  for (guint i = 0; i < document->events->len; i++)
    {
      TlEventInfo *info = g_ptr_array_index (document->events, i);
      gboolean own = info->external_id != NULL && g_hash_table_add (used, info->external_id);

      g_ptr_array_add (ids, own ? g_strdup (info->external_id) : NULL);
    }
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *id = NULL;

      if (g_ptr_array_index (ids, i) != NULL)
        continue;
      do
        {
          g_free (id);
          id = g_strdup_printf ("%u", next++);
        }
      while (g_hash_table_contains (used, id));
      g_hash_table_add (used, id);
      ids->pdata[i] = g_steal_pointer (&id);
    }
  return ids;
}

GBytes *
tl_sportscode_serialize (TlEventDocument *document,
                         gboolean         utf16)
{
  /* Sportscode's own files end lines with CR. */
  const char *nl = utf16 ? "\r" : "\n";
  g_autoptr(GPtrArray) ids = assign_ids (document);
  GString *out = g_string_new (NULL);
  g_autofree char *text = NULL;
  gsize length;

  if (!utf16)
    g_string_append_printf (out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>%s", nl);
  g_string_append_printf (out, "<file>%s", nl);
  if (document->start_time != NULL)
    {
      g_string_append_printf (out, "  <SESSION_INFO>%s", nl);
      append_element (out, 2, "start_time", document->start_time, nl);
      g_string_append_printf (out, "  </SESSION_INFO>%s", nl);
    }

  g_string_append_printf (out, "  <ALL_INSTANCES>%s", nl);
  for (guint i = 0; i < document->events->len; i++)
    {
      TlEventInfo *info = g_ptr_array_index (document->events, i);
      g_autofree char *start = tl_event_format_seconds (info->start_ns);
      g_autofree char *end = tl_event_format_seconds (info->end_ns);

      g_string_append_printf (out, "    <instance>%s", nl);
      append_element (out, 3, "ID", g_ptr_array_index (ids, i), nl);
      append_element (out, 3, "start", start, nl);
      append_element (out, 3, "end", end, nl);
      append_element (out, 3, "code", info->code, nl);
      if (info->note != NULL)
        append_element (out, 3, "free_text", info->note, nl);
      for (guint l = 0; info->labels[l] != NULL; l++)
        {
          g_autofree char *group = NULL;
          g_autofree char *label = NULL;

          tl_event_label_split (info->labels[l], &group, &label);
          g_string_append_printf (out, "      <label>%s", nl);
          if (group != NULL)
            append_element (out, 4, "group", group, nl);
          append_element (out, 4, "text", label, nl);
          g_string_append_printf (out, "      </label>%s", nl);
        }
      g_string_append_printf (out, "    </instance>%s", nl);
    }
  g_string_append_printf (out, "  </ALL_INSTANCES>%s", nl);

  g_string_append_printf (out, "  <ROWS>%s", nl);
  for (guint r = 0; r < document->rows->len; r++)
    {
      TlEventRow *row = g_ptr_array_index (document->rows, r);
      const char *channels[] = { "R", "G", "B" };

      g_string_append_printf (out, "    <row>%s", nl);
      append_element (out, 3, "code", row->code, nl);
      for (guint c = 0; c < 3; c++)
        {
          g_autofree char *value = g_strdup_printf ("%u", channel_16 (row->color, 1 + 2 * c));

          append_element (out, 3, channels[c], value, nl);
        }
      g_string_append_printf (out, "    </row>%s", nl);
    }
  g_string_append_printf (out, "  </ROWS>%s", nl);
  g_string_append_printf (out, "</file>%s", nl);

  if (!utf16)
    return g_string_free_to_bytes (out);

  text = g_string_free (out, FALSE);
  {
    g_autofree char *converted = g_convert (text, -1, "UTF-16LE", "UTF-8", NULL, &length, NULL);
    GByteArray *bytes = g_byte_array_sized_new (length + 2);
    const guint8 bom[] = { 0xFF, 0xFE };

    /* The text was built from valid UTF-8, so the conversion cannot fail. */
    g_assert (converted != NULL);
    g_byte_array_append (bytes, bom, 2);
    g_byte_array_append (bytes, (const guint8 *) converted, length);
    return g_byte_array_free_to_bytes (bytes);
  }
}
