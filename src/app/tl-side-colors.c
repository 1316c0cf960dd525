/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-side-colors.c: home and away in their kit colours, the rest in the fixed palette. */
#include "config.h"

#include "tl-side-colors.h"
#include "tl-team-colors.h"

struct _TlSideColors
{
  GObject       parent_instance;

  TlMatchSheet *sheet;
  TlTeam       *teams[3];   /* by TlSide (1 home, 2 away); watched for their colour */
  /* Their kit colours parsed once per change, not for every box drawn. */
  GdkRGBA       kits[3];
  gboolean      has_kit[3];
};

G_DEFINE_FINAL_TYPE (TlSideColors, tl_side_colors, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* A team or its colour changed: parse the kits again and tell the widgets. */
static void
emit_changed (TlSideColors *self)
{
  for (TlSide side = TL_SIDE_HOME; side <= TL_SIDE_AWAY; side++)
    {
      const char *color = self->teams[side] != NULL ? tl_team_get_color (self->teams[side])
                                                    : NULL;

      self->has_kit[side] = color != NULL && gdk_rgba_parse (&self->kits[side], color);
      self->kits[side].alpha = 1;
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Follows the team now on each side, so that a colour picked later shows at once. */
static void
watch_teams (TlSideColors *self)
{
  for (TlSide side = TL_SIDE_HOME; side <= TL_SIDE_AWAY; side++)
    {
      TlTeam *team = self->sheet != NULL ? tl_match_sheet_get_team (self->sheet, side) : NULL;

      if (self->teams[side] == team)
        continue;
      if (self->teams[side] != NULL)
        g_signal_handlers_disconnect_by_data (self->teams[side], self);
      g_set_object (&self->teams[side], team);
      if (team != NULL)
        g_signal_connect_swapped (team, "notify::color", G_CALLBACK (emit_changed), self);
    }
}

static void
on_team_changed (TlSideColors *self)
{
  watch_teams (self);
  emit_changed (self);
}

static void
tl_side_colors_dispose (GObject *object)
{
  TlSideColors *self = TL_SIDE_COLORS (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->teams); i++)
    {
      if (self->teams[i] != NULL)
        g_signal_handlers_disconnect_by_data (self->teams[i], self);
      g_clear_object (&self->teams[i]);
    }
  if (self->sheet != NULL)
    g_signal_handlers_disconnect_by_data (self->sheet, self);
  g_clear_object (&self->sheet);

  G_OBJECT_CLASS (tl_side_colors_parent_class)->dispose (object);
}

static void
tl_side_colors_class_init (TlSideColorsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_side_colors_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tl_side_colors_init (TlSideColors *self)
{
}

TlSideColors *
tl_side_colors_new (TlMatchSheet *sheet)
{
  TlSideColors *self;

  g_return_val_if_fail (sheet == NULL || TL_IS_MATCH_SHEET (sheet), NULL);

  self = g_object_new (TL_TYPE_SIDE_COLORS, NULL);
  if (sheet != NULL)
    {
      self->sheet = g_object_ref (sheet);
      g_signal_connect_swapped (sheet, "notify::home-team", G_CALLBACK (on_team_changed), self);
      g_signal_connect_swapped (sheet, "notify::away-team", G_CALLBACK (on_team_changed), self);
      watch_teams (self);
      emit_changed (self);
    }
  return self;
}

void
tl_side_colors_lookup (TlSideColors *self,
                       guint8        klass,
                       TlTeamSide    side,
                       GdkRGBA      *out)
{
  g_return_if_fail (self == NULL || TL_IS_SIDE_COLORS (self));

  if (self != NULL && klass == 1 && (side == TL_TEAM_SIDE_HOME || side == TL_TEAM_SIDE_AWAY)
      && self->has_kit[side])
    *out = self->kits[side];
  else
    tl_team_color (klass, side, out);
}

void
tl_side_colors_replace (TlSideColors **slot,
                        TlSideColors  *colors,
                        GtkWidget     *widget)
{
  g_return_if_fail (slot != NULL);
  g_return_if_fail (colors == NULL || TL_IS_SIDE_COLORS (colors));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (*slot == colors)
    return;
  if (*slot != NULL)
    g_signal_handlers_disconnect_by_data (*slot, widget);
  g_set_object (slot, colors);
  if (colors != NULL)
    g_signal_connect_swapped (colors, "changed", G_CALLBACK (gtk_widget_queue_draw), widget);
  gtk_widget_queue_draw (widget);
}
