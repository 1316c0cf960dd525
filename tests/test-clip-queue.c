/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-clip-queue.c: "Play filtered": clips of a real video played back to back by TlPlayer. */
#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "tl-clip-queue.h"
#include "tl-test-media.h"

typedef struct
{
  TlPlayer    *player;
  TlClipQueue *queue;
  GArray      *seen;      /* gint64 positions shown while the queue was active */
  gboolean     finished;
  int          last_index;
  gboolean     indices_in_order;
} Watch;

static gboolean
tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
spin_until (gboolean (*check) (Watch *), Watch *watch, double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  guint source = g_timeout_add (10, tick, NULL);
  gboolean done;

  while (!(done = check (watch)) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (source);
  return done;
}

static gboolean
has_frame (Watch *watch)
{
  return tl_player_get_frame_number (watch->player) >= 0;
}

static gboolean
is_finished (Watch *watch)
{
  return watch->finished;
}

static gboolean
is_inactive (Watch *watch)
{
  return !tl_clip_queue_get_active (watch->queue);
}

static void
on_position (Watch *watch)
{
  gint64 position = tl_player_get_position (watch->player);

  if (tl_clip_queue_get_active (watch->queue))
    g_array_append_val (watch->seen, position);
}

static void
on_index (Watch *watch)
{
  int index = tl_clip_queue_get_index (watch->queue);

  if (index >= 0)
    {
      if (index < watch->last_index)
        watch->indices_in_order = FALSE;
      watch->last_index = index;
    }
}

static void
on_finished (Watch *watch)
{
  watch->finished = TRUE;
}

static void
test_back_to_back (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("touchline-clips-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "clips.mp4", NULL);
  /* Three clips with gaps between them, the last two touching, and one empty (skipped). */
  const TlClip clips[] = {
    { GST_SECOND / 5, 3 * GST_SECOND / 5 },
    { 2 * GST_SECOND, 12 * GST_SECOND / 5 },
    { 3 * GST_SECOND, 3 * GST_SECOND },
    { 4 * GST_SECOND, 22 * GST_SECOND / 5 },
    { 22 * GST_SECOND / 5, 24 * GST_SECOND / 5 },
  };
  const gint64 frame = GST_SECOND / 25;
  Watch watch = { NULL, };
  gboolean visited[G_N_ELEMENTS (clips)] = { FALSE, };

  g_assert_no_error (error);
  g_assert_true (tl_test_media_make (path, TL_TEST_MEDIA_H264_MP4, 6.0, 3, &error));
  g_assert_no_error (error);

  watch.player = tl_player_new ();
  watch.queue = tl_clip_queue_new (watch.player);
  watch.seen = g_array_new (FALSE, FALSE, sizeof (gint64));
  watch.indices_in_order = TRUE;
  watch.last_index = -1;
  g_signal_connect_swapped (watch.player, "notify::position", G_CALLBACK (on_position), &watch);
  g_signal_connect_swapped (watch.queue, "notify::index", G_CALLBACK (on_index), &watch);
  g_signal_connect_swapped (watch.queue, "finished", G_CALLBACK (on_finished), &watch);

  g_assert_true (tl_player_open (watch.player, path, &error));
  g_assert_no_error (error);
  g_assert_true (spin_until (has_frame, &watch, 60));

  g_assert_true (tl_clip_queue_play (watch.queue, clips, G_N_ELEMENTS (clips)));
  g_assert_true (tl_clip_queue_get_active (watch.queue));
  g_assert_cmpuint (tl_clip_queue_get_n_clips (watch.queue), ==, 4);
  g_assert_true (spin_until (is_finished, &watch, 120));
  g_assert_false (tl_clip_queue_get_active (watch.queue));
  g_assert_false (tl_player_get_playing (watch.player));
  g_assert_true (watch.indices_in_order);

  /* Every frame shown while the list played lies in a clip (a frame either side of its edges:
   * a frame is shown from its start), and every clip was shown. */
  g_assert_cmpuint (watch.seen->len, >, 0);
  for (guint i = 0; i < watch.seen->len; i++)
    {
      gint64 position = g_array_index (watch.seen, gint64, i);
      gboolean inside = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (clips); j++)
        if (clips[j].end_ns > clips[j].start_ns && position >= clips[j].start_ns - frame
            && position <= clips[j].end_ns + frame)
          {
            inside = TRUE;
            visited[j] = TRUE;
          }
      if (!inside)
        g_error ("frame at %" G_GINT64_FORMAT " ns is in no clip", position);
    }
  g_assert_true (visited[0] && visited[1] && visited[3] && visited[4]);
  g_assert_false (visited[2]);

  /* Stopped by a seek elsewhere: a click on the timeline ends the list. */
  watch.finished = FALSE;
  g_assert_true (tl_clip_queue_play (watch.queue, clips, G_N_ELEMENTS (clips)));
  tl_player_seek (watch.player, 5 * GST_SECOND + GST_SECOND / 2, TRUE);
  g_assert_true (spin_until (is_inactive, &watch, 60));
  g_assert_false (watch.finished);

  /* Stopped by hand. */
  g_assert_true (tl_clip_queue_play (watch.queue, clips, G_N_ELEMENTS (clips)));
  tl_clip_queue_stop (watch.queue);
  g_assert_false (tl_clip_queue_get_active (watch.queue));
  g_assert_false (tl_player_get_playing (watch.player));
  g_assert_false (tl_clip_queue_play (watch.queue, clips + 2, 1));

  g_signal_handlers_disconnect_by_data (watch.player, &watch);
  g_clear_object (&watch.queue);
  tl_player_close (watch.player);
  g_clear_object (&watch.player);
  g_array_unref (watch.seen);
  tl_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  g_test_add_func ("/clip-queue/back-to-back", test_back_to_back);

  return g_test_run ();
}
