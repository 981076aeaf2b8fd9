"""Rebuild the real-register development set from local git mirrors; no network.

Run: python bench/registers/materialise.py [DIR] [--mirrors /work/.mirror]   (--repos lists what to fetch)
DIR defaults to /work/devsets/registers. Each file of manifest.yaml is read with `git show COMMIT:PATH` from
<mirrors>/<owner>+<name>/repo and written as <id>.<ext>. A repository whose mirror is absent is reported (bring it
with the tool library's `fetch github:<owner>/<name>`) and the other files are still written. The data stays
outside the repository: it holds real people's data.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))
from mirrors import main

if __name__ == "__main__":
    sys.exit(main(Path(__file__).parent, Path("/work/devsets/registers"), __doc__.splitlines()[0]))
