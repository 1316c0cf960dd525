/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-power-monitor.c: UPower's OnBattery through a GDBusProxy, as a notifying property. */
#include "config.h"

#include "tl-power-monitor.h"

#define UPOWER_NAME      "org.freedesktop.UPower"
#define UPOWER_PATH      "/org/freedesktop/UPower"
#define UPOWER_INTERFACE "org.freedesktop.UPower"

struct _TlPowerMonitor
{
  GObject       parent_instance;

  GCancellable *cancellable;
  GDBusProxy   *proxy;
  gboolean      on_battery;
};

G_DEFINE_FINAL_TYPE (TlPowerMonitor, tl_power_monitor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ON_BATTERY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (TlPowerMonitor *self)
{
  g_autoptr(GVariant) value = NULL;
  g_autofree char *owner = NULL;
  gboolean on_battery = FALSE;

  /* No UPower running (or it went away): as if on AC power. */
  owner = g_dbus_proxy_get_name_owner (self->proxy);
  if (owner != NULL)
    value = g_dbus_proxy_get_cached_property (self->proxy, "OnBattery");
  if (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    on_battery = g_variant_get_boolean (value);

  if (self->on_battery == on_battery)
    return;
  self->on_battery = on_battery;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ON_BATTERY]);
}

static void
on_proxy_ready (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TlPowerMonitor) self = user_data;
  g_autoptr(GError) error = NULL;
  GDBusProxy *proxy = g_dbus_proxy_new_for_bus_finish (result, &error);

  if (proxy == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_info ("UPower unavailable (%s): taken as on AC power", error->message);
      return;
    }
  self->proxy = proxy;
  g_signal_connect_object (proxy, "g-properties-changed", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (proxy, "notify::g-name-owner", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  update (self);
}

static void
tl_power_monitor_dispose (GObject *object)
{
  TlPowerMonitor *self = (TlPowerMonitor *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->proxy);

  G_OBJECT_CLASS (tl_power_monitor_parent_class)->dispose (object);
}

static void
tl_power_monitor_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TlPowerMonitor *self = TL_POWER_MONITOR (object);

  switch (prop_id)
    {
    case PROP_ON_BATTERY:
      g_value_set_boolean (value, self->on_battery);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_power_monitor_class_init (TlPowerMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_power_monitor_dispose;
  object_class->get_property = tl_power_monitor_get_property;

  properties[PROP_ON_BATTERY] =
    g_param_spec_boolean ("on-battery", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_power_monitor_init (TlPowerMonitor *self)
{
  self->cancellable = g_cancellable_new ();
}

TlPowerMonitor *
tl_power_monitor_new (GBusType bus_type)
{
  TlPowerMonitor *self = g_object_new (TL_TYPE_POWER_MONITOR, NULL);

  /* Not auto-started: a UPower that is not running has nothing to say about the battery, and
   * activating it must not hold up the start of the application. */
  g_dbus_proxy_new_for_bus (bus_type, G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START, NULL, UPOWER_NAME,
                            UPOWER_PATH, UPOWER_INTERFACE, self->cancellable, on_proxy_ready,
                            g_object_ref (self));
  return self;
}

gboolean
tl_power_monitor_get_on_battery (TlPowerMonitor *self)
{
  g_return_val_if_fail (TL_IS_POWER_MONITOR (self), FALSE);
  return self->on_battery;
}
