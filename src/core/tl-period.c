/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-period.c: a period of a match. */
#include "config.h"

#include "tl-period.h"

struct _TlPeriod
{
  GObject  parent_instance;

  int      number;
  char    *name;
  gint64   start_ns;
  gint64   end_ns;
  int      clock_offset_s;
};

G_DEFINE_FINAL_TYPE (TlPeriod, tl_period, G_TYPE_OBJECT)

enum { PROP_0, PROP_NUMBER, PROP_NAME, PROP_START_NS, PROP_END_NS, PROP_CLOCK_OFFSET_S,
       N_PROPS };

static GParamSpec *properties[N_PROPS];

static void
tl_period_finalize (GObject *object)
{
  g_free (((TlPeriod *) object)->name);

  G_OBJECT_CLASS (tl_period_parent_class)->finalize (object);
}

static void
tl_period_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TlPeriod *self = TL_PERIOD (object);

  switch (prop_id)
    {
    case PROP_NUMBER:         g_value_set_int (value, self->number); break;
    case PROP_NAME:           g_value_set_string (value, self->name); break;
    case PROP_START_NS:       g_value_set_int64 (value, self->start_ns); break;
    case PROP_END_NS:         g_value_set_int64 (value, self->end_ns); break;
    case PROP_CLOCK_OFFSET_S: g_value_set_int (value, self->clock_offset_s); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_period_class_init (TlPeriodClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tl_period_finalize;
  object_class->get_property = tl_period_get_property;

  properties[PROP_NUMBER] = g_param_spec_int ("number", NULL, NULL, 1, G_MAXINT, 1, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_START_NS] = g_param_spec_int64 ("start-ns", NULL, NULL, 0, G_MAXINT64, 0,
                                                  flags);
  properties[PROP_END_NS] = g_param_spec_int64 ("end-ns", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_CLOCK_OFFSET_S] = g_param_spec_int ("clock-offset-s", NULL, NULL, 0, G_MAXINT,
                                                      0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_period_init (TlPeriod *self)
{
  self->number = 1;
  self->end_ns = -1;
}

TlPeriod *
tl_period_new (int         number,
               const char *name,
               gint64      start_ns,
               gint64      end_ns,
               int         clock_offset_s)
{
  TlPeriod *self = g_object_new (TL_TYPE_PERIOD, NULL);

  self->number = number;
  self->name = g_strdup (name);
  self->start_ns = start_ns;
  self->end_ns = end_ns;
  self->clock_offset_s = clock_offset_s;
  return self;
}

int
tl_period_get_number (TlPeriod *self)
{
  g_return_val_if_fail (TL_IS_PERIOD (self), 0);
  return self->number;
}

const char *
tl_period_get_name (TlPeriod *self)
{
  g_return_val_if_fail (TL_IS_PERIOD (self), NULL);
  return self->name;
}

gint64
tl_period_get_start (TlPeriod *self)
{
  g_return_val_if_fail (TL_IS_PERIOD (self), 0);
  return self->start_ns;
}

gint64
tl_period_get_end (TlPeriod *self)
{
  g_return_val_if_fail (TL_IS_PERIOD (self), -1);
  return self->end_ns;
}

int
tl_period_get_clock_offset (TlPeriod *self)
{
  g_return_val_if_fail (TL_IS_PERIOD (self), 0);
  return self->clock_offset_s;
}

typedef struct
{
  gint64     match_id;
  GPtrArray *periods;
} ListOp;

static gboolean
list_periods (TlStore   *store,
              gpointer   user_data,
              GError   **error)
{
  ListOp *op = user_data;
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_store_prepare (store,
                           "SELECT number, name, start_ns, coalesce(end_ns, -1), clock_offset_s"
                           " FROM periods WHERE match_id = ? ORDER BY number", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, op->match_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (op->periods,
                     tl_period_new (sqlite3_column_int (stmt, 0),
                                    (const char *) sqlite3_column_text (stmt, 1),
                                    sqlite3_column_int64 (stmt, 2),
                                    sqlite3_column_int64 (stmt, 3),
                                    sqlite3_column_int (stmt, 4)));
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);
  return TRUE;
}

GPtrArray *
tl_periods_list (TlStore  *store,
                 gint64    match_id,
                 GError  **error)
{
  g_autoptr(GPtrArray) periods = g_ptr_array_new_with_free_func (g_object_unref);
  ListOp op = { match_id, periods };

  g_return_val_if_fail (TL_IS_STORE (store), NULL);

  if (!tl_store_read (store, list_periods, &op, error))
    return NULL;
  return g_steal_pointer (&periods);
}
