/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-power-monitor.h: whether the computer runs on battery, from UPower over D-Bus.
 *
 * Follows UPower's OnBattery property (org.freedesktop.UPower on the system bus). Without
 * UPower (a desktop, a container, a test) the computer counts as on AC power, so a preference
 * like "analyse only on AC power" never blocks a machine that cannot tell. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TL_TYPE_POWER_MONITOR (tl_power_monitor_get_type ())
G_DECLARE_FINAL_TYPE (TlPowerMonitor, tl_power_monitor, TL, POWER_MONITOR, GObject)

/* Watches UPower on @bus_type (G_BUS_TYPE_SYSTEM; tests use a UPower of their own on the
 * session bus). The property "on-battery" is FALSE until UPower answers. */
TlPowerMonitor *tl_power_monitor_new            (GBusType        bus_type);
gboolean        tl_power_monitor_get_on_battery (TlPowerMonitor *self);

G_END_DECLS
