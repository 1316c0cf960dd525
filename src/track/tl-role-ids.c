/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-role-ids.c: identities from the roles in a team's shape (tl-role-ids.h). */
#include "tl-role-ids.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tl-array.h"

/* Roles are placed first from this many of the longest pieces: enough to hold every role of a
 * team, few enough that a short odd piece does not become a role's first place. */
#define SEED_PIECES 60
/* Rounds of placing the pieces and moving each role to the mean of its pieces. */
#define REFINE_ROUNDS 5
/* Rounds at most of settling the labels (settle_labels); they stop once nothing moves. */
#define SETTLE_ROUNDS 10
/* The usual number of a team's players in pieces at once: this share of the frames has no
 * more. */
#define USUAL_SHARE 0.9
/* Frames are counted by their number of a team's players up to this many. */
#define PLAYERS_COUNTED 40

typedef struct
{
  int      votes[3];     /* frames as team -1, 0, 1 */
  int      team;         /* the one it has most often, after the first frame is added */
  int      kept;         /* the caller keeps its id (it has a role all the same, so that the
                          * others' ids do not depend on it) */
  int      in_run;       /* a piece is going on */
  int64_t  run_first;
  int64_t  last_frame;   /* the last frame it was in, -1 none */
  double   sum_x, sum_y; /* the run's offsets from its team's centre */
  int      last_role;    /* while labelling: the role of its latest piece, -1 none */
  int      last_piece;   /* while linking: its latest piece, -1 none */
  int      first_piece;  /* its labelled pieces, after solving: [first_piece, + n_pieces) of */
  int      n_pieces;     /* by_track */
} Track;

typedef struct
{
  uint32_t id;
  int      team;
  int64_t  first, last;
  double   x, y;         /* mean offset from the team's centre */
  int      label;        /* role index over both teams, -1 none */
} Piece;

struct _TlRoleIds
{
  int       min_frames;
  Track    *tracks;      /* by id */
  int       n_tracks, tracks_cap;
  Piece    *pieces;
  int       n_pieces, pieces_cap;
  int       teams_set;   /* each track's team fixed (the first frame came) */
  /* Frames by how many players of each team they have (the last counts that many or more). */
  int64_t   players[2][PLAYERS_COUNTED + 1];
  int       solved;
  uint32_t  first_id;
  int      *by_track;    /* labelled pieces by track, then first frame */
  int      *by_label;    /* labelled pieces by label, then first frame */
  int      *label_first; /* by_label of label r: [label_first[r], label_first[r + 1]) */
  int       n_labels;
  /* Scratch of one frame. */
  int      *order;
  int       order_cap;
  uint32_t *out;
  int       out_cap;
};

TlRoleIds *
tl_role_ids_new (double fps)
{
  TlRoleIds *roles;

  if (!(fps > 0) || (roles = calloc (1, sizeof *roles)) == NULL)
    return NULL;
  roles->min_frames = (int) lround (TL_ROLE_IDS_MIN_PIECE_S * fps);
  return roles;
}

void
tl_role_ids_free (TlRoleIds *roles)
{
  if (roles == NULL)
    return;
  free (roles->tracks);
  free (roles->pieces);
  free (roles->by_track);
  free (roles->by_label);
  free (roles->label_first);
  free (roles->order);
  free (roles->out);
  free (roles);
}

/* Track @id, the table grown to hold it; NULL when out of memory. */
static Track *
track_of (TlRoleIds *roles,
          uint32_t   id)
{
  if (id >= (uint32_t) roles->n_tracks)
    {
      /* The table grows to twice the id: ids are counted from 1 in one analysis. */
      if (id >= INT32_MAX / 4
          || tl_array_reserve ((void **) &roles->tracks, &roles->tracks_cap, (int) id + 1,
                               sizeof (Track), 256) != 0)
        return NULL;
      for (int i = roles->n_tracks; i <= (int) id; i++)
        roles->tracks[i] = (Track) { .team = -1, .last_frame = -1 };
      roles->n_tracks = (int) id + 1;
    }
  return &roles->tracks[id];
}

/* Track @id when it is known, else NULL. */
static const Track *
find_track (const TlRoleIds *roles,
            uint32_t         id)
{
  return id < (uint32_t) roles->n_tracks ? &roles->tracks[id] : NULL;
}

int
tl_role_ids_keep (TlRoleIds *roles,
                  uint32_t   id)
{
  Track *t = track_of (roles, id);

  if (t == NULL)
    return -1;
  t->kept = 1;
  return 0;
}

int
tl_role_ids_vote (TlRoleIds *roles,
                  uint32_t   id,
                  int        team)
{
  Track *t = track_of (roles, id);

  if (t == NULL)
    return -1;
  t->votes[team == 0 ? 1 : team == 1 ? 2 : 0]++;
  return 0;
}

/* Each track's team: the one it has most often, "none" winning a tie. */
static void
set_teams (TlRoleIds *roles)
{
  for (int i = 0; i < roles->n_tracks; i++)
    {
      Track *t = &roles->tracks[i];
      int best = 0;

      for (int k = 1; k < 3; k++)
        if (t->votes[k] > t->votes[best])
          best = k;
      t->team = best - 1;
    }
  roles->teams_set = 1;
}

/* Ends the piece going on in @t (track @id) and keeps it when long enough. */
static int
end_run (TlRoleIds *roles,
         Track     *t,
         uint32_t   id)
{
  int n = (int) (t->last_frame - t->run_first + 1);

  t->in_run = 0;
  if (n < roles->min_frames)
    return 0;
  if (tl_array_reserve ((void **) &roles->pieces, &roles->pieces_cap, roles->n_pieces + 1,
                        sizeof (Piece), 64) != 0)
    return -1;
  roles->pieces[roles->n_pieces++] = (Piece) {
    .id = id, .team = t->team, .first = t->run_first, .last = t->last_frame,
    .x = t->sum_x / n, .y = t->sum_y / n, .label = -1,
  };
  return 0;
}

/* The area of @a that @b covers. */
static double
overlap (const TlRoleObs *a,
         const TlRoleObs *b)
{
  double w = fmin (a->x + a->w, b->x + b->w) - fmax (a->x, b->x);
  double h = fmin (a->y + a->h, b->y + b->h) - fmax (a->y, b->y);

  return w > 0 && h > 0 ? w * h : 0;
}

/* Whether person @j of the @n @obs touches a team-mate (another of track team @team). */
static int
in_group (const TlRoleIds *roles,
          const TlRoleObs *obs,
          int              n,
          int              j,
          int              team)
{
  for (int k = 0; k < n; k++)
    {
      const Track *other = find_track (roles, obs[k].id);

      if (k != j && other != NULL && other->team == team
          && overlap (&obs[j], &obs[k]) >= TL_ROLE_IDS_TOUCH * obs[j].w * obs[j].h)
        return 1;
    }
  return 0;
}

int
tl_role_ids_add_frame (TlRoleIds       *roles,
                       int64_t          frame,
                       const TlRoleObs *obs,
                       int              n)
{
  double cx[2] = { 0, 0 }, cy[2] = { 0, 0 };
  int count[2] = { 0, 0 };

  if (!roles->teams_set)
    set_teams (roles);
  /* The teams' centres, from every player of the team. */
  for (int j = 0; j < n; j++)
    {
      Track *t = track_of (roles, obs[j].id);

      if (t == NULL)
        return -1;
      if (t->team >= 0)
        {
          cx[t->team] += obs[j].ground_x;
          cy[t->team] += obs[j].ground_y;
          count[t->team]++;
        }
    }
  for (int team = 0; team < 2; team++)
    roles->players[team][count[team] < PLAYERS_COUNTED ? count[team] : PLAYERS_COUNTED]++;
  for (int j = 0; j < n; j++)
    {
      Track *t = &roles->tracks[obs[j].id];
      int team = t->team;
      int clean;

      if (team < 0)
        continue;
      clean = count[team] >= TL_ROLE_IDS_MIN_TEAM && !in_group (roles, obs, n, j, team);
      if (t->in_run && (!clean || frame != t->last_frame + 1) && end_run (roles, t, obs[j].id) != 0)
        return -1;
      if (clean)
        {
          if (!t->in_run)
            {
              t->in_run = 1;
              t->run_first = frame;
              t->sum_x = t->sum_y = 0;
            }
          t->sum_x += obs[j].ground_x - cx[team] / count[team];
          t->sum_y += obs[j].ground_y - cy[team] / count[team];
        }
      t->last_frame = frame;
    }
  return 0;
}

static double
distance_to (const Piece  *p,
             const double *role)
{
  return hypot (p->x - role[0], p->y - role[1]);
}

static int
overlaps (const Piece *a,
          const Piece *b)
{
  return a->first <= b->last && b->first <= a->last;
}

/* A piece in a sorted list of them: its sort keys and where it is. */
typedef struct
{
  int64_t  key;          /* sorted by, ascending */
  int64_t  first;        /* then its first frame */
  uint32_t id;           /* then its track */
  int      piece;
} Sorted;

static int
by_keys (const void *a,
         const void *b)
{
  const Sorted *p = a, *q = b;

  if (p->key != q->key)
    return p->key < q->key ? -1 : 1;
  if (p->first != q->first)
    return p->first < q->first ? -1 : 1;
  return p->id < q->id ? -1 : p->id > q->id;
}

/* The pieces of @team (-1 both) into @out (as indices) sorted by @key: 0 first frame, 1 the
 * longest first, 2 track then first frame, 3 label then first frame (those two of the labelled
 * pieces only). The count. */
static int
sort_pieces (const TlRoleIds *roles,
             int              team,
             int              key,
             Sorted          *scratch,
             int             *out)
{
  int n = 0;

  for (int k = 0; k < roles->n_pieces; k++)
    {
      const Piece *p = &roles->pieces[k];

      if ((team >= 0 && p->team != team) || (key >= 2 && p->label < 0))
        continue;
      scratch[n++] = (Sorted) {
        key == 0 ? p->first : key == 1 ? p->first - p->last
                            : key == 2 ? (int64_t) p->id : (int64_t) p->label,
        p->first, p->id, k };
    }
  qsort (scratch, (size_t) n, sizeof *scratch, by_keys);
  for (int k = 0; k < n; k++)
    out[k] = scratch[k].piece;
  return n;
}

static int
by_int64 (const void *a,
          const void *b)
{
  int64_t p = *(const int64_t *) a, q = *(const int64_t *) b;

  return p < q ? -1 : p > q;
}

/* The team's usual number of players in pieces at once: the count of pieces going on that
 * USUAL_SHARE of the frames with any at all do not exceed (interpolated between frames as a
 * percentile), plus one for the player who is never in one long enough. @pieces, @n: the
 * team's pieces; @events: room for 2 @n; @hist: for @n + 1. */
static int
usual_roles (const TlRoleIds *roles,
             const int       *pieces,
             int              n,
             int64_t         *events,
             int64_t         *hist)
{
  int64_t total = 0, cum = 0, lo_value = 0, hi_value = 0;
  double pos;
  int64_t lo;
  int count = 0;

  /* A start sorts after an end of the same frame: frame * 2 + 1. */
  for (int k = 0; k < n; k++)
    {
      events[2 * k] = roles->pieces[pieces[k]].first * 2 + 1;
      events[2 * k + 1] = (roles->pieces[pieces[k]].last + 1) * 2;
    }
  qsort (events, 2 * (size_t) n, sizeof *events, by_int64);
  memset (hist, 0, sizeof *hist * ((size_t) n + 1));
  for (int k = 0; k < 2 * n; k++)
    {
      count += events[k] & 1 ? 1 : -1;
      if (k + 1 < 2 * n)
        hist[count] += events[k + 1] / 2 - events[k] / 2;
    }
  for (int c = 1; c <= n; c++)
    total += hist[c];
  if (total == 0)
    return 0;
  pos = USUAL_SHARE * (double) (total - 1);
  lo = (int64_t) floor (pos);
  for (int c = 1; c <= n; c++)
    {
      if (lo >= cum && lo < cum + hist[c])
        lo_value = c;
      if (lo + 1 >= cum && lo + 1 < cum + hist[c])
        hi_value = c;
      cum += hist[c];
    }
  if (lo + 1 >= total)
    hi_value = lo_value;
  return (int) floor ((double) lo_value + (double) (hi_value - lo_value) * (pos - (double) lo)) + 1;
}

/* The median number of @team's players in a frame, over the frames with any. */
static int
usual_players (const TlRoleIds *roles,
               int              team)
{
  int64_t total = 0, cum = 0;

  for (int c = 1; c <= PLAYERS_COUNTED; c++)
    total += roles->players[team][c];
  for (int c = 1; c <= PLAYERS_COUNTED; c++)
    if ((cum += roles->players[team][c]) * 2 >= total)
      return c;
  return 0;
}

/* The nearest of the @n_roles roles (places @role_at; none of @dead, NULL for none) to @p that
 * no piece of @placed (the @n_placed labelled so far) overlapping it in time holds; -1 when all
 * are held. Leaves in @busy (room for @n_roles) which are held or dead. */
static int
nearest_free (const TlRoleIds *roles,
              const Piece     *p,
              const int       *placed,
              int              n_placed,
              const double    *role_at,
              const int       *dead,
              int              n_roles,
              int             *busy)
{
  int best = -1;

  for (int r = 0; r < n_roles; r++)
    busy[r] = dead != NULL && dead[r];
  for (int j = 0; j < n_placed; j++)
    if (overlaps (&roles->pieces[placed[j]], p))
      busy[roles->pieces[placed[j]].label] = 1;
  for (int r = 0; r < n_roles; r++)
    if (!busy[r] && (best < 0 || distance_to (p, &role_at[2 * r])
                                 < distance_to (p, &role_at[2 * best])))
      best = r;
  return best;
}

/* How well one team's @n labelled pieces (@starting) stand apart by their roles (places
 * @role_at, @n_roles of them, none of @dead): the silhouette of each piece, (b - a) / max (a,
 * b) with a its distance to its role's place and b to the nearest other, averaged over the
 * pieces' frames. 1 for pieces on their roles' places, 0 for pieces halfway between two. */
static double
separation (const TlRoleIds *roles,
            const int       *starting,
            int              n,
            const double    *role_at,
            const int       *dead,
            int              n_roles)
{
  double sum = 0, frames = 0;

  for (int k = 0; k < n; k++)
    {
      const Piece *p = &roles->pieces[starting[k]];
      double a, b = INFINITY, length = (double) (p->last - p->first + 1);

      if (p->label < 0)
        continue;
      a = distance_to (p, &role_at[2 * p->label]);
      for (int r = 0; r < n_roles; r++)
        if (r != p->label && !dead[r])
          b = fmin (b, distance_to (p, &role_at[2 * r]));
      if (isfinite (b) && fmax (a, b) > 0)
        sum += length * (b - a) / fmax (a, b);
      frames += length;
    }
  return frames > 0 ? sum / frames : 0;
}

/* One team's pieces as settle_labels sees them: each one's track neighbours and the pieces
 * overlapping it in time. */
typedef struct
{
  int *before, *after;      /* by piece: the same track's previous and next piece, -1 none */
  int *position;            /* by piece: its place in the team's time order */
  int *first_overlap;       /* by place in the time order: where its overlaps begin... */
  int *overlap;             /* ...in this: the pieces overlapping it */
} Links;

static void
links_clear (Links *links)
{
  free (links->before);
  free (links->after);
  free (links->position);
  free (links->first_overlap);
  free (links->overlap);
}

/* Links the team's @n pieces (@starting: by first frame); -1 when out of memory. */
static int
links_init (TlRoleIds *roles,
            const int *starting,
            int        n,
            Links     *links)
{
  size_t n_overlaps = 0;
  int *fill;

  *links = (Links) { 0 };
  links->before = malloc (sizeof (int) * ((size_t) roles->n_pieces + 1));
  links->after = malloc (sizeof (int) * ((size_t) roles->n_pieces + 1));
  links->position = malloc (sizeof (int) * ((size_t) roles->n_pieces + 1));
  links->first_overlap = calloc ((size_t) n + 2, sizeof (int));
  if (!links->before || !links->after || !links->position || !links->first_overlap)
    return -1;
  for (int k = 0; k < n; k++)
    {
      links->before[starting[k]] = links->after[starting[k]] = -1;
      links->position[starting[k]] = k;
      roles->tracks[roles->pieces[starting[k]].id].last_piece = -1;
    }
  /* A track's pieces never overlap, so in time order each follows the one before. */
  for (int k = 0; k < n; k++)
    {
      Track *t = &roles->tracks[roles->pieces[starting[k]].id];

      if (t->last_piece >= 0)
        {
          links->before[starting[k]] = t->last_piece;
          links->after[t->last_piece] = starting[k];
        }
      t->last_piece = starting[k];
    }
  /* Those of the pieces after one in time order that start before it ends overlap it. */
  for (int k = 0; k < n; k++)
    for (int j = k + 1; j < n && roles->pieces[starting[j]].first
                                 <= roles->pieces[starting[k]].last; j++)
      {
        links->first_overlap[k + 2]++;
        links->first_overlap[j + 2]++;
        n_overlaps += 2;
      }
  for (int k = 2; k <= n + 1; k++)
    links->first_overlap[k] += links->first_overlap[k - 1];
  if ((links->overlap = malloc (sizeof (int) * (n_overlaps + 1))) == NULL)
    return -1;
  /* first_overlap[k + 1] holds piece k's start, and is moved on as its overlaps go in, to its
   * end: piece k + 1's start. Filled, first_overlap[k] is piece k's start. */
  fill = links->first_overlap + 1;
  for (int k = 0; k < n; k++)
    for (int j = k + 1; j < n && roles->pieces[starting[j]].first
                                 <= roles->pieces[starting[k]].last; j++)
      {
        links->overlap[fill[k]++] = starting[j];
        links->overlap[fill[j]++] = starting[k];
      }
  return 0;
}

/* Whether a piece overlapping piece @k, other than piece @but, holds @role. */
static int
held_beside (const TlRoleIds *roles,
             const Links     *links,
             int              k,
             int              but,
             int              role)
{
  int at = links->position[k];

  for (int j = links->first_overlap[at]; j < links->first_overlap[at + 1]; j++)
    if (links->overlap[j] != but && roles->pieces[links->overlap[j]].label == role)
      return 1;
  return 0;
}

/* What piece @k labelled @role costs: its length times its distance from the role's place,
 * and @change for each of its track's neighbouring pieces labelled otherwise. */
static double
label_cost (const TlRoleIds *roles,
            const Links     *links,
            int              k,
            int              role,
            const double    *role_at,
            double           change)
{
  const Piece *p = &roles->pieces[k];
  int before = links->before[k], after = links->after[k];
  double cost = (double) (p->last - p->first + 1) * distance_to (p, &role_at[2 * role]);

  if (before >= 0 && roles->pieces[before].label >= 0 && roles->pieces[before].label != role)
    cost += change;
  if (after >= 0 && roles->pieces[after].label >= 0 && roles->pieces[after].label != role)
    cost += change;
  return cost;
}

/* Settles one team's labels (@n pieces, @starting: by first frame; roles at @role_at, none of
 * @dead): each piece in turn takes the role, or exchanges its role with the one piece
 * overlapping it that holds it, that lowers the summed label_cost most, until none does. A
 * track's change of role costs as much as a piece of the minimum length TL_ROLE_IDS_CHANGE_M
 * off its place, so the labels that time order gave (a piece judged by the pieces before it)
 * are judged by the whole half. -1 when out of memory. */
static int
settle_labels (TlRoleIds    *roles,
               const int    *starting,
               int           n,
               const double *role_at,
               const int    *dead,
               int           n_roles)
{
  double change = TL_ROLE_IDS_CHANGE_M * roles->min_frames;
  Links links;

  if (links_init (roles, starting, n, &links) != 0)
    {
      links_clear (&links);
      return -1;
    }
  for (int round = 0, moved = 1; round < SETTLE_ROUNDS && moved; round++)
    {
      moved = 0;
      for (int k = 0; k < n; k++)
        {
          int p = starting[k], was = roles->pieces[p].label, best = -1, best_with = -1;
          double best_gain = 0;

          if (was < 0)
            continue;
          for (int r = 0; r < n_roles; r++)
            {
              int with = -1;
              double gain;

              if (r == was || dead[r])
                continue;
              /* No two overlapping pieces share a role: one at most holds it... */
              for (int j = links.first_overlap[k]; j < links.first_overlap[k + 1]; j++)
                if (roles->pieces[links.overlap[j]].label == r)
                  with = links.overlap[j];
              /* ...and takes @was in exchange, if none overlapping it holds that. */
              if (with >= 0 && held_beside (roles, &links, with, p, was))
                continue;
              gain = label_cost (roles, &links, p, was, role_at, change)
                     - label_cost (roles, &links, p, r, role_at, change);
              if (with >= 0)
                gain += label_cost (roles, &links, with, r, role_at, change)
                        - label_cost (roles, &links, with, was, role_at, change);
              if (gain > best_gain)
                {
                  best_gain = gain;
                  best = r;
                  best_with = with;
                }
            }
          if (best < 0)
            continue;
          roles->pieces[p].label = best;
          if (best_with >= 0)
            roles->pieces[best_with].label = was;
          moved = 1;
        }
    }
  links_clear (&links);
  return 0;
}

/* Moves each of the @n_roles roles (places @role_at) that one of the @n @pieces holds to their
 * mean place weighted by length. @weight: room for 3 @n_roles. */
static void
move_roles (TlRoleIds    *roles,
            const int    *pieces,
            int           n,
            int           n_roles,
            double       *role_at,
            double       *weight)
{
  memset (weight, 0, sizeof *weight * (size_t) n_roles * 3);
  for (int k = 0; k < n; k++)
    {
      const Piece *p = &roles->pieces[pieces[k]];
      double length = (double) (p->last - p->first + 1);

      if (p->label < 0)
        continue;
      weight[3 * p->label] += length;
      weight[3 * p->label + 1] += length * p->x;
      weight[3 * p->label + 2] += length * p->y;
    }
  for (int r = 0; r < n_roles; r++)
    if (weight[3 * r] > 0)
      {
        role_at[2 * r] = weight[3 * r + 1] / weight[3 * r];
        role_at[2 * r + 1] = weight[3 * r + 2] / weight[3 * r];
      }
}

/* Places @n_roles roles for one team's @n pieces (@longest: longest first, @starting: by first
 * frame) and labels the pieces from 0 on. Returns the number of labels used, -1 when out of
 * memory. @placed, @busy, @dead, @role_at, @weight: room. */
static int
label_team (TlRoleIds *roles,
            const int *longest,
            const int *starting,
            int        n,
            int        n_roles,
            int       *placed,
            int       *busy,
            int       *dead,
            double    *role_at,
            double    *weight)
{
  int n_seeds = n < SEED_PIECES ? n : SEED_PIECES;
  int n_placed, n_labels = 0;

  /* Spread out first: each next role at the seed piece farthest from those placed. */
  role_at[0] = roles->pieces[longest[0]].x;
  role_at[1] = roles->pieces[longest[0]].y;
  for (int r = 1; r < n_roles; r++)
    {
      int far = longest[0];
      double far_d = -1;

      for (int k = 0; k < n_seeds; k++)
        {
          const Piece *p = &roles->pieces[longest[k]];
          double d = INFINITY;

          for (int q = 0; q < r; q++)
            d = fmin (d, distance_to (p, &role_at[2 * q]));
          if (d > far_d)
            {
              far_d = d;
              far = longest[k];
            }
        }
      role_at[2 * r] = roles->pieces[far].x;
      role_at[2 * r + 1] = roles->pieces[far].y;
    }
  /* Then each role at the mean of the pieces nearest it, the longest placed first. */
  for (int round = 0; round < REFINE_ROUNDS; round++)
    {
      n_placed = 0;
      for (int k = 0; k < n; k++)
        {
          Piece *p = &roles->pieces[longest[k]];

          p->label = nearest_free (roles, p, placed, n_placed, role_at, NULL, n_roles, busy);
          if (p->label >= 0)
            placed[n_placed++] = longest[k];
        }
      move_roles (roles, placed, n_placed, n_roles, role_at, weight);
    }
  /* Two roles this close are one: a player's place wanders further than that. */
  for (int q = 0; q < n_roles; q++)
    {
      dead[q] = 0;
      for (int r = 0; r < q && !dead[q]; r++)
        dead[q] = !dead[r] && hypot (role_at[2 * q] - role_at[2 * r],
                                     role_at[2 * q + 1] - role_at[2 * r + 1]) < TL_ROLE_IDS_SAME_M;
    }
  /* The labels in time order: a track's piece keeps its previous piece's role unless another
   * free one is much nearer, so a player's pieces stay one id where the roles are close. */
  for (int k = 0; k < n; k++)
    {
      roles->pieces[starting[k]].label = -1;
      roles->tracks[roles->pieces[starting[k]].id].last_role = -1;
    }
  n_placed = 0;
  for (int k = 0; k < n; k++)
    {
      Piece *p = &roles->pieces[starting[k]];
      Track *t = &roles->tracks[p->id];
      int keep = t->last_role;
      int best = nearest_free (roles, p, placed, n_placed, role_at, dead, n_roles, busy);

      if (best < 0)
        continue;
      if (keep >= 0 && !busy[keep]
          && !(distance_to (p, &role_at[2 * best])
               < TL_ROLE_IDS_KEEP * distance_to (p, &role_at[2 * keep])))
        best = keep;
      p->label = best;
      t->last_role = best;
      placed[n_placed++] = starting[k];
    }
  /* Settled, then once more with each role at its settled pieces. */
  if (settle_labels (roles, starting, n, role_at, dead, n_roles) != 0)
    return -1;
  move_roles (roles, starting, n, n_roles, role_at, weight);
  if (settle_labels (roles, starting, n, role_at, dead, n_roles) != 0)
    return -1;
  /* Roles the pieces do not stand apart by are no better than the engine's ids. */
  if (separation (roles, starting, n, role_at, dead, n_roles) < TL_ROLE_IDS_MIN_SEPARATION)
    {
      for (int k = 0; k < n; k++)
        roles->pieces[starting[k]].label = -1;
      return 0;
    }
  /* The live roles numbered on from 0 (@dead reused for the numbers). */
  for (int r = 0; r < n_roles; r++)
    dead[r] = dead[r] ? -1 : n_labels++;
  for (int k = 0; k < n; k++)
    if (roles->pieces[starting[k]].label >= 0)
      roles->pieces[starting[k]].label = dead[roles->pieces[starting[k]].label];
  return n_labels;
}

int
tl_role_ids_solve (TlRoleIds *roles,
                   uint32_t   first_id)
{
  int n = roles->n_pieces;
  Sorted *scratch = NULL;
  int *longest = NULL, *starting = NULL, *placed = NULL, *busy = NULL, *dead = NULL;
  int64_t *events = NULL, *hist = NULL;
  double *role_at = NULL, *weight = NULL;
  int n_labels = 0, ok = 0;

  if (!roles->teams_set)
    set_teams (roles);
  for (int i = 0; i < roles->n_tracks; i++)
    if (roles->tracks[i].in_run && end_run (roles, &roles->tracks[i], (uint32_t) i) != 0)
      return -1;
  n = roles->n_pieces;
  scratch = malloc (sizeof *scratch * ((size_t) n + 1));
  longest = malloc (sizeof *longest * ((size_t) n + 1));
  starting = malloc (sizeof *starting * ((size_t) n + 1));
  placed = malloc (sizeof *placed * ((size_t) n + 1));
  busy = malloc (sizeof *busy * ((size_t) n + 2));
  dead = malloc (sizeof *dead * ((size_t) n + 2));
  events = malloc (sizeof *events * (2 * (size_t) n + 1));
  hist = malloc (sizeof *hist * ((size_t) n + 2));
  role_at = malloc (sizeof *role_at * 2 * ((size_t) n + 2));
  weight = malloc (sizeof *weight * 3 * ((size_t) n + 2));
  if (!scratch || !longest || !starting || !placed || !busy || !dead || !events || !hist
      || !role_at || !weight)
    goto out;
  for (int team = 0; team < 2; team++)
    {
      int m = sort_pieces (roles, team, 1, scratch, longest);
      int n_roles;

      sort_pieces (roles, team, 0, scratch, starting);
      n_roles = m > 0 ? usual_roles (roles, starting, m, events, hist) : 0;
      /* A team whose players are seldom in pieces (always in each other's way) holds no shape
       * the pieces could show. */
      if (n_roles == 0 || n_roles - 1 < TL_ROLE_IDS_MIN_HELD * usual_players (roles, team))
        continue;
      n_roles = label_team (roles, longest, starting, m, n_roles, placed, busy, dead, role_at,
                            weight);
      if (n_roles < 0)
        goto out;
      for (int k = 0; k < m; k++)
        if (roles->pieces[starting[k]].label >= 0)
          roles->pieces[starting[k]].label += n_labels;
      n_labels += n_roles;
    }

  /* For the third pass: each track's labelled pieces, each label's pieces, in time order. */
  free (roles->by_track);
  free (roles->by_label);
  free (roles->label_first);
  roles->by_track = malloc (sizeof *roles->by_track * ((size_t) n + 1));
  roles->by_label = malloc (sizeof *roles->by_label * ((size_t) n + 1));
  roles->label_first = calloc ((size_t) n_labels + 1, sizeof *roles->label_first);
  if (!roles->by_track || !roles->by_label || !roles->label_first)
    goto out;
  {
    int m = sort_pieces (roles, -1, 2, scratch, roles->by_track);

    for (int k = 0; k < m; k++)
      {
        Track *t = &roles->tracks[roles->pieces[roles->by_track[k]].id];

        if (t->n_pieces++ == 0)
          t->first_piece = k;
      }
    m = sort_pieces (roles, -1, 3, scratch, roles->by_label);
    for (int k = 0; k < m; k++)
      roles->label_first[roles->pieces[roles->by_label[k]].label + 1] = k + 1;
    for (int r = 1; r <= n_labels; r++)
      if (roles->label_first[r] < roles->label_first[r - 1])
        roles->label_first[r] = roles->label_first[r - 1];
  }
  roles->n_labels = n_labels;
  roles->first_id = first_id;
  roles->solved = 1;
  ok = 1;

out:
  free (scratch);
  free (longest);
  free (starting);
  free (placed);
  free (busy);
  free (dead);
  free (events);
  free (hist);
  free (role_at);
  free (weight);
  return ok ? n_labels : -1;
}

/* Whether a piece labelled @label covers @frame. */
static int
label_held (const TlRoleIds *roles,
            int              label,
            int64_t          frame)
{
  int lo = roles->label_first[label], hi = roles->label_first[label + 1];

  /* The last of the label's pieces that starts at or before @frame. */
  while (hi - lo > 1)
    {
      int mid = (lo + hi) / 2;

      if (roles->pieces[roles->by_label[mid]].first <= frame)
        lo = mid;
      else
        hi = mid;
    }
  return lo < roles->label_first[label + 1]
         && roles->pieces[roles->by_label[lo]].first <= frame
         && frame <= roles->pieces[roles->by_label[lo]].last;
}

/* The label track @t has in @frame: its piece's, else that of its nearest piece in time whose
 * label nobody holds then; -1 for its own id. */
static int
label_at (const TlRoleIds *roles,
          const Track     *t,
          int64_t          frame)
{
  const int *own = roles->by_track + t->first_piece;
  int after = 0, before;

  if (t->team < 0 || t->n_pieces == 0)
    return -1;
  while (after < t->n_pieces && roles->pieces[own[after]].last < frame)
    after++;
  if (after < t->n_pieces && roles->pieces[own[after]].first <= frame)
    return roles->pieces[own[after]].label;
  /* Outwards from the gap, the earlier piece first where two lie as far. */
  before = after - 1;
  while (before >= 0 || after < t->n_pieces)
    {
      const Piece *b = before >= 0 ? &roles->pieces[own[before]] : NULL;
      const Piece *a = after < t->n_pieces ? &roles->pieces[own[after]] : NULL;
      const Piece *p;

      if (b && (!a || frame - b->last <= a->first - frame))
        {
          p = b;
          before--;
        }
      else
        {
          p = a;
          after++;
        }
      if (!label_held (roles, p->label, frame))
        return p->label;
    }
  return -1;
}

int
tl_role_ids_relabel (TlRoleIds *roles,
                     int64_t    frame,
                     uint32_t  *ids,
                     int        n)
{
  if (!roles->solved)
    return 0;
  if (tl_array_reserve ((void **) &roles->order, &roles->order_cap, n, sizeof (int), 64) != 0
      || tl_array_reserve ((void **) &roles->out, &roles->out_cap, n, sizeof (uint32_t), 64) != 0)
    return -1;
  /* The lowest engine id first, so that it takes a role two would take. */
  for (int j = 0; j < n; j++)
    {
      int k = j;

      while (k > 0 && ids[roles->order[k - 1]] > ids[j])
        {
          roles->order[k] = roles->order[k - 1];
          k--;
        }
      roles->order[k] = j;
    }
  for (int k = 0; k < n; k++)
    {
      int j = roles->order[k];
      const Track *t = find_track (roles, ids[j]);
      int label = t ? label_at (roles, t, frame) : -1;
      uint32_t id = label >= 0 ? roles->first_id + (uint32_t) label : ids[j];

      for (int q = 0; q < k && label >= 0; q++)
        if (roles->out[roles->order[q]] == id)
          id = ids[j];
      roles->out[j] = id;
    }
  /* A kept track took its role above, as without the caller's word, and reports its own id. */
  for (int j = 0; j < n; j++)
    {
      const Track *t = find_track (roles, ids[j]);

      if (t != NULL && t->kept)
        roles->out[j] = ids[j];
    }
  memcpy (ids, roles->out, sizeof *ids * (size_t) n);
  return 0;
}
