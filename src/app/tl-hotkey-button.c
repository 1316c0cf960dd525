/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-hotkey-button.c: a button that shows a hotkey and, when clicked, records the next key. */
#include "config.h"

#include <glib/gi18n.h>

#include "tl-hotkey-button.h"

struct _TlHotkeyButton
{
  GtkButton  parent_instance;

  char      *accelerator;
  gboolean   capturing;
};

G_DEFINE_FINAL_TYPE (TlHotkeyButton, tl_hotkey_button, GTK_TYPE_BUTTON)

enum {
  PROP_0,
  PROP_ACCELERATOR,
  N_PROPS
};

enum {
  SIGNAL_CAPTURED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
update_label (TlHotkeyButton *self)
{
  guint key = 0;
  GdkModifierType mods = 0;

  if (self->capturing)
    {
      gtk_button_set_label (GTK_BUTTON (self), _("Press a key…"));
      gtk_widget_add_css_class (GTK_WIDGET (self), "accent");
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self), "accent");
  if (self->accelerator != NULL && gtk_accelerator_parse (self->accelerator, &key, &mods))
    {
      g_autofree char *label = gtk_accelerator_get_label (key, mods);

      gtk_button_set_label (GTK_BUTTON (self), label);
    }
  else
    /* Translators: a code or label without a hotkey */
    gtk_button_set_label (GTK_BUTTON (self), _("None"));
}

static void
stop_capture (TlHotkeyButton *self)
{
  self->capturing = FALSE;
  update_label (self);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                TlHotkeyButton        *self)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));
  guint base = keyval;
  g_autofree char *accelerator = NULL;

  if (!self->capturing)
    return FALSE;

  if (keyval == GDK_KEY_Escape)
    {
      stop_capture (self);
      return TRUE;
    }
  if (keyval == GDK_KEY_BackSpace || keyval == GDK_KEY_Delete)
    {
      stop_capture (self);
      g_signal_emit (self, signals[SIGNAL_CAPTURED], 0, NULL);
      return TRUE;
    }

  /* A modifier on its own is the start of a combination, not a key. */
  if (keyval == GDK_KEY_Shift_L || keyval == GDK_KEY_Shift_R || keyval == GDK_KEY_Control_L
      || keyval == GDK_KEY_Control_R || keyval == GDK_KEY_Alt_L || keyval == GDK_KEY_Alt_R
      || keyval == GDK_KEY_Super_L || keyval == GDK_KEY_Super_R || keyval == GDK_KEY_Caps_Lock
      || keyval == GDK_KEY_ISO_Level3_Shift || keyval == GDK_KEY_Meta_L
      || keyval == GDK_KEY_Meta_R)
    return TRUE;

  gdk_display_translate_key (display, keycode, 0, 0, &base, NULL, NULL, NULL);
  accelerator = gtk_accelerator_name (gdk_keyval_to_lower (base),
                                      state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK | GDK_ALT_MASK));
  stop_capture (self);
  g_signal_emit (self, signals[SIGNAL_CAPTURED], 0, accelerator);

  return TRUE;
}

static void
tl_hotkey_button_clicked (GtkButton *button)
{
  TlHotkeyButton *self = TL_HOTKEY_BUTTON (button);

  self->capturing = !self->capturing;
  update_label (self);
  if (self->capturing)
    gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
on_focus_leave (TlHotkeyButton *self)
{
  if (self->capturing)
    stop_capture (self);
}

static void
tl_hotkey_button_finalize (GObject *object)
{
  TlHotkeyButton *self = (TlHotkeyButton *) object;

  g_free (self->accelerator);

  G_OBJECT_CLASS (tl_hotkey_button_parent_class)->finalize (object);
}

static void
tl_hotkey_button_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TlHotkeyButton *self = TL_HOTKEY_BUTTON (object);

  switch (prop_id)
    {
    case PROP_ACCELERATOR:
      g_value_set_string (value, self->accelerator);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_hotkey_button_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TlHotkeyButton *self = TL_HOTKEY_BUTTON (object);

  switch (prop_id)
    {
    case PROP_ACCELERATOR:
      tl_hotkey_button_set_accelerator (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_hotkey_button_class_init (TlHotkeyButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkButtonClass *button_class = GTK_BUTTON_CLASS (klass);

  object_class->finalize = tl_hotkey_button_finalize;
  object_class->get_property = tl_hotkey_button_get_property;
  object_class->set_property = tl_hotkey_button_set_property;
  button_class->clicked = tl_hotkey_button_clicked;

  properties[PROP_ACCELERATOR] =
    g_param_spec_string ("accelerator", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CAPTURED] =
    g_signal_new ("captured", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
tl_hotkey_button_init (TlHotkeyButton *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  /* Capture phase: while recording, no key may reach the page's shortcuts first. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_focus_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);

  gtk_widget_add_css_class (GTK_WIDGET (self), "numeric");
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  update_label (self);
}

GtkWidget *
tl_hotkey_button_new (const char *accelerator)
{
  return g_object_new (TL_TYPE_HOTKEY_BUTTON, "accelerator", accelerator, NULL);
}

const char *
tl_hotkey_button_get_accelerator (TlHotkeyButton *self)
{
  g_return_val_if_fail (TL_IS_HOTKEY_BUTTON (self), NULL);

  return self->accelerator;
}

void
tl_hotkey_button_set_accelerator (TlHotkeyButton *self,
                                  const char     *accelerator)
{
  g_return_if_fail (TL_IS_HOTKEY_BUTTON (self));

  if (g_strcmp0 (self->accelerator, accelerator) != 0)
    {
      g_free (self->accelerator);
      self->accelerator = g_strdup (accelerator);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCELERATOR]);
    }
  update_label (self);
}
