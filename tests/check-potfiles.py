#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks that every source and UI file with translatable strings is listed in po/POTFILES.in.

import re
import sys
from pathlib import Path

MARKERS = re.compile(r'\b(?:_|N_|C_|NC_|g_dngettext|g_dpgettext2|ngettext)\s*\(\s*"'
                     r'|translatable\s*=\s*"(?:yes|true|1)"')


def main(source_root: Path) -> int:
    listed = set()
    for line in (source_root / 'po' / 'POTFILES.in').read_text(encoding='utf-8').splitlines():
        line = line.strip()
        if line and not line.startswith('#'):
            listed.add(line)

    for name in sorted(listed):
        if not (source_root / name).exists():
            # Not fatal: sources may be listed before they land; xgettext reports it for real.
            print(f'note: {name} is listed in POTFILES.in but does not exist', file=sys.stderr)

    missing = []
    for folder in ('src', 'ui'):
        for path in sorted((source_root / folder).rglob('*')):
            if path.suffix not in ('.c', '.ui') or not path.is_file():
                continue
            name = path.relative_to(source_root).as_posix()
            text = path.read_text(encoding='utf-8', errors='replace')
            if name not in listed and MARKERS.search(text):
                missing.append(name)

    for name in missing:
        print(f'error: {name} has translatable strings but is not in po/POTFILES.in')
    return 1 if missing else 0


if __name__ == '__main__':
    sys.exit(main(Path(sys.argv[1])))
