/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-period.c: reading a match's periods from the store. */
#include "config.h"

#include "tl-period.h"

void
tl_period_free (TlPeriod *period)
{
  if (period == NULL)
    return;
  g_free (period->name);
  g_free (period);
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
                           "SELECT id, number, name, start_ns, end_ns, clock_offset_s FROM periods"
                           " WHERE match_id = ? ORDER BY number", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, op->match_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TlPeriod *period = g_new0 (TlPeriod, 1);

      period->id = sqlite3_column_int64 (stmt, 0);
      period->number = sqlite3_column_int (stmt, 1);
      period->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      period->start_ns = sqlite3_column_int64 (stmt, 3);
      period->end_ns = sqlite3_column_type (stmt, 4) == SQLITE_NULL
                       ? -1 : sqlite3_column_int64 (stmt, 4);
      period->clock_offset_s = sqlite3_column_int (stmt, 5);
      g_ptr_array_add (op->periods, period);
    }
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);
  return TRUE;
}

GPtrArray *
tl_periods_list (TlStore  *store,
                 gint64    match_id,
                 GError  **error)
{
  g_autoptr(GPtrArray) periods = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_period_free);
  ListOp op = { match_id, periods };

  g_return_val_if_fail (TL_IS_STORE (store), NULL);

  if (!tl_store_read (store, list_periods, &op, error))
    return NULL;
  return g_steal_pointer (&periods);
}
