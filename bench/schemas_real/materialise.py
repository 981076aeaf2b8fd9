"""Rebuild the real schema development set (issue 18) from local git mirrors; no network.

Run: python bench/schemas_real/materialise.py [DIR] [--mirrors /work/.mirror]   (--repos lists what to fetch)
DIR defaults to /work/devsets/schemas_real. Each file of manifest.yaml is read with `git show COMMIT:PATH` from
<mirrors>/<owner>+<name>/repo and written as <id>.<ext>. A repository whose mirror is absent is reported (bring it
with the tool library's `fetch github:<owner>/<name>`) and the other files are still written. Only the
manifest, the labels and the scripts are in the repository: the files are others' work under their own licences.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))
from mirrors import main

if __name__ == "__main__":
    sys.exit(main(Path(__file__).parent, Path("/work/devsets/schemas_real"), __doc__.splitlines()[0]))
