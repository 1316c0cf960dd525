/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-person-tracks.c: the person tracker; docs/tracking.md explains the rules and numbers. */
#include "tl-person-tracks.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tl-array.h"
#include "tl-assign.h"
#include "tl-state-buf.h"
#include "tl-still-patch.h"
#include "tl-teams.h"

/* A constant-velocity Kalman filter per ground axis (they are independent). */
typedef struct
{
  double p, v;
  double p00, p01, p11;
} Axis;

typedef struct
{
  int     id;
  int     hits;
  int     misses;             /* consecutive frames without a detection */
  int     confirmed;
  int     lost_for;           /* frames since it was given up (lost list only) */
  Axis    ax[2];
  double  cross[2][2];        /* covariance of the x axis's (p, v) with the y axis's: a
                               * measurement's error lies along the camera's rays, not the
                               * pitch's axes (meas_cov_at) */
  float   box[4];             /* the box reported for the last match (x, y, w, h) */
  float   size[2];            /* the player's usual box width and height over the expected
                               * height of a person at his foot, smoothed over clean matches */
  float   pred_u, pred_v;     /* this frame's predicted foot pixel (when have_pred) */
  int     have_pred;
  float   colour[3];          /* running mean of the shirt colour */
  int     supported_run;      /* consecutive matches to supported detections (tl-detect.h) */
  TlStillPatch still;         /* his pixels while he stands still (tl-still-patch.h) */
  float   born[2];            /* where he was first seen, ground units */
  int     moved;              /* he has been 2 m from there since: not a ghost */
  int     team;
  int     team_votes[2];
  /* While tentative: its report of each frame, by hit number % TL_PERSON_TRACKS_MAX_LATE. */
  TlTrackUpdate early[TL_PERSON_TRACKS_MAX_LATE];
} Track;

typedef struct
{
  Track *items;
  int    n;
  int    capacity;
} TrackList;

struct _TlPersonTracks
{
  const TlSceneGeometry *geo;
  double     dt;
  double     unit;            /* ground units per metre (1 with a camera) */
  double     meas_var;
  double     accel_var;
  int        confirm_hits;
  int        max_coast;       /* frames a confirmed track survives unseen */
  int        report_coast;    /* frames it is still reported while unseen */
  int        reid_frames;     /* frames a lost track can come back */
  int        max_supported;   /* consecutive supported detections a track may take */
  double     max_speed;       /* units per second, for re-identification */
  int        frame;
  int        next_id;
  const TlFrame *pixels;      /* the frame being tracked and its foreground mask */
  const uint8_t *mask;
  double     still_rate;      /* his heights a second (in the image) under which a player
                               * stands still */
  double     still_change;    /* mean luma change of his kept pixels that he survives */
  float      team_colour[2][3]; /* the teams' mean shirts at the last clustering */
  int        have_team_colours;
  int        teams_distinct;    /* and they were two teams' shirts (TlTeamsFit.distinct) */

  TrackList  live;
  TrackList  lost;
  TlTrackUpdate *out;
  int        out_capacity;
  TlLateUpdate *late;         /* tl_person_tracks_get_late */
  int        n_late;
  int        late_capacity;
  double    *cost;
  int        cost_capacity;
  int       *match;
  int        match_capacity;
  int       *det_used;
  int        det_capacity;
  float     *feet;            /* predicted foot pixels, u then v (predict_feet) */
  int        feet_capacity;
};

TlPersonTracks *
tl_person_tracks_new (const TlSceneGeometry *geo,
                      double                 fps)
{
  TlPersonTracks *tracks = calloc (1, sizeof *tracks);

  if (tracks == NULL)
    return NULL;
  if (fps <= 0)
    fps = 25;
  tracks->geo = geo;
  tracks->dt = 1.0 / fps;
  tracks->unit = geo->have_camera ? 1.0
                 : (geo->person_px_top + geo->person_px_bottom) / 2 / 1.8;
  tracks->meas_var = pow (0.35 * tracks->unit, 2);
  tracks->accel_var = pow (6.0 * tracks->unit, 2);
  /* Measured on the demo matches (docs/tracking.md): for small boxes, confirming after 0.32 s
   * of consecutive detections halves identity switches against 3 frames (big boxes still
   * confirm after 3, see tl_person_tracks_update; coasting: coast_reportable). */
  tracks->confirm_hits = (int) lround (fps * 0.32);
  tracks->max_coast = (int) lround (fps * 1.5);
  tracks->report_coast = (int) lround (fps * 0.4);
  tracks->reid_frames = (int) lround (fps * 10);
  tracks->max_supported = (int) lround (fps * 4);
  tracks->max_speed = 9.0 * tracks->unit;
  /* A player whose foot moves less than 0.25 m/s would at his place in the picture (0.25 / 1.8
   * of his height a second) stands; his kept pixels changed by up to 8 luma levels on average
   * (noise, coding, a swaying arm) still show him. 24 60 s demos, MOTA / IDF1 means: 0.175 /
   * 0.375 m/s 0.9012 / 0.7150, 0.9003 / 0.7162 against 0.9023 / 0.7152; on an earlier engine 6
   * / 11 levels 0.8937 / 0.8937 against 0.8946 (docs/tracking.md). */
  tracks->still_rate = 0.25 / 1.8;
  tracks->still_change = 8.0;
  tracks->next_id = 1;
  return tracks;
}

void
tl_person_tracks_free (TlPersonTracks *tracks)
{
  if (tracks == NULL)
    return;
  free (tracks->live.items);
  free (tracks->lost.items);
  free (tracks->out);
  free (tracks->late);
  free (tracks->cost);
  free (tracks->match);
  free (tracks->det_used);
  free (tracks->feet);
  free (tracks);
}

void
tl_person_tracks_reset (TlPersonTracks *tracks)
{
  tracks->live.n = 0;
  tracks->lost.n = 0;
  tracks->n_late = 0;
  tracks->frame = 0;
}

int
tl_person_tracks_next_id (TlPersonTracks *tracks)
{
  return tracks->next_id++;
}

/* Checkpoint state: the frame and id counters, the teams' shirts and both track lists (live
 * with their Kalman filters and team votes, lost for re-identification). Tracks are plain
 * structs of numbers, so they are written as they are; the record size goes first so a
 * changed layout is refused. */
void
tl_person_tracks_save (TlPersonTracks *tracks,
                       TlStateWriter  *w)
{
  int64_t head[4] = { (int64_t) sizeof (Track), tracks->frame, tracks->next_id, tracks->live.n };

  tl_state_put (w, head, sizeof head);
  tl_state_put_i64 (w, tracks->have_team_colours);
  tl_state_put_i64 (w, tracks->teams_distinct);
  tl_state_put (w, tracks->team_colour, sizeof tracks->team_colour);
  tl_state_put (w, tracks->live.items, (size_t) tracks->live.n * sizeof (Track));
  tl_state_put_i64 (w, tracks->lost.n);
  tl_state_put (w, tracks->lost.items, (size_t) tracks->lost.n * sizeof (Track));
}

int
tl_person_tracks_restore (TlPersonTracks *tracks,
                          TlStateReader  *r)
{
  int64_t head[4] = { 0 };
  int64_t n_lost;

  if (tl_state_get (r, head, sizeof head) < 0 || head[0] != (int64_t) sizeof (Track)
      || head[3] < 0)
    return -1;
  tracks->have_team_colours = tl_state_get_i64 (r) != 0;
  tracks->teams_distinct = tl_state_get_i64 (r) != 0;
  if (tl_state_get (r, tracks->team_colour, sizeof tracks->team_colour) < 0
      || head[3] > (int64_t) ((r->size - r->pos) / sizeof (Track)))
    return -1;
  if (tl_array_reserve ((void **) &tracks->live.items, &tracks->live.capacity, (int) head[3],
                        sizeof (Track), 64) < 0
      || tl_state_get (r, tracks->live.items, (size_t) head[3] * sizeof (Track)) < 0)
    return -1;
  tracks->live.n = (int) head[3];
  n_lost = tl_state_get_i64 (r);
  if (r->failed || n_lost < 0 || n_lost > (int64_t) ((r->size - r->pos) / sizeof (Track)))
    return -1;
  if (tl_array_reserve ((void **) &tracks->lost.items, &tracks->lost.capacity, (int) n_lost,
                        sizeof (Track), 64) < 0
      || tl_state_get (r, tracks->lost.items, (size_t) n_lost * sizeof (Track)) < 0)
    return -1;
  tracks->lost.n = (int) n_lost;
  tracks->frame = (int) head[1];
  tracks->next_id = (int) head[2];
  return 0;
}

static void
axis_predict (Axis   *a,
              double  dt,
              double  q)
{
  double dt2 = dt * dt;

  a->p += a->v * dt;
  a->p00 += dt * (2 * a->p01 + dt * a->p11) + q * dt2 * dt2 / 4;
  a->p01 += dt * a->p11 + q * dt2 * dt / 2;
  a->p11 += q * dt2;
}

/* Both axes, and the covariance between them. */
static void
track_predict (Track  *t,
               double  dt,
               double  q)
{
  double (*c)[2] = t->cross;

  axis_predict (&t->ax[0], dt, q);
  axis_predict (&t->ax[1], dt, q);
  /* F C F^T with F = [1 dt; 0 1] on either side; no process noise is shared. */
  c[0][0] += dt * (c[1][0] + c[0][1]) + dt * dt * c[1][1];
  c[0][1] += dt * c[1][1];
  c[1][0] += dt * c[1][1];
}

/* The innovation covariance S = P + R of the foot (xx, xy, yy) for measurement covariance
 * @r. */
static void
innovation_cov (const Track  *t,
                const double  r[3],
                double        s[3])
{
  s[0] = t->ax[0].p00 + r[0];
  s[1] = t->cross[0][0] + r[1];
  s[2] = t->ax[1].p00 + r[2];
}

/* Kalman update of both axes with foot (@zx, @zy) of covariance @r (xx, xy, yy). */
static void
track_update (Track        *t,
              double        zx,
              double        zy,
              const double  r[3])
{
  /* State order x, vx, y, vy; the foot measures x and y. */
  double P[4][4] = {
    { t->ax[0].p00, t->ax[0].p01, t->cross[0][0], t->cross[0][1] },
    { t->ax[0].p01, t->ax[0].p11, t->cross[1][0], t->cross[1][1] },
    { t->cross[0][0], t->cross[1][0], t->ax[1].p00, t->ax[1].p01 },
    { t->cross[0][1], t->cross[1][1], t->ax[1].p01, t->ax[1].p11 },
  };
  double y[2] = { zx - t->ax[0].p, zy - t->ax[1].p };
  double row_x[4], row_y[4], s[3], det, si[3], k[4][2];
  double *state[4] = { &t->ax[0].p, &t->ax[0].v, &t->ax[1].p, &t->ax[1].v };

  innovation_cov (t, r, s);
  det = s[0] * s[2] - s[1] * s[1];
  si[0] = s[2] / det;
  si[1] = -s[1] / det;
  si[2] = s[0] / det;
  for (int i = 0; i < 4; i++)
    {
      k[i][0] = P[i][0] * si[0] + P[i][2] * si[1];
      k[i][1] = P[i][0] * si[1] + P[i][2] * si[2];
      *state[i] += k[i][0] * y[0] + k[i][1] * y[1];
    }
  memcpy (row_x, P[0], sizeof row_x);
  memcpy (row_y, P[2], sizeof row_y);
  /* P -= K H P, upper triangle (P is symmetric). */
  for (int i = 0; i < 4; i++)
    for (int j = i; j < 4; j++)
      P[i][j] -= k[i][0] * row_x[j] + k[i][1] * row_y[j];
  t->ax[0].p00 = P[0][0];
  t->ax[0].p01 = P[0][1];
  t->ax[0].p11 = P[1][1];
  t->ax[1].p00 = P[2][2];
  t->ax[1].p01 = P[2][3];
  t->ax[1].p11 = P[3][3];
  t->cross[0][0] = P[0][2];
  t->cross[0][1] = P[0][3];
  t->cross[1][0] = P[1][2];
  t->cross[1][1] = P[1][3];
}

/* Expected height of a person standing at the detection's foot. */
static float
expected_at_foot (const TlSceneGeometry *geo,
                  const TlDetection     *det)
{
  return (float) tl_scene_geometry_person_px (geo, det->x + det->w / 2, det->y + det->h);
}

/* Whether the frame's bottom edge cuts @det (tl_scene_geometry_foot_row): his head is seen,
 * his feet are not. */
static int
below_frame (const TlSceneGeometry *geo,
             const TlDetection     *det)
{
  return det->y + det->h > geo->height + 0.5f;
}

/* Moves the usual size toward the detection's by @rate, within what people look like: on the
 * demo matches a cleanly detected player is 0.8-1.05 of the expected height of a 1.8 m person
 * (10th-95th percentile) and 0.3-0.6 of it wide; a size outside that was learnt from a blob
 * with a neighbour in it or a head missing. */
static void
learn_size (const TlSceneGeometry *geo,
            Track                 *t,
            const TlDetection     *det,
            float                  rate)
{
  float expected = expected_at_foot (geo, det);
  /* Cut by the frame's bottom edge, his height is a person's by construction: only a new
   * track takes it. */
  float rate_h = below_frame (geo, det) && t->size[1] > 0 ? 0 : rate;
  float w = t->size[0] + (det->w / expected - t->size[0]) * rate;
  float h = t->size[1] + (det->h / expected - t->size[1]) * rate_h;

  t->size[0] = w < 0.3f ? 0.3f : w > 0.65f ? 0.65f : w;
  t->size[1] = h < 0.8f ? 0.8f : h > 1.1f ? 1.1f : h;
}

static void
track_init (const TlSceneGeometry *geo,
            Track                 *t,
            const TlDetection     *det,
            double                 r)
{
  memset (t, 0, sizeof *t);
  t->ax[0].p = det->foot_x;
  t->ax[1].p = det->foot_y;
  for (int i = 0; i < 2; i++)
    {
      t->ax[i].p00 = r;
      t->ax[i].p11 = r * 400;   /* unknown speed: up to ~7 m/s at one sigma */
    }
  t->hits = 1;
  t->team = -1;
  t->born[0] = det->foot_x;
  t->born[1] = det->foot_y;
  memcpy (t->box, &det->x, sizeof t->box);
  t->size[0] = t->size[1] = 0;
  learn_size (geo, t, det, 1.0f);
  for (int c = 0; c < 3; c++)
    t->colour[c] = det->colour[c];
}

/* A detection this many times nearer the other team's mean shirt than the track's own team's
 * is the other team's player. The teams' shirts are only 2.5-3 apart in colour_dist on some
 * demos (at 1920x576 the shirt band mixes with arms, grass and shorts), so the colour cost
 * alone let such matches through. 60 s demos, means over eight: gate 2 IDF1 0.695 -> 0.699,
 * 2.5 0.705, 3 0.703; frames of a player under a track of the other team 9,750 -> 3,300 at 2,
 * 3,160 at 2.5 and 3,800 at 3. Only while the teams are distinct (TlTeamsFit): passers-by
 * are no teams. */
#define TEAM_GATE 2.5

/* How far apart two mean colours are: luma counts half (shade changes with light), 24 levels
 * of hue make 1. */
static double
team_colour_gap (const float a[3],
                 const float b[3])
{
  return (fabs (a[0] - b[0]) * 0.5 + fabs (a[1] - b[1]) + fabs (a[2] - b[2])) / 24.0;
}

/* The same from a track's colour to a detection's. */
static double
colour_dist (const float        a[3],
             const uint8_t      b[3])
{
  const float bf[3] = { b[0], b[1], b[2] };

  return team_colour_gap (a, bf);
}

/* Adds to @r (xx, xy, yy) the variance of an error of @pixels pixels along image direction
 * (@dx, @dy) (metres per pixel on the ground), at least the fixed floor @floor_var. */
static void
add_pixel_error (double r[3],
                 double dx,
                 double dy,
                 double pixels,
                 double floor_var)
{
  double len2 = dx * dx + dy * dy;
  double var = fmax (floor_var, pixels * pixels * len2);

  if (len2 <= 0)
    {
      r[0] += floor_var;
      r[2] += floor_var;
      return;
    }
  r[0] += var * dx * dx / len2;
  r[1] += var * dx * dy / len2;
  r[2] += var * dy * dy / len2;
}

/* Measurement covariance (xx, xy, yy) of a detection's foot on the ground: at least the fixed
 * 0.35 m, more where a pixel covers more ground (far away a pixel is metres deep), and
 * oriented along the image's rows and columns: a foot found two pixels too low moves along
 * the camera's ray, which away from the middle of the panorama is slanted to the pitch's axes.
 * With per-axis variances that depth error leaked into x as a lateral jump of a metre that the
 * filter trusted (0.35 m there), and neighbours side by side swapped (docs/tracking.md). */
static void
meas_cov_at (const TlPersonTracks *tracks,
             const TlDetection    *det,
             double                r[3])
{
  const TlCamera *cam = &tracks->geo->camera;
  double u = det->x + det->w / 2, v = det->y + det->h, x0, y0, x1, y1, x2, y2;

  r[0] = r[2] = tracks->meas_var;
  r[1] = 0;
  if (!tracks->geo->have_camera
      || tl_camera_unproject_ground (cam, u, v, &x0, &y0) != TL_CAMERA_OK
      || tl_camera_unproject_ground (cam, u + 1.0, v, &x1, &y1) != TL_CAMERA_OK
      || tl_camera_unproject_ground (cam, u, v + 1.0, &x2, &y2) != TL_CAMERA_OK)
    return;
  r[0] = r[1] = r[2] = 0;
  /* A foot is found to a pixel or so across and two pixels in depth (shadows, boots). */
  add_pixel_error (r, x1 - x0, y1 - y0, 1.0, tracks->meas_var);
  add_pixel_error (r, x2 - x0, y2 - y0, 2.0, tracks->meas_var);
}

static double
match_cost (const TlPersonTracks *tracks,
            const Track          *t,
            const TlDetection    *det)
{
  double d2, cd, r[3], s[3];
  double yx = det->foot_x - t->ax[0].p, yy = det->foot_y - t->ax[1].p;

  meas_cov_at (tracks, det, r);
  innovation_cov (t, r, s);
  d2 = (s[2] * yx * yx - 2 * s[1] * yx * yy + s[0] * yy * yy) / (s[0] * s[2] - s[1] * s[1]);
  if (d2 > 25)                  /* 5 sigma: not this track */
    return INFINITY;
  /* A supported detection (tl-detect.c) is a small blob at the predicted foot: it carries a
   * track through a few seconds of a player the mask mostly loses, not for ever, so that no
   * track lives on a speck of noise where a player was. On the demos a limit of 2 s, 4 s or
   * 10 s gives the same figures to the digit. */
  if (det->supported && t->supported_run >= tracks->max_supported)
    return INFINITY;
  /* A player of the other team, alone in his blob, is never this track's player: without the
   * gate, a track coming out of a group on the wrong side took the opponent and learnt his
   * shirt within a second, keeping him for tens of seconds (docs/tracking.md). A merged
   * blob's colour lies between the teams and passes. */
  if (tracks->teams_distinct && t->team >= 0
      && TEAM_GATE * colour_dist (tracks->team_colour[1 - t->team], det->colour)
         < colour_dist (tracks->team_colour[t->team], det->colour))
    return INFINITY;
  /* Colour keeps players of the two teams apart where they bunch: on most demos the shirts of
   * the teams are about 4 apart, so a detection of the other team's shirt costs more than
   * leaving the track unmatched (30), while a blob merging two players, whose colour is a
   * mixture (about 2 from either), only loses ties. Weight 3 up to 4 rather than 2 up to 2:
   * identity switches -10% to -23% on the 60 s demos (docs/tracking.md). */
  cd = fmin (colour_dist (t->colour, det->colour), 4.0);
  return d2 + 3 * cd * cd;
}

/* Picks the candidate position nearest @want (the first when there is no prediction). */
static float
nearest (const float *cands,
         int          n,
         int          have_want,
         float        want)
{
  int best = 0;

  for (int i = 1; have_want && i < n; i++)
    if (fabsf (cands[i] - want) < fabsf (cands[best] - want))
      best = i;
  return cands[best];
}

/* The foreground mask misses the blended pixels at a player's left and right edges, about one
 * pixel in all at 1920x576: reported boxes are that much wider than the blobs they come from
 * (docs/tracking.md). */
#define SILHOUETTE_EDGE_PX 1.0f

/* Whether @det is a piece cut from a wider blob on one side only (TlDetection.cut_sides). */
static int
cut_on_one_side (const TlDetection *det)
{
  return det->cut_sides == TL_CUT_LEFT || det->cut_sides == TL_CUT_RIGHT;
}

/* The left edge of a box @bw wide (silhouette edges included) standing on @det's uncut side,
 * for a piece cut on one side only: the player there reaches across the cut. */
static float
from_own_edge (const TlDetection *det,
               float              bw)
{
  return det->cut_sides == TL_CUT_RIGHT ? det->x - SILHOUETTE_EDGE_PX / 2
                                        : det->x + det->w - bw + SILHOUETTE_EDGE_PX / 2;
}

/* Fits the player's usual box size to a detection. A detection of about his size is used as
 * it is (the usual size standing on its foot). A detection much wider or taller holds him and
 * a neighbour (one beside or behind him); a much smaller one lost his head, his feet or an
 * arm: the box is then anchored to the edge of the detection nearest his predicted position.
 * *@shown_x is the left edge to report, which differs from @box's for a player in front of
 * another. Returns 1 when the detection was used as it is (a clean match), 0 when anchored. */
static int
fit_box (const TlSceneGeometry *geo,
         const Track           *t,
         const TlDetection     *det,
         float                  box[4],
         float                 *shown_x)
{
  float expected = expected_at_foot (geo, det);
  float sw = t->size[0] * expected, sh = t->size[1] * expected, bw = sw + SILHOUETTE_EDGE_PX;
  /* A striding player (tl-detect.c) spreads up to 1.8 times his usual width. */
  float widest = det->striding ? 1.8f : 1.45f;
  int clean = 1;

  if (t->hits < 3 || (det->w <= widest * sw + 1 && det->w >= 0.6f * sw - 1))
    {
      /* A player spreading his legs or arms is wider than usual, one seen side-on narrower:
       * his blob's width says which, where it is measured to a pixel or two in 30 (a far
       * player's is too noisy to be narrower than usual). */
      bw = (sh >= 30 ? det->w : fmaxf (sw, det->w)) + SILHOUETTE_EDGE_PX;
      box[0] = det->x + (det->w - bw) / 2;
      /* A piece cut from a blob of two players, narrower than he is: the rest of him lies
       * across the cut, in his neighbour's piece, and the box reaches over it from his own
       * edge rather than being centred on the piece. */
      if (bw > det->w + SILHOUETTE_EDGE_PX && cut_on_one_side (det))
        box[0] = from_own_edge (det, bw);
    }
  else
    {
      float c[3] = { det->x, det->x + det->w - sw, det->x + (det->w - sw) / 2 };

      /* Wider: he is at one side; narrower: at a side or in the middle. */
      box[0] = nearest (c, det->w > sw ? 2 : 3, t->have_pred, t->pred_u - sw / 2)
               - SILHOUETTE_EDGE_PX / 2;
      clean = 0;
    }
  *shown_x = box[0];
  /* Much narrower than him and cut on one side: he is shown from his own edge as above, while
   * the filter keeps the side his prediction chose (fed the cut side's box instead, tracks
   * swapped more: IDF1 mean 0.708 -> 0.698 on the 60 s demos). */
  if (!clean && det->w < sw && cut_on_one_side (det))
    *shown_x = from_own_edge (det, bw);
  box[2] = bw;
  box[3] = sh;
  /* Cut by the frame's bottom edge: his head is where his box starts. */
  if (below_frame (geo, det))
    {
      box[1] = det->y;
      return clean;
    }
  box[1] = det->y + det->h - sh;
  /* A detection shorter than the player lost his head or his feet (dark boots and socks
   * pass the shadow test): his box spans it, placed by where his foot should be. A supported
   * detection is what is left of him at his foot, his legs: his foot is no further below it
   * than his boots, a tenth of his height. Placed by the prediction alone, the legs told the
   * filter nothing of his depth, and a player who stopped with only his legs left in the mask
   * had his track go on at its last speed until they were out of reach (the far assistant
   * referee on s15 after 70 frames). */
  if (t->hits >= 3 && det->h < sh && t->have_pred)
    {
      float foot = det->supported ? fminf (t->pred_v, det->y + det->h + 0.1f * sh) : t->pred_v;

      box[1] = fminf (det->y, fmaxf (box[1], foot - sh));
    }
  if (t->hits >= 3 && det->h > 1.12f * sh + 1)
    {
      float c[2] = { det->y + det->h - sh, det->y };

      box[1] = nearest (c, 2, t->have_pred, t->pred_v - sh);
      /* Standing at the bottom of a tall blob, he is the player in front: show him centred on
       * his legs, as the blob's middle lies between him and the one behind. The filter keeps
       * the blob's middle: fed the legs, it swapped more players on one 60 s demo (IDF1 -0.02
       * on seed 2, docs/tracking-experiments.md). */
      if (box[1] == c[0] && clean)
        *shown_x = det->legs_x - bw / 2;
    }
  /* Much taller or shorter than he is: the detection holds more or less than him. */
  if (t->hits >= 3 && (det->h > 1.12f * sh + 1 || det->h < 0.8f * sh - 1))
    clean = 0;
  return clean;
}

/* Whether @t stands still, judged in the picture: at the far touchline a pixel of the foot's
 * row is metres of depth, and a far player standing still read 0.7-1.1 m/s on the pitch from
 * that jitter alone (the far assistant referee on s15), so his unchanged pixels were never
 * kept. Those pixels are compared a pixel either way (tl_still_patch_change): what matters is
 * how far his foot moves in the image against his height there. */
static int
standing (const TlPersonTracks *tracks,
          const Track          *t)
{
  double u0, v0, u1, v1;

  if (tl_scene_geometry_image (tracks->geo, t->ax[0].p, t->ax[1].p, &u0, &v0) < 0
      || tl_scene_geometry_image (tracks->geo, t->ax[0].p + t->ax[0].v, t->ax[1].p + t->ax[1].v,
                                  &u1, &v1) < 0)
    return 0;
  return hypot (u1 - u0, v1 - v0)
         < tracks->still_rate * tl_scene_geometry_person_px (tracks->geo, u0, v0);
}

/* Keeps the pixels of a player standing still in his detection @det (foot @foot on the
 * ground), for the frames in which the mask loses him (tl-still-patch.h); forgets them once he
 * moves. Any detection of his will do, a broken or a supported one too: a player fading into
 * the model is most often matched to what is left of him (the far assistant referee on one
 * demo: 70 clean matches of 585). A track that never went 2 m from where it was born is not
 * kept: that is what a ghost's track looks like (tl-bg-hold.h), and a ghost's pixels, the
 * scene behind the player who left, never change. */
static void
keep_still_pixels (TlPersonTracks    *tracks,
                   Track             *t,
                   const TlDetection *det,
                   double             foot_x,
                   double             foot_y)
{
  const float foot[2] = { (float) foot_x, (float) foot_y };
  int x0, y0;

  if (!t->moved && hypot (t->ax[0].p - t->born[0], t->ax[1].p - t->born[1]) >= 2.0 * tracks->unit)
    t->moved = 1;
  if (!standing (tracks, t))
    {
      t->still.n = 0;
      return;
    }
  if (!t->moved || tracks->pixels == NULL || tracks->mask == NULL)
    return;
  x0 = (int) floorf (det->x);
  y0 = (int) floorf (det->y);
  tl_still_patch_take (&t->still, tracks->pixels, tracks->mask, tracks->geo->width, x0, y0,
                       (int) ceilf (det->x + det->w) - x0, (int) ceilf (det->y + det->h) - y0,
                       foot);
}

/* @t's usual box (x, y, w, h) standing on its predicted foot pixel (have_pred). */
static void
usual_box_at_pred (const TlPersonTracks *tracks,
                   const Track          *t,
                   float                 box[4])
{
  float expected = (float) tl_scene_geometry_person_px (tracks->geo, t->pred_u, t->pred_v);

  box[2] = t->size[0] * expected + SILHOUETTE_EDGE_PX;
  box[3] = t->size[1] * expected;
  box[0] = t->pred_u - box[2] / 2;
  box[1] = t->pred_v - box[3];
}

/* When @t, which no detection matched, stands where his kept pixels still show him, he is
 * seen there, his box his usual one on that foot. */
static void
found_standing (TlPersonTracks *tracks,
                Track          *t)
{
  double r[3] = { tracks->meas_var, 0, tracks->meas_var };

  if (t->misses == 0 || t->still.n == 0 || tracks->pixels == NULL
      || tl_still_patch_change (&t->still, tracks->pixels) > tracks->still_change)
    return;
  track_update (t, t->still.foot[0], t->still.foot[1], r);
  if (t->have_pred)
    usual_box_at_pred (tracks, t, t->box);
  t->hits++;
  t->misses = 0;
}

/* Updates @t with its detection @det, whose fitted box is @box (reported from @shown_x);
 * @clean when the detection is the player alone (see fit_box). */
static void
track_absorb (TlPersonTracks    *tracks,
              Track             *t,
              const TlDetection *det,
              const float        box[4],
              float              shown_x,
              int                clean)
{
  double r[3], fx = det->foot_x, fy = det->foot_y;

  /* A box anchored to one edge of a merged or broken blob, or to the head of a player the
   * frame's bottom edge cuts, has a foot of its own. */
  if (!clean || below_frame (tracks->geo, det))
    tl_scene_geometry_ground (tracks->geo, box[0] + box[2] / 2, box[1] + box[3], &fx, &fy);
  meas_cov_at (tracks, det, r);
  track_update (t, fx, fy, r);
  t->hits++;
  t->misses = 0;
  t->supported_run = det->supported ? t->supported_run + 1 : 0;
  keep_still_pixels (tracks, t, det, fx, fy);
  /* A merged blob's colour is a mixture: learn only from clean matches. */
  for (int c = 0; clean && c < 3; c++)
    t->colour[c] += (det->colour[c] - t->colour[c]) * 0.1f;
  memcpy (t->box, box, sizeof t->box);
  t->box[0] = shown_x;
  /* The usual size follows clean matches (a blob loses a far player's head in one frame and
   * gains a neighbour's leg in the next, a few pixels on a box of twenty); merged or broken
   * ones only nudge it, so a size learnt wrong at birth still recovers. */
  learn_size (tracks->geo, t, det, clean ? 0.3f : 0.02f);
}

/* Assigns detections to the tracks [first, first + n) of the live list. */
static int
associate (TlPersonTracks    *tracks,
           int                first,
           int                n,
           const TlDetection *dets,
           int                n_dets)
{
  if (n == 0 || n_dets == 0)
    return 0;
  if (tl_array_reserve ((void **) &tracks->cost, &tracks->cost_capacity, n * n_dets,
                        sizeof (double), 64) < 0
      || tl_array_reserve ((void **) &tracks->match, &tracks->match_capacity, n, sizeof (int),
                           64) < 0)
    return -1;

  for (int i = 0; i < n; i++)
    for (int j = 0; j < n_dets; j++)
      tracks->cost[(long) i * n_dets + j] =
        tracks->det_used[j] || dets[j].klass != TL_OBJECT_PERSON
        ? INFINITY : match_cost (tracks, &tracks->live.items[first + i], &dets[j]);

  if (tl_assign_solve (tracks->cost, n, n_dets, 30.0, tracks->match) < 0)
    return -1;

  for (int i = 0; i < n; i++)
    if (tracks->match[i] >= 0)
      {
        Track *t = &tracks->live.items[first + i];
        const TlDetection *det = &dets[tracks->match[i]];
        float box[4], shown_x;
        int clean = fit_box (tracks->geo, t, det, box, &shown_x);

        track_absorb (tracks, t, det, box, shown_x, clean);
        tracks->det_used[tracks->match[i]] = 1;
      }
  return 0;
}

/* How long an unseen track still hands its predicted foot to the detector. Only tracks seen in
 * the last frame did before (a track unseen may have left the blob it was in); but a player
 * who walked into his neighbour's blob has no piece of his own there until his foot cuts one,
 * and his track coasts on beside him. 60 s demos, mean MOTA / IDF1 / HOTA against 0.8704 /
 * 0.7170 / 0.5636 (seen tracks only): 1 frame 0.8730 / 0.7014 / 0.5561, 3 frames 0.8750 /
 * 0.7096 / 0.5608, 8 frames 0.8786 / 0.7190 / 0.5671, 16 frames 0.8766 / 0.7164 / 0.5659,
 * every coasting track 0.8774 / 0.7130 / 0.5625. */
#define FEET_UNSEEN_FRAMES 8

int
tl_person_tracks_predict_feet (TlPersonTracks *tracks,
                               const float   **out)
{
  int n = 0;

  if (tl_array_reserve ((void **) &tracks->feet, &tracks->feet_capacity, 2 * tracks->live.n + 2,
                        sizeof (float), 64) < 0)
    return -1;
  for (int i = 0; i < tracks->live.n; i++)
    {
      const Track *t = &tracks->live.items[i];
      double u, v;

      /* The position track_predict will give. One not confirmed may be a piece of a player.
       * One unseen for a few frames is most often hidden in a neighbour's blob, which its foot
       * then cuts, so that it is seen again (FEET_UNSEEN_FRAMES). */
      if (!t->confirmed || t->misses > FEET_UNSEEN_FRAMES
          || tl_scene_geometry_image (tracks->geo, t->ax[0].p + t->ax[0].v * tracks->dt,
                                      t->ax[1].p + t->ax[1].v * tracks->dt, &u, &v) != 0)
        continue;
      tracks->feet[2 * n] = (float) u;
      tracks->feet[2 * n + 1] = (float) v;
      n++;
    }
  *out = tracks->feet;
  return n;
}

/* A newly confirmed track may be a lost one back from an occlusion: take its id. */
static void
reidentify (TlPersonTracks *tracks,
            Track          *t)
{
  int best = -1;
  double best_score = 1e30;

  for (int i = 0; i < tracks->lost.n; i++)
    {
      const Track *old = &tracks->lost.items[i];
      double gap = (old->lost_for + tracks->max_coast) * tracks->dt;
      double reach = 1.0 * tracks->unit + tracks->max_speed * gap;
      double dx = t->ax[0].p - old->ax[0].p, dy = t->ax[1].p - old->ax[1].p;
      double d = sqrt (dx * dx + dy * dy);
      double cd = colour_dist (old->colour, (const uint8_t[3]) {
                                 (uint8_t) t->colour[0], (uint8_t) t->colour[1],
                                 (uint8_t) t->colour[2] });
      double score;

      if (d > reach || cd > 1.5)
        continue;
      score = d / reach + cd;
      if (score < best_score)
        {
          best_score = score;
          best = i;
        }
    }

  if (best >= 0)
    {
      t->id = tracks->lost.items[best].id;
      t->team = tracks->lost.items[best].team;
      memcpy (t->team_votes, tracks->lost.items[best].team_votes, sizeof t->team_votes);
      tracks->lost.items[best] = tracks->lost.items[--tracks->lost.n];
    }
  else
    t->id = tracks->next_id++;
}

/* Team 0 is the shirt with the lower U + V (tl_teams_cluster); where the two shirts are
 * nearly as high, that order could flip from one clustering to the next and with it every
 * vote and the team gate. The new teams keep the order of the last ones. */
static void
keep_team_order (TlPersonTracks *tracks,
                 TlTeamsFit     *fit,
                 int            *labels,
                 int             n)
{
  const float (*old)[3] = (const float (*)[3]) tracks->team_colour;
  float (*centre)[3] = fit->centre;

  if (tracks->have_team_colours
      && team_colour_gap (centre[0], old[1]) + team_colour_gap (centre[1], old[0])
         < team_colour_gap (centre[0], old[0]) + team_colour_gap (centre[1], old[1]))
    {
      for (int k = 0; k < n; k++)
        if (labels[k] >= 0)
          labels[k] = 1 - labels[k];
      for (int c = 0; c < 3; c++)
        {
          float swap = centre[0][c];

          centre[0][c] = centre[1][c];
          centre[1][c] = swap;
        }
    }
  memcpy (tracks->team_colour, centre, sizeof tracks->team_colour);
  tracks->have_team_colours = 1;
  tracks->teams_distinct = fit->distinct;
}

static void
assign_teams (TlPersonTracks *tracks)
{
  float (*colours)[3];
  TlTeamsFit fit;
  int *labels, *index;
  int n = 0;

  colours = malloc ((size_t) tracks->live.n * sizeof *colours);
  labels = malloc ((size_t) tracks->live.n * sizeof *labels);
  index = malloc ((size_t) tracks->live.n * sizeof *index);
  if (colours && labels && index)
    {
      for (int i = 0; i < tracks->live.n; i++)
        {
          const Track *t = &tracks->live.items[i];

          if (t->confirmed && t->hits >= 10 && t->misses == 0)
            {
              memcpy (colours[n], t->colour, sizeof colours[n]);
              index[n++] = i;
            }
        }
      if (n >= 4 && tl_teams_cluster ((const float (*)[3]) colours, n, labels, &fit) == 0)
        {
          keep_team_order (tracks, &fit, labels, n);
          for (int k = 0; k < n; k++)
            {
              Track *t = &tracks->live.items[index[k]];

              /* Votes with a cap: a track's team flips only after a run of contrary votes. */
              if (labels[k] >= 0)
                {
                  t->team_votes[labels[k]] += t->team_votes[labels[k]] < 20;
                  t->team_votes[1 - labels[k]] -= t->team_votes[1 - labels[k]] > 0;
                }
              else
                for (int l = 0; l < 2; l++)
                  t->team_votes[l] -= t->team_votes[l] > 0;
              t->team = t->team_votes[0] > t->team_votes[1] + 2 ? 0
                        : t->team_votes[1] > t->team_votes[0] + 2 ? 1 : -1;
            }
        }
    }
  free (colours);
  free (labels);
  free (index);
}

/* An unseen track is reported while coasting only where its prediction is likely to still
 * overlap the player by half: it has a second of history (short-lived tracks, a split blob
 * or a shadow, predict badly) and its box is at least 40 px tall. On the demo matches a far
 * player is 15-25 px tall at 1920x576 and his foot a metre deep per pixel, and reporting his
 * predicted box cost more false positives than it saved misses (docs/tracking-experiments.md). */
static int
coast_reportable (const Track *t)
{
  return t->hits >= 25 && t->box[3] >= 40;
}

static void
report (const TlPersonTracks *tracks,
        const Track          *t,
        TlTrackUpdate        *u)
{
  u->id = t->id;
  u->klass = TL_OBJECT_PERSON;
  u->state = t->misses == 0 ? TL_TRACK_CONFIRMED : TL_TRACK_COASTING;
  u->team = t->team;
  u->pitch_x = (float) t->ax[0].p;
  u->pitch_y = (float) t->ax[1].p;
  u->vx = (float) t->ax[0].v;
  u->vy = (float) t->ax[1].v;
  u->x = t->box[0];
  u->y = t->box[1];
  u->w = t->box[2];
  u->h = t->box[3];
  if (t->misses > 0 && t->have_pred)
    {
      float box[4];

      usual_box_at_pred (tracks, t, box);
      u->x = box[0];
      u->y = box[1];
      u->w = box[2];
      u->h = box[3];
    }
}

/* Hands out the reports @t made while tentative, now that it is confirmed (and has its id). */
static int
hand_out_early (TlPersonTracks *tracks,
                const Track    *t)
{
  int first = t->hits - TL_PERSON_TRACKS_MAX_LATE > 1 ? t->hits - TL_PERSON_TRACKS_MAX_LATE : 1;

  if (tl_array_reserve ((void **) &tracks->late, &tracks->late_capacity,
                        tracks->n_late + TL_PERSON_TRACKS_MAX_LATE, sizeof (TlLateUpdate), 64) < 0)
    return -1;
  for (int hit = first; hit < t->hits; hit++)
    {
      TlLateUpdate *late = &tracks->late[tracks->n_late++];

      late->back = t->hits - hit;
      late->update = t->early[(hit - 1) % TL_PERSON_TRACKS_MAX_LATE];
      late->update.id = t->id;
      late->update.team = t->team;
    }
  return 0;
}

int
tl_person_tracks_get_late (TlPersonTracks      *tracks,
                           const TlLateUpdate **out)
{
  *out = tracks->late;
  return tracks->n_late;
}

int
tl_person_tracks_update (TlPersonTracks       *tracks,
                         const TlDetection    *dets,
                         int                   n_dets,
                         const TlFrame        *frame,
                         const uint8_t        *mask,
                         const TlTrackUpdate **out)
{
  double q = tracks->accel_var;
  int n_confirmed = 0, n_out = 0;

  tracks->n_late = 0;
  tracks->pixels = frame;
  tracks->mask = mask;
  if (tl_array_reserve ((void **) &tracks->det_used, &tracks->det_capacity, n_dets + 1,
                        sizeof (int), 64) < 0)
    return -1;
  memset (tracks->det_used, 0, (size_t) (n_dets + 1) * sizeof (int));

  /* Confirmed tracks first, so a tentative track never steals a confirmed one's detection. */
  for (int i = 0; i < tracks->live.n; i++)
    {
      Track *t = &tracks->live.items[i];

      track_predict (t, tracks->dt, q);
      t->misses++;
      {
        double u = 0, v = 0;

        t->have_pred = tl_scene_geometry_image (tracks->geo, t->ax[0].p, t->ax[1].p, &u, &v) == 0;
        t->pred_u = (float) u;
        t->pred_v = (float) v;
      }
      if (t->confirmed)
        {
          Track tmp = tracks->live.items[n_confirmed];

          tracks->live.items[n_confirmed] = *t;
          *t = tmp;
          n_confirmed++;
        }
    }
  if (associate (tracks, 0, n_confirmed, dets, n_dets) < 0)
    return -1;
  if (associate (tracks, n_confirmed, tracks->live.n - n_confirmed, dets, n_dets) < 0)
    return -1;
  /* A confirmed track no detection took may be a player the background model has absorbed. */
  for (int i = 0; i < n_confirmed; i++)
    found_standing (tracks, &tracks->live.items[i]);

  /* Deaths: tentative tracks at their first miss, confirmed ones after coasting too long. */
  for (int i = 0; i < tracks->live.n;)
    {
      Track *t = &tracks->live.items[i];

      if ((!t->confirmed && t->misses > 0) || t->misses > tracks->max_coast)
        {
          if (t->confirmed)
            {
              if (tl_array_reserve ((void **) &tracks->lost.items, &tracks->lost.capacity,
                                    tracks->lost.n + 1, sizeof (Track), 64) < 0)
                return -1;
              t->lost_for = 0;
              tracks->lost.items[tracks->lost.n++] = *t;
            }
          *t = tracks->live.items[--tracks->live.n];
          continue;
        }
      /* Small boxes (far players, 15-25 px on the demo at 1920x576) need a longer run of
       * detections: fragments of lines, boards and shadows are that small too. */
      if (!t->confirmed && t->hits >= (t->box[3] >= 40 ? 3 : tracks->confirm_hits))
        {
          t->confirmed = 1;
          reidentify (tracks, t);
          if (hand_out_early (tracks, t) < 0)
            return -1;
        }
      else if (!t->confirmed)
        report (tracks, t, &t->early[(t->hits - 1) % TL_PERSON_TRACKS_MAX_LATE]);
      i++;
    }

  for (int i = 0; i < tracks->lost.n;)
    if (++tracks->lost.items[i].lost_for > tracks->reid_frames)
      tracks->lost.items[i] = tracks->lost.items[--tracks->lost.n];
    else
      i++;

  /* Births. */
  for (int j = 0; j < n_dets; j++)
    {
      Track *born;

      /* A supported detection is a piece of a tracked player, never a new one. */
      if (tracks->det_used[j] || dets[j].klass != TL_OBJECT_PERSON || dets[j].supported)
        continue;
      if (tl_array_reserve ((void **) &tracks->live.items, &tracks->live.capacity,
                            tracks->live.n + 1, sizeof (Track), 64) < 0)
        return -1;
      born = &tracks->live.items[tracks->live.n++];
      track_init (tracks->geo, born, &dets[j], tracks->meas_var);
      report (tracks, born, &born->early[0]);
    }

  if (tracks->frame % 25 == 0)
    assign_teams (tracks);
  tracks->frame++;

  if (tl_array_reserve ((void **) &tracks->out, &tracks->out_capacity, tracks->live.n + 1,
                        sizeof (TlTrackUpdate), 64) < 0)
    return -1;
  for (int i = 0; i < tracks->live.n; i++)
    {
      const Track *t = &tracks->live.items[i];

      if (t->confirmed
          && (t->misses == 0 || (t->misses <= tracks->report_coast && coast_reportable (t))))
        report (tracks, t, &tracks->out[n_out++]);
    }

  *out = tracks->out;
  return n_out;
}
