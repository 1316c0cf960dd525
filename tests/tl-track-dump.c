/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-track-dump.c: an eval-track dump's reports, frame by frame. */
#include "tl-track-dump.h"

#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

typedef struct
{
  int           frame;      /* from 0 */
  TlTrackUpdate update;
} DumpLine;

/* Parses one line of FRAME,ID,X,Y,W,H,STATE,CLASS,TEAM[,PITCH_X,PITCH_Y] (the frame from 1,
 * STATE 1 seen or 2 coasting, CLASS 1 person, 2 ball, 11 / 12 a detection; the ground point
 * since stop 55, absent from older dumps). FALSE when it is not one. */
static gboolean
parse_line (const char *line,
            double      sx,
            double      sy,
            DumpLine   *out)
{
  int frame, id, state, klass, team, used = 0, more = 0;
  double x, y, w, h, pitch_x = 0, pitch_y = 0;

  if (sscanf (line, "%d,%d,%lf,%lf,%lf,%lf,%d,%d,%d%n", &frame, &id, &x, &y, &w, &h, &state,
              &klass, &team, &used) != 9
      || frame < 1 || (state != 1 && state != 2))
    return FALSE;
  if (line[used] != '\0'
      && (sscanf (line + used, ",%lf,%lf%n", &pitch_x, &pitch_y, &more) != 2
          || line[used + more] != '\0'))
    return FALSE;
  memset (out, 0, sizeof *out);
  out->frame = frame - 1;
  out->update.id = id;
  out->update.klass = klass == 2 ? TL_OBJECT_BALL : klass == 1 ? TL_OBJECT_PERSON : klass;
  out->update.state = state == 2 ? TL_TRACK_COASTING : TL_TRACK_CONFIRMED;
  out->update.team = team;
  out->update.x = (float) (x * sx);
  out->update.y = (float) (y * sy);
  out->update.w = (float) (w * sx);
  out->update.h = (float) (h * sy);
  out->update.pitch_x = (float) pitch_x;
  out->update.pitch_y = (float) pitch_y;
  return TRUE;
}

gboolean
tl_track_dump_read (const char   *path,
                    double        sx,
                    double        sy,
                    TlTrackDump  *dump,
                    GError      **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  int last = -1, n_line = 0;

  memset (dump, 0, sizeof *dump);
  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  dump->updates = g_array_new (FALSE, FALSE, sizeof (TlTrackUpdate));
  lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l != NULL; l++)
    {
      DumpLine d;

      n_line++;
      if (**l == '\0')
        continue;
      if (!parse_line (*l, sx, sy, &d))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s: line %d is not a dump's report", path, n_line);
          tl_track_dump_clear (dump);
          return FALSE;
        }
      /* Detections are of the frame pushed, ahead of the reports by the lag; a fill comes
       * after the reports of a later frame. */
      if (d.update.id == -1 || d.frame < last)
        continue;
      if (d.frame > last)
        {
          dump->first = g_renew (int, dump->first, d.frame + 2);
          for (int f = last + 1; f <= d.frame; f++)
            dump->first[f] = (int) dump->updates->len;
          last = d.frame;
        }
      g_array_append_val (dump->updates, d.update);
    }
  dump->n_frames = last + 1;
  dump->first = g_renew (int, dump->first, dump->n_frames + 1);
  dump->first[dump->n_frames] = (int) dump->updates->len;
  return TRUE;
}

void
tl_track_dump_clear (TlTrackDump *dump)
{
  if (dump->updates)
    g_array_free (dump->updates, TRUE);
  g_free (dump->first);
  memset (dump, 0, sizeof *dump);
}
