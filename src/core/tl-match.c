/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-match.c: one match of the library as a GObject with notifying properties. */
#include "config.h"

#include <math.h>

#include <json-glib/json-glib.h>

#include "tl-enums.h"
#include "tl-match.h"

struct _TlMatch
{
  GObject      parent_instance;

  TlMatchInfo *info;
  gboolean     file_missing;
  /* The analysis as it goes: not stored facts of the match, but what the job reports. */
  double       analysis_progress;
  gint64       analysis_eta;
  char        *analysis_device;
  char        *analysis_decoder;
  char        *analysis_error;
};

G_DEFINE_FINAL_TYPE (TlMatch, tl_match, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_FILE_PATH,
  PROP_DURATION,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_FPS,
  PROP_PROJECTION,
  PROP_HFOV,
  PROP_RECORDED_AT,
  PROP_IMPORTED_AT,
  PROP_POSTER_PATH,
  PROP_ANALYSIS_STATE,
  PROP_FILE_MISSING,
  PROP_CALIBRATED,
  PROP_ANALYSIS_PROGRESS,
  PROP_ANALYSIS_ETA,
  PROP_ANALYSIS_DEVICE,
  PROP_ANALYSIS_DECODER,
  PROP_ANALYSIS_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const projection_names[] = { "flat", "cylindrical" };
static const char * const analysis_state_names[] = {
  "none", "queued", "running", "paused", "done", "failed",
};

const char *
tl_projection_to_string (TlProjection projection)
{
  g_return_val_if_fail ((guint) projection < G_N_ELEMENTS (projection_names), "flat");

  return projection_names[projection];
}

gboolean
tl_projection_from_string (const char   *str,
                           TlProjection *out_projection)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (projection_names); i++)
    if (g_str_equal (str, projection_names[i]))
      {
        *out_projection = (TlProjection) i;
        return TRUE;
      }

  return FALSE;
}

void
tl_projection_guess (int           width,
                     int           height,
                     TlProjection *out_projection,
                     double       *out_hfov_deg)
{
  gboolean panorama = height > 0 && (double) width / height >= TL_PANORAMA_MIN_ASPECT;

  *out_projection = panorama ? TL_PROJECTION_CYLINDRICAL : TL_PROJECTION_FLAT;
  *out_hfov_deg = panorama ? TL_PANORAMA_DEFAULT_HFOV : TL_FLAT_DEFAULT_HFOV;
}

const char *
tl_analysis_state_to_string (TlAnalysisState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (analysis_state_names), "none");

  return analysis_state_names[state];
}

gboolean
tl_analysis_state_from_string (const char      *str,
                               TlAnalysisState *out_state)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (analysis_state_names); i++)
    if (g_str_equal (str, analysis_state_names[i]))
      {
        *out_state = (TlAnalysisState) i;
        return TRUE;
      }

  return FALSE;
}

TlMatchInfo *
tl_match_info_new (void)
{
  TlMatchInfo *info = g_new0 (TlMatchInfo, 1);

  info->fps_den = 1;
  info->hfov_deg = TL_FLAT_DEFAULT_HFOV;

  return info;
}

TlMatchInfo *
tl_match_info_copy (const TlMatchInfo *info)
{
  TlMatchInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_memdup2 (info, sizeof *info);
  copy->title = g_strdup (info->title);
  copy->file_path = g_strdup (info->file_path);
  copy->content_hash = g_strdup (info->content_hash);
  copy->container = g_strdup (info->container);
  copy->video_codec = g_strdup (info->video_codec);
  copy->audio_codec = g_strdup (info->audio_codec);
  copy->poster_path = g_strdup (info->poster_path);
  copy->calibration = g_strdup (info->calibration);
  copy->recorded_at = info->recorded_at ? g_date_time_ref (info->recorded_at) : NULL;
  copy->imported_at = info->imported_at ? g_date_time_ref (info->imported_at) : NULL;

  return copy;
}

void
tl_match_info_free (TlMatchInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->title);
  g_free (info->file_path);
  g_free (info->content_hash);
  g_free (info->container);
  g_free (info->video_codec);
  g_free (info->audio_codec);
  g_free (info->poster_path);
  g_free (info->calibration);
  g_clear_pointer (&info->recorded_at, g_date_time_unref);
  g_clear_pointer (&info->imported_at, g_date_time_unref);
  g_free (info);
}

static void
tl_match_finalize (GObject *object)
{
  TlMatch *self = (TlMatch *) object;

  g_clear_pointer (&self->info, tl_match_info_free);
  g_clear_pointer (&self->analysis_device, g_free);
  g_clear_pointer (&self->analysis_decoder, g_free);
  g_clear_pointer (&self->analysis_error, g_free);

  G_OBJECT_CLASS (tl_match_parent_class)->finalize (object);
}

static void
tl_match_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  TlMatch *self = TL_MATCH (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->info->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->info->title);
      break;
    case PROP_FILE_PATH:
      g_value_set_string (value, self->info->file_path);
      break;
    case PROP_DURATION:
      g_value_set_int64 (value, self->info->duration_ns);
      break;
    case PROP_WIDTH:
      g_value_set_int (value, self->info->width);
      break;
    case PROP_HEIGHT:
      g_value_set_int (value, self->info->height);
      break;
    case PROP_FPS:
      g_value_set_double (value, tl_match_get_fps (self));
      break;
    case PROP_PROJECTION:
      g_value_set_enum (value, self->info->projection);
      break;
    case PROP_HFOV:
      g_value_set_double (value, self->info->hfov_deg);
      break;
    case PROP_RECORDED_AT:
      g_value_set_boxed (value, self->info->recorded_at);
      break;
    case PROP_IMPORTED_AT:
      g_value_set_boxed (value, self->info->imported_at);
      break;
    case PROP_POSTER_PATH:
      g_value_set_string (value, self->info->poster_path);
      break;
    case PROP_ANALYSIS_STATE:
      g_value_set_enum (value, self->info->analysis_state);
      break;
    case PROP_FILE_MISSING:
      g_value_set_boolean (value, self->file_missing);
      break;
    case PROP_CALIBRATED:
      g_value_set_boolean (value, self->info->calibration != NULL);
      break;
    case PROP_ANALYSIS_PROGRESS:
      g_value_set_double (value, self->analysis_progress);
      break;
    case PROP_ANALYSIS_ETA:
      g_value_set_int64 (value, self->analysis_eta);
      break;
    case PROP_ANALYSIS_DEVICE:
      g_value_set_string (value, self->analysis_device);
      break;
    case PROP_ANALYSIS_DECODER:
      g_value_set_string (value, self->analysis_decoder);
      break;
    case PROP_ANALYSIS_ERROR:
      g_value_set_string (value, self->analysis_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_match_class_init (TlMatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tl_match_finalize;
  object_class->get_property = tl_match_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_FILE_PATH] =
    g_param_spec_string ("file-path", NULL, NULL, NULL, flags);
  properties[PROP_DURATION] =
    g_param_spec_int64 ("duration", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_WIDTH] =
    g_param_spec_int ("width", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_HEIGHT] =
    g_param_spec_int ("height", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_FPS] =
    g_param_spec_double ("fps", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_PROJECTION] =
    g_param_spec_enum ("projection", NULL, NULL, TL_TYPE_PROJECTION, TL_PROJECTION_FLAT, flags);
  properties[PROP_HFOV] =
    g_param_spec_double ("hfov", NULL, NULL, 0, 360, TL_FLAT_DEFAULT_HFOV, flags);
  properties[PROP_RECORDED_AT] =
    g_param_spec_boxed ("recorded-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_IMPORTED_AT] =
    g_param_spec_boxed ("imported-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_POSTER_PATH] =
    g_param_spec_string ("poster-path", NULL, NULL, NULL, flags);
  properties[PROP_ANALYSIS_STATE] =
    g_param_spec_enum ("analysis-state", NULL, NULL, TL_TYPE_ANALYSIS_STATE,
                       TL_ANALYSIS_STATE_NONE, flags);
  properties[PROP_FILE_MISSING] =
    g_param_spec_boolean ("file-missing", NULL, NULL, FALSE, flags);
  properties[PROP_CALIBRATED] =
    g_param_spec_boolean ("calibrated", NULL, NULL, FALSE, flags);
  properties[PROP_ANALYSIS_PROGRESS] =
    g_param_spec_double ("analysis-progress", NULL, NULL, 0, 1, 0, flags);
  properties[PROP_ANALYSIS_ETA] =
    g_param_spec_int64 ("analysis-eta", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_ANALYSIS_DEVICE] =
    g_param_spec_string ("analysis-device", NULL, NULL, NULL, flags);
  properties[PROP_ANALYSIS_DECODER] =
    g_param_spec_string ("analysis-decoder", NULL, NULL, NULL, flags);
  properties[PROP_ANALYSIS_ERROR] =
    g_param_spec_string ("analysis-error", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_match_init (TlMatch *self)
{
  self->analysis_eta = -1;
}

TlMatch *
tl_match_new (const TlMatchInfo *info)
{
  TlMatch *self;

  g_return_val_if_fail (info != NULL, NULL);

  self = g_object_new (TL_TYPE_MATCH, NULL);
  self->info = tl_match_info_copy (info);
  self->file_missing = info->file_path == NULL
                       || !g_file_test (info->file_path, G_FILE_TEST_IS_REGULAR);

  return self;
}

static gboolean
str_changed (const char *a,
             const char *b)
{
  return g_strcmp0 (a, b) != 0;
}

static gboolean
date_changed (GDateTime *a,
              GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a != b;

  return !g_date_time_equal (a, b);
}

void
tl_match_update (TlMatch           *self,
                 const TlMatchInfo *info)
{
  TlMatchInfo *old;
  gboolean changed[N_PROPS] = { FALSE, };

  g_return_if_fail (TL_IS_MATCH (self));
  g_return_if_fail (info != NULL);

  old = self->info;
  changed[PROP_ID] = old->id != info->id;
  changed[PROP_TITLE] = str_changed (old->title, info->title);
  changed[PROP_FILE_PATH] = str_changed (old->file_path, info->file_path);
  changed[PROP_DURATION] = old->duration_ns != info->duration_ns;
  changed[PROP_WIDTH] = old->width != info->width;
  changed[PROP_HEIGHT] = old->height != info->height;
  changed[PROP_FPS] = old->fps_num != info->fps_num || old->fps_den != info->fps_den;
  changed[PROP_PROJECTION] = old->projection != info->projection;
  changed[PROP_HFOV] = old->hfov_deg != info->hfov_deg;
  changed[PROP_RECORDED_AT] = date_changed (old->recorded_at, info->recorded_at);
  changed[PROP_IMPORTED_AT] = date_changed (old->imported_at, info->imported_at);
  changed[PROP_POSTER_PATH] = str_changed (old->poster_path, info->poster_path);
  changed[PROP_ANALYSIS_STATE] = old->analysis_state != info->analysis_state;
  /* Any new calibration is news to what draws with it, not only calibrated or not. */
  changed[PROP_CALIBRATED] = g_strcmp0 (old->calibration, info->calibration) != 0;

  self->info = tl_match_info_copy (info);
  tl_match_info_free (old);

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 1; i < N_PROPS; i++)
    if (changed[i])
      g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
  if (changed[PROP_FILE_PATH])
    tl_match_refresh_file_missing (self);
  g_object_thaw_notify (G_OBJECT (self));
}

const TlMatchInfo *
tl_match_get_info (TlMatch *self)
{
  g_return_val_if_fail (TL_IS_MATCH (self), NULL);

  return self->info;
}

gint64
tl_match_get_id (TlMatch *self)
{
  g_return_val_if_fail (TL_IS_MATCH (self), 0);

  return self->info->id;
}

const char *
tl_match_get_title (TlMatch *self)
{
  g_return_val_if_fail (TL_IS_MATCH (self), NULL);

  return self->info->title;
}

const char *
tl_match_get_file_path (TlMatch *self)
{
  g_return_val_if_fail (TL_IS_MATCH (self), NULL);

  return self->info->file_path;
}

const char *
tl_match_get_content_hash (TlMatch *self)
{
  g_return_val_if_fail (TL_IS_MATCH (self), NULL);

  return self->info->content_hash;
}

gint64
tl_match_get_duration (TlMatch *self)
{
  g_return_val_if_fail (TL_IS_MATCH (self), 0);

  return self->info->duration_ns;
}

int
tl_match_get_width (TlMatch *self)
{
  g_return_val_if_fail (TL_IS_MATCH (self), 0);

  return self->info->width;
}

int
tl_match_get_height (TlMatch *self)
{
  g_return_val_if_fail (TL_IS_MATCH (self), 0);

  return self->info->height;
}

double
tl_match_get_fps (TlMatch *self)
{
  g_return_val_if_fail (TL_IS_MATCH (self), 0);

  if (self->info->fps_den <= 0)
    return 0;

  return (double) self->info->fps_num / self->info->fps_den;
}

TlProjection
tl_match_get_projection (TlMatch *self)
{
  g_return_val_if_fail (TL_IS_MATCH (self), TL_PROJECTION_FLAT);

  return self->info->projection;
}

double
tl_match_get_hfov (TlMatch *self)
{
  g_return_val_if_fail (TL_IS_MATCH (self), 0);

  return self->info->hfov_deg;
}

GDateTime *
tl_match_get_recorded_at (TlMatch *self)
{
  g_return_val_if_fail (TL_IS_MATCH (self), NULL);

  return self->info->recorded_at;
}

GDateTime *
tl_match_get_imported_at (TlMatch *self)
{
  g_return_val_if_fail (TL_IS_MATCH (self), NULL);

  return self->info->imported_at;
}

const char *
tl_match_get_poster_path (TlMatch *self)
{
  g_return_val_if_fail (TL_IS_MATCH (self), NULL);

  return self->info->poster_path;
}

TlAnalysisState
tl_match_get_analysis_state (TlMatch *self)
{
  g_return_val_if_fail (TL_IS_MATCH (self), TL_ANALYSIS_STATE_NONE);

  return self->info->analysis_state;
}

const char *
tl_match_get_calibration (TlMatch *self)
{
  g_return_val_if_fail (TL_IS_MATCH (self), NULL);

  return self->info->calibration;
}

gboolean
tl_match_get_calibrated (TlMatch *self)
{
  g_return_val_if_fail (TL_IS_MATCH (self), FALSE);

  return self->info->calibration != NULL;
}

void
tl_match_set_analysis_state (TlMatch         *self,
                             TlAnalysisState  state)
{
  g_return_if_fail (TL_IS_MATCH (self));

  if (self->info->analysis_state == state)
    return;
  self->info->analysis_state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANALYSIS_STATE]);
}

gboolean
tl_match_get_file_missing (TlMatch *self)
{
  g_return_val_if_fail (TL_IS_MATCH (self), TRUE);

  return self->file_missing;
}

void
tl_match_refresh_file_missing (TlMatch *self)
{
  gboolean missing;

  g_return_if_fail (TL_IS_MATCH (self));

  missing = self->info->file_path == NULL
            || !g_file_test (self->info->file_path, G_FILE_TEST_IS_REGULAR);
  if (missing != self->file_missing)
    {
      self->file_missing = missing;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE_MISSING]);
    }
}

static gboolean
get_number (JsonObject  *object,
            const char  *name,
            double      *out_value,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  GType type = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node)
                                                             : G_TYPE_INVALID;

  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "“%s” is missing or not a number",
                   name);
      return FALSE;
    }

  *out_value = json_node_get_double (node);
  if (!isfinite (*out_value))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "“%s” is not finite", name);
      return FALSE;
    }

  return TRUE;
}

static gboolean
get_object (JsonObject  *object,
            const char  *name,
            JsonObject **out_object,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "“%s” is missing or not an object",
                   name);
      return FALSE;
    }

  *out_object = json_node_get_object (node);
  return TRUE;
}

/* Whether the camera puts every landmark where the file says it appears. */
static gboolean
check_landmarks (JsonObject      *root,
                 const TlCamera  *camera,
                 GError         **error)
{
  JsonNode *node = json_object_get_member (root, "correspondences");
  JsonArray *landmarks;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "“correspondences” is missing or not an array");
      return FALSE;
    }

  landmarks = json_node_get_array (node);
  n = json_array_get_length (landmarks);
  if (n < TL_CALIBRATION_MIN_LANDMARKS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%u landmarks are too few to check the camera against", n);
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (landmarks, i);
      JsonObject *landmark;
      double x, y, u, v, pu, pv;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "landmark %u is not an object", i + 1);
          return FALSE;
        }

      landmark = json_node_get_object (item);
      if (!get_number (landmark, "x", &x, error) || !get_number (landmark, "y", &y, error)
          || !get_number (landmark, "u", &u, error) || !get_number (landmark, "v", &v, error))
        return FALSE;

      if (tl_camera_project (camera, x, y, 0.0, &pu, &pv) == TL_CAMERA_BEHIND
          || hypot (pu - u, pv - v) > TL_CALIBRATION_MAX_ERROR_PX)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "the camera does not put landmark %u (%.1f, %.1f m) at its pixel "
                       "(%.1f, %.1f)", i + 1, x, y, u, v);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
tl_calibration_parse (const char      *json,
                      TlCameraParams  *out_params,
                      GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const double rad = G_PI / 180.0;
  JsonObject *root;
  JsonObject *camera_object;
  TlCameraParams params = { 0, };
  TlCamera camera;
  const char *projection;
  double width, height, hfov_deg, yaw_deg, tilt_deg, roll_deg;

  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!json_parser_load_from_data (parser, json, -1, error))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not a JSON object");
      return FALSE;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  projection = json_object_get_string_member_with_default (root, "projection", NULL);
  if (tl_camera_projection_from_string (projection, &params.projection) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "“projection” is neither “cylindrical” nor “flat”");
      return FALSE;
    }

  if (!get_number (root, "width", &width, error)
      || !get_number (root, "height", &height, error)
      || !get_number (root, "hfov_deg", &hfov_deg, error)
      || !get_object (root, "camera", &camera_object, error)
      || !get_number (camera_object, "x", &params.x, error)
      || !get_number (camera_object, "y", &params.y, error)
      || !get_number (camera_object, "z", &params.z, error)
      || !get_number (camera_object, "yaw_deg", &yaw_deg, error)
      || !get_number (camera_object, "tilt_deg", &tilt_deg, error)
      || !get_number (camera_object, "roll_deg", &roll_deg, error))
    return FALSE;

  /* tl_camera_init checks the ranges, but an int cast of a huge double is undefined. */
  if (width < 1 || width > 65536 || height < 1 || height > 65536
      || width != floor (width) || height != floor (height))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "the image size is not a plausible number of pixels");
      return FALSE;
    }

  params.width = (int) width;
  params.height = (int) height;
  params.hfov = hfov_deg * rad;
  params.yaw = yaw_deg * rad;
  params.tilt = tilt_deg * rad;
  params.roll = roll_deg * rad;
  if (tl_camera_init (&camera, &params) != TL_CAMERA_OK)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "the camera parameters are out of range");
      return FALSE;
    }

  if (!check_landmarks (root, &camera, error))
    return FALSE;

  if (out_params != NULL)
    *out_params = params;
  return TRUE;
}

char *
tl_format_duration (gint64 duration_ns)
{
  gint64 total = duration_ns > 0 ? (duration_ns + G_GINT64_CONSTANT (500000000)) / 1000000000 : 0;
  gint64 hours = total / 3600;
  gint64 minutes = (total / 60) % 60;
  gint64 seconds = total % 60;

  if (hours > 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT,
                            hours, minutes, seconds);

  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT, minutes, seconds);
}

double
tl_match_get_analysis_progress (TlMatch *self)
{
  g_return_val_if_fail (TL_IS_MATCH (self), 0);
  return self->analysis_progress;
}

gint64
tl_match_get_analysis_eta (TlMatch *self)
{
  g_return_val_if_fail (TL_IS_MATCH (self), -1);
  return self->analysis_eta;
}

const char *
tl_match_get_analysis_device (TlMatch *self)
{
  g_return_val_if_fail (TL_IS_MATCH (self), NULL);
  return self->analysis_device;
}

const char *
tl_match_get_analysis_decoder (TlMatch *self)
{
  g_return_val_if_fail (TL_IS_MATCH (self), NULL);
  return self->analysis_decoder;
}

const char *
tl_match_get_analysis_error (TlMatch *self)
{
  g_return_val_if_fail (TL_IS_MATCH (self), NULL);
  return self->analysis_error;
}

void
tl_match_set_analysis_progress (TlMatch *self,
                                double   fraction,
                                gint64   eta_s)
{
  g_return_if_fail (TL_IS_MATCH (self));

  fraction = CLAMP (fraction, 0, 1);
  eta_s = MAX (eta_s, -1);
  if (self->analysis_progress != fraction)
    {
      self->analysis_progress = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANALYSIS_PROGRESS]);
    }
  if (self->analysis_eta != eta_s)
    {
      self->analysis_eta = eta_s;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANALYSIS_ETA]);
    }
}

static void
set_string (TlMatch     *self,
            char       **field,
            const char  *value,
            guint        prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

void
tl_match_set_analysis_device (TlMatch    *self,
                              const char *device,
                              const char *decoder)
{
  g_return_if_fail (TL_IS_MATCH (self));

  set_string (self, &self->analysis_device, device, PROP_ANALYSIS_DEVICE);
  set_string (self, &self->analysis_decoder, decoder, PROP_ANALYSIS_DECODER);
}

void
tl_match_set_analysis_error (TlMatch    *self,
                             const char *message)
{
  g_return_if_fail (TL_IS_MATCH (self));

  set_string (self, &self->analysis_error, message, PROP_ANALYSIS_ERROR);
}
