/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-player-figures.c: a player's figures summed over his tracks. */
#include "config.h"

#include "tl-player-figures.h"

struct _TlPlayerFigures
{
  GObject     parent_instance;

  guint32     track_no;
  char       *name;
  TlTeamSide  side;
  guint       n_tracks;
  double      seconds;
  gboolean    has_figures;
  double      distance_m;
  double      top_speed_ms;
  int         sprints;
};

G_DEFINE_FINAL_TYPE (TlPlayerFigures, tl_player_figures, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TRACK_NO,
  PROP_NAME,
  PROP_SIDE,
  PROP_N_TRACKS,
  PROP_SECONDS,
  PROP_HAS_FIGURES,
  PROP_DISTANCE,
  PROP_TOP_SPEED,
  PROP_SPRINTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tl_player_figures_finalize (GObject *object)
{
  TlPlayerFigures *self = TL_PLAYER_FIGURES (object);

  g_free (self->name);

  G_OBJECT_CLASS (tl_player_figures_parent_class)->finalize (object);
}

static void
tl_player_figures_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TlPlayerFigures *self = TL_PLAYER_FIGURES (object);

  switch (prop_id)
    {
    case PROP_TRACK_NO:    g_value_set_uint (value, self->track_no); break;
    case PROP_NAME:        g_value_set_string (value, self->name); break;
    case PROP_SIDE:        g_value_set_int (value, self->side); break;
    case PROP_N_TRACKS:    g_value_set_uint (value, self->n_tracks); break;
    case PROP_SECONDS:     g_value_set_double (value, self->seconds); break;
    case PROP_HAS_FIGURES: g_value_set_boolean (value, self->has_figures); break;
    case PROP_DISTANCE:    g_value_set_double (value, self->distance_m); break;
    case PROP_TOP_SPEED:   g_value_set_double (value, self->top_speed_ms); break;
    case PROP_SPRINTS:     g_value_set_int (value, self->sprints); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_player_figures_class_init (TlPlayerFiguresClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tl_player_figures_finalize;
  object_class->get_property = tl_player_figures_get_property;

  properties[PROP_TRACK_NO] = g_param_spec_uint ("track-no", NULL, NULL, 0, G_MAXUINT32, 0,
                                                 flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_SIDE] = g_param_spec_int ("side", NULL, NULL, TL_TEAM_SIDE_UNKNOWN,
                                            TL_TEAM_SIDE_REFEREE, TL_TEAM_SIDE_UNKNOWN, flags);
  properties[PROP_N_TRACKS] = g_param_spec_uint ("n-tracks", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_SECONDS] = g_param_spec_double ("seconds", NULL, NULL, 0, G_MAXDOUBLE, 0,
                                                  flags);
  properties[PROP_HAS_FIGURES] = g_param_spec_boolean ("has-figures", NULL, NULL, FALSE, flags);
  properties[PROP_DISTANCE] = g_param_spec_double ("distance", NULL, NULL, 0, G_MAXDOUBLE, 0,
                                                   flags);
  properties[PROP_TOP_SPEED] = g_param_spec_double ("top-speed", NULL, NULL, 0, G_MAXDOUBLE, 0,
                                                    flags);
  properties[PROP_SPRINTS] = g_param_spec_int ("sprints", NULL, NULL, 0, G_MAXINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_player_figures_init (TlPlayerFigures *self)
{
}

/* Sums @tracks (track numbers, the first one's identity names him). */
static TlPlayerFigures *
sum_tracks (TlTrackWindow *window,
            GArray        *tracks)
{
  TlPlayerFigures *self = g_object_new (TL_TYPE_PLAYER_FIGURES, NULL);
  double fps = tl_track_window_get_fps (window);

  for (guint i = 0; i < tracks->len; i++)
    {
      const TlTrackIdentity *t = tl_track_window_lookup (window,
                                                         g_array_index (tracks, guint32, i));

      if (t == NULL)
        continue;
      if (self->n_tracks++ == 0)
        {
          self->track_no = t->track_no;
          self->side = t->side;
        }
      if (fps > 0)
        self->seconds += (double) (t->last_frame - t->first_frame + 1) / fps;
      if (!t->has_stats)
        continue;
      self->has_figures = TRUE;
      self->distance_m += t->distance_m;
      self->top_speed_ms = MAX (self->top_speed_ms, t->top_speed_ms);
      self->sprints += t->sprints;
    }
  self->name = tl_track_window_dup_display_name (window, self->track_no);
  return self;
}

TlPlayerFigures *
tl_player_figures_new_for_track (TlTrackWindow *window,
                                 guint32        track_no)
{
  g_autoptr(GArray) tracks = NULL;

  g_return_val_if_fail (TL_IS_TRACK_WINDOW (window), NULL);

  if (tl_track_window_lookup (window, track_no) == NULL)
    return NULL;
  tracks = tl_track_window_tracks_of_player (window, track_no);
  return sum_tracks (window, tracks);
}

GPtrArray *
tl_player_figures_list (TlTrackWindow *window,
                        double         min_seconds)
{
  GPtrArray *players = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) players_seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  GArray *identities;

  g_return_val_if_fail (TL_IS_TRACK_WINDOW (window), players);

  identities = tl_track_window_get_tracks (window);
  for (guint i = 0; i < identities->len; i++)
    {
      const TlTrackIdentity *t = &g_array_index (identities, TlTrackIdentity, i);
      if (t->klass != 1)
        continue;
      if (t->player_id != 0)
        {
          /* The player's first track stands for him; the table lives as long as identities. */
          if (g_hash_table_contains (players_seen, &t->player_id))
            continue;
          g_hash_table_add (players_seen, (gpointer) &t->player_id);
        }
      else if (tl_track_window_get_fps (window) > 0
               && (t->last_frame - t->first_frame + 1) / tl_track_window_get_fps (window)
                  < min_seconds)
        continue;
      g_ptr_array_add (players, tl_player_figures_new_for_track (window, t->track_no));
    }
  return players;
}

guint32
tl_player_figures_get_track_no (TlPlayerFigures *self)
{
  g_return_val_if_fail (TL_IS_PLAYER_FIGURES (self), 0);
  return self->track_no;
}

const char *
tl_player_figures_get_name (TlPlayerFigures *self)
{
  g_return_val_if_fail (TL_IS_PLAYER_FIGURES (self), NULL);
  return self->name;
}

TlTeamSide
tl_player_figures_get_side (TlPlayerFigures *self)
{
  g_return_val_if_fail (TL_IS_PLAYER_FIGURES (self), TL_TEAM_SIDE_UNKNOWN);
  return self->side;
}

guint
tl_player_figures_get_n_tracks (TlPlayerFigures *self)
{
  g_return_val_if_fail (TL_IS_PLAYER_FIGURES (self), 0);
  return self->n_tracks;
}

double
tl_player_figures_get_seconds (TlPlayerFigures *self)
{
  g_return_val_if_fail (TL_IS_PLAYER_FIGURES (self), 0);
  return self->seconds;
}

gboolean
tl_player_figures_get_has_figures (TlPlayerFigures *self)
{
  g_return_val_if_fail (TL_IS_PLAYER_FIGURES (self), FALSE);
  return self->has_figures;
}

double
tl_player_figures_get_distance (TlPlayerFigures *self)
{
  g_return_val_if_fail (TL_IS_PLAYER_FIGURES (self), 0);
  return self->distance_m;
}

double
tl_player_figures_get_top_speed (TlPlayerFigures *self)
{
  g_return_val_if_fail (TL_IS_PLAYER_FIGURES (self), 0);
  return self->top_speed_ms;
}

int
tl_player_figures_get_sprints (TlPlayerFigures *self)
{
  g_return_val_if_fail (TL_IS_PLAYER_FIGURES (self), 0);
  return self->sprints;
}
