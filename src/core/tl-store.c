/* SPDX-License-Identifier: GPL-3.0-or-later */
/* placeholder while being written */
#include "tl-error.h"
